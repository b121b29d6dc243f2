import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Env } from '../runtime/runtime.js';

/** Sockets per client when the environment does not say (the SDK's own default). */
const DEFAULT_MAX_SOCKETS = 50;

function maxSockets(env: Env): number {
  const raw = env.DYNAMODB_MAX_SOCKETS?.trim();
  if (raw === undefined || raw === '') return DEFAULT_MAX_SOCKETS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error('DYNAMODB_MAX_SOCKETS must be a positive integer');
  return value;
}

/**
 * The document client every store uses: created once per function (at cold start), undefined
 * attributes dropped rather than refused. A Lambda handles one request at a time, so the SDK's
 * 50 sockets are plenty there; the local cloud runs every function in one process under the
 * demo's bursts and raises the limit with `DYNAMODB_MAX_SOCKETS`.
 * @example const db = documentClient(runtime.env);
 */
export function documentClient(env: Env): DynamoDBDocumentClient {
  const sockets = maxSockets(env);
  const client = new DynamoDBClient({
    requestHandler: { httpAgent: { maxSockets: sockets }, httpsAgent: { maxSockets: sockets } },
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
