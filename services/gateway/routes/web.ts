/**
 * What the web application needs beyond the other routes: a resident's status look-up by number and
 * phone without signing in, and where staff find a request's workflow in the Temporal UI.
 */
import { z } from 'zod';
import { requestNumberSchema } from '../../../domain/numbering.ts';
import { phoneSchema } from '../../../domain/phone.ts';
import { requestCardSchema } from '../../../contracts/request.ts';
import { HttpError } from '../http-errors.ts';
import { clientIp } from '../rate-limits.ts';
import { publicRoute, route, type AnyRoute } from './define.ts';

const publicStatus = requestCardSchema
  .pick({ number: true, status: true, categoryCode: true, categoryName: true, district: true, registeredAt: true, deadlineAt: true, overdue: true, closedAt: true })
  .extend({ executorName: z.string() })
  .meta({ id: 'PublicRequestStatus', description: 'What anyone who knows the number and the phone it was filed under may see: no names, no address, no comments.' });

export const webRoutes: AnyRoute[] = [
  publicRoute({
    id: 'public.requestStatus',
    method: 'get',
    path: '/public/requests/{number}',
    tag: 'public',
    summary: 'Look up a request status by its number and phone',
    description: 'The status and term of a request, for whoever gives its number and the phone it was filed under. A wrong phone answers as an unknown number (404), so the look-up tells nothing about other people’s requests.',
    params: z.object({ number: requestNumberSchema }),
    query: z.object({ phone: phoneSchema }),
    responses: {
      200: { description: 'The request’s status', schema: publicStatus },
      404: { description: 'No request with this number and phone' },
      429: {
        description:
          'rate_limited: too many look-ups from this address (RATE_LIMIT_AUTH_PER_IP), too many wrong phones for this number from this address (RATE_LIMIT_AUTH_PER_ACCOUNT) or from all addresses together (RATE_LIMIT_LOOKUP_PER_NUMBER), within RATE_LIMIT_WINDOW_SECONDS; the right phone counts against neither of the last two. See Retry-After',
      },
    },
    handler: async ({ params, query, deps, req }) => {
      const limits = deps.rateLimits;
      const ip = clientIp(req);
      // Every look-up from one address counts (one address cannot sweep numbers). Wrong phones alone
      // count per number: per number and address, so an attacker elsewhere cannot lock the resident
      // out, and per number from everywhere together (a higher ceiling), so guessing spread over many
      // addresses stays bounded. A hit is counted before the answer is known, so concurrent guesses
      // cannot all pass, and given back when the phone was right.
      await limits.consume('lookup.ip', ip);
      const pair = `${params.number}|${ip}`;
      await limits.consume('lookup.client', pair);
      const giveBack = async (): Promise<void> => {
        await limits.refund('lookup.client', pair);
        await limits.refund('lookup.request', params.number);
      };
      try {
        await limits.consume('lookup.request', params.number);
      } catch (err) {
        await limits.refund('lookup.client', pair);
        throw err;
      }
      let card;
      try {
        card = await deps.requests.get(params.number);
      } catch (err) {
        await giveBack();
        throw err;
      }
      if (!card || card.applicant.phone !== query.phone) throw new HttpError(404, 'not_found', `no request ${params.number} filed under this phone`);
      await giveBack();
      return {
        body: {
          number: card.number,
          status: card.status,
          categoryCode: card.categoryCode,
          categoryName: card.categoryName,
          district: card.district,
          registeredAt: card.registeredAt,
          deadlineAt: card.deadlineAt,
          overdue: card.overdue,
          closedAt: card.closedAt,
          executorName: card.executor.name,
        },
      };
    },
  }),
  route({
    id: 'ui.config',
    method: 'get',
    path: '/ui-config',
    tag: 'web',
    summary: 'Show where staff find workflows',
    description: 'The Temporal UI address and namespace, for the link from a request page to its workflow (TEMPORAL_UI_URL; absent when not configured).',
    responses: { 200: { description: 'The links', schema: z.object({ temporalUiUrl: z.string().optional(), temporalNamespace: z.string() }).meta({ id: 'UiConfig' }) } },
    handler: async ({ deps }) => ({ body: { temporalUiUrl: deps.temporalUi?.url, temporalNamespace: deps.temporalUi?.namespace ?? 'default' } }),
  }),
];
