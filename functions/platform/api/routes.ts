import { defineRoute } from '../../../shared/http/contract.js';
import * as z from '../../../shared/zod.js';

/** The platform's own operations. */
export const platformRoutes = {
  health: defineRoute({
    method: 'GET',
    path: '/v1/health',
    summary: 'Liveness check',
    description: 'For load balancers and uptime checks: no token, no data, no dependency.',
    action: null,
    responses: {
      200: {
        description: 'The API answers',
        schema: z.strictObject({ status: z.literal('ok') }),
        example: { status: 'ok' },
      },
    },
  }),
};
