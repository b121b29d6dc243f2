import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The document client every store uses: created once per function (at cold start), undefined
 * attributes dropped rather than refused. (The local cloud keeps each function's concurrency
 * low enough for the SDK's default socket pool: infra/local/lambda-runtime.ts.)
 * @example const db = documentClient();
 */
export function documentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
}
