import { NumberValueImpl as NumberValue, type unmarshallOptions } from '@aws-sdk/util-dynamodb';

/**
 * Reads a stored DynamoDB number without loss. DynamoDB keeps 38 significant digits; a
 * JavaScript number holds integers exactly only up to 2^53 − 1, and the SDK's default turns a
 * larger one into a BigInt (or fails on a large decimal). So a number is handed over as a
 * JavaScript number only when that number is exactly the stored value: a safe integer, or a
 * decimal whose shortest form is the stored text. Anything else stays a `NumberValue` (the
 * stored text), which no store's item schema accepts as a number: the read fails with a
 * `CorruptItemError` naming the attribute, never with a rounded total
 * (docs/domain-rules.md §13.6).
 * @example losslessNumber('42') // 42; losslessNumber('18014398509481982') // NumberValue
 */
export function losslessNumber(stored: string): number | NumberValue {
  const value = Number(stored);
  if (Number.isSafeInteger(value) && /^-?\d+$/.test(stored)) return value;
  if (Number.isFinite(value) && !Number.isInteger(value) && String(value) === stored) return value;
  return NumberValue.from(stored);
}

/**
 * How every item is unmarshalled, by the document client (client.ts) and by whatever reads a
 * stream image itself (the outbox relay): numbers through {@link losslessNumber}. Here rather
 * than in client.ts so that a reader of stream images does not bundle the DynamoDB client.
 * Frozen: the document client writes its defaults into the options it is given, so it gets a
 * copy (client.ts), and one client's defaults never reach another reader.
 */
export const LOSSLESS_UNMARSHALL: Readonly<unmarshallOptions> = Object.freeze({
  wrapNumbers: losslessNumber,
});
