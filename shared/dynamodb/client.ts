import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, type TranslateConfig } from '@aws-sdk/lib-dynamodb';
import { LOSSLESS_UNMARSHALL } from './numbers.js';

/**
 * How every document client of the product translates items: undefined attributes dropped
 * rather than refused, and every number read through `losslessNumber` (numbers.ts), so a value
 * that JavaScript cannot hold exactly reaches no store as a rounded number or a BigInt. A new
 * object each time: the document client writes its own defaults into the options it is given.
 */
export function documentTranslation(): TranslateConfig {
  return {
    marshallOptions: { removeUndefinedValues: true },
    unmarshallOptions: { ...LOSSLESS_UNMARSHALL },
  };
}

/**
 * The document client every store uses: created once per function (at cold start), with
 * {@link documentTranslation}. (The local cloud keeps each function's concurrency low enough
 * for the SDK's default socket pool: infra/local/lambda-runtime.ts.) Tests wrap their own
 * low-level client with `documentClientOf`, so they read numbers exactly as the product does.
 * @example const db = documentClient();
 */
export function documentClient(): DynamoDBDocumentClient {
  return documentClientOf(new DynamoDBClient({}));
}

/** A document client over `client` with the product's translation. */
export function documentClientOf(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, documentTranslation());
}
