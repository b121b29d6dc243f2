/**
 * A second floor for the init figures of `npm run bench` (bench/bundles.ts): what every
 * function starts with before any capability code — the Powertools handler wrapper (logger,
 * metrics, middy), zod with one schema, and the DynamoDB document client. Its ratio to the
 * bare client's floor is how much of a function's cold start the platform takes by itself.
 */
import { documentClient } from '../shared/dynamodb/client.js';
import { withPowertools } from '../shared/lambda/middleware.js';
import * as z from '../shared/zod.js';

const request = z.strictObject({ id: z.string() });

export const db = documentClient();
export const handler = withPowertools(
  async (event: unknown) => request.parse(event),
  () => undefined,
);
