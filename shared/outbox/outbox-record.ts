/**
 * The stored shape of an outbox item, and a reader for it. Kept free of zod and of the event
 * catalogue so the relay Lambda, which only forwards items, stays a small bundle.
 */

/** Outbox items only need to live until the relay has published them; TTL removes them. */
export const OUTBOX_RETENTION_DAYS = 7;
export const OUTBOX_ENTITY_TYPE = 'OUTBOX';

/** The outbox item as stored in a capability's table (and seen in its stream). */
export interface OutboxItem {
  readonly pk: `OUTBOX#${string}`;
  readonly sk: 'EVENT';
  readonly entityType: typeof OUTBOX_ENTITY_TYPE;
  readonly eventId: string;
  readonly source: string;
  readonly detailType: string;
  /** The event detail as JSON, published byte for byte as stored. */
  readonly detail: string;
  /** ISO 8601 UTC; becomes the event's `time` on the bus. */
  readonly createdAt: string;
  /** Epoch seconds; the table's TTL attribute. */
  readonly expiresAt: number;
}

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/**
 * Reads an outbox item from an unmarshalled image or query result; `undefined` if the
 * value is not a complete outbox item.
 */
export function readOutboxItem(value: Readonly<Record<string, unknown>>): OutboxItem | undefined {
  const { pk, sk, entityType, eventId, source, detailType, detail, createdAt, expiresAt } = value;
  if (
    !nonEmpty(pk) ||
    !pk.startsWith('OUTBOX#') ||
    sk !== 'EVENT' ||
    entityType !== OUTBOX_ENTITY_TYPE ||
    !nonEmpty(eventId) ||
    !nonEmpty(source) ||
    !nonEmpty(detailType) ||
    !nonEmpty(detail) ||
    !nonEmpty(createdAt) ||
    Number.isNaN(Date.parse(createdAt)) ||
    typeof expiresAt !== 'number'
  ) {
    return undefined;
  }
  return {
    pk: `OUTBOX#${pk.slice('OUTBOX#'.length)}`,
    sk,
    entityType,
    eventId,
    source,
    detailType,
    detail,
    createdAt,
    expiresAt,
  };
}
