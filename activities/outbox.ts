/**
 * The outbox relay lives in platform/outbox-relay.ts (intake relays a registration's event too); the
 * worker's side of it is here: asking a request's workflow to relay its own events.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { RELAY_OUTBOX_SIGNAL } from '../contracts/request.ts';
import { requestWorkflowId } from '../contracts/wire.ts';

export { createOutboxRelay, startOutboxSweeper, SWEEP_MIN_AGE_MS, type OutboxRelay } from '../platform/outbox-relay.ts';

/**
 * Asks a request's running workflow to relay its pending events itself (the `relayOutbox` signal,
 * which requests started before the outbox had its own collection were sent by the sweeper, and
 * which ops staff may still send); false when no workflow runs for the request.
 */
export async function askWorkflowToRelay(client: Client, number: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(requestWorkflowId(number)).signal(RELAY_OUTBOX_SIGNAL);
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

