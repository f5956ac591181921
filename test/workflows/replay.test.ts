/**
 * Replays the recorded lifecycles in histories/ (see record-histories.ts) against the current
 * workflow code: a change that would make running requests nondeterministic fails here first.
 */
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { workflowsPath } from '../../services/worker/worker.ts';
import { testDataConverter } from '../support/stack.ts';

const historiesDir = fileURLToPath(new URL('./histories/', import.meta.url));

describe('replaying recorded request histories', function () {
  this.timeout(60_000);

  it('replays every recorded lifecycle, recorded in plaintext before the payload codec, through the codec without a nondeterminism error', async () => {
    const files = fs.readdirSync(historiesDir).filter((f) => f.endsWith('.json')).sort();
    expect(files, 'recorded histories').to.have.length.at.least(3);
    const histories = files.map((f) => ({
      workflowId: path.basename(f, '.json'),
      history: proto.temporal.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(path.join(historiesDir, f), 'utf8')) as Record<string, unknown>),
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowsPath, dataConverter: testDataConverter() }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).to.deep.equal([]);
  });

  it('5.7 replays a memo approved before the clock on ICT (no patch marker) and one approved under it (memo-ict-clock-1)', () => {
    const patchesOf = (file: string): string[] => {
      const h = JSON.parse(fs.readFileSync(path.join(historiesDir, file), 'utf8')) as { events: Array<{ markerRecordedEventAttributes?: { markerName?: string; details?: Record<string, { payloads?: Array<{ data?: string }> }> } }> };
      return h.events
        .map((e) => e.markerRecordedEventAttributes)
        .filter((m) => m?.markerName === 'core_patch')
        .map((m) => (JSON.parse(Buffer.from(m!.details?.['patch-data']?.payloads?.[0]?.data ?? '', 'base64').toString('utf8')) as { id: string }).id);
    };
    // Both are replayed by the test above; here: they are the two sides of the patch.
    expect(patchesOf('memo-lifecycle.json'), 'recorded before the clock on ICT').to.deep.equal([]);
    expect(patchesOf('memo-ict-clock.json'), 'recorded with the reminder to ICT and the escalation').to.deep.equal(['memo-ict-clock-1']);
  });

  it('keeps an ordinary lifecycle well under 200 history events (register, accept, comment, propose, review, rate, complete)', () => {
    const plain = JSON.parse(fs.readFileSync(path.join(historiesDir, 'plain-lifecycle.json'), 'utf8')) as { events: unknown[] };
    expect(plain.events.length).to.be.below(200);
  });
});
