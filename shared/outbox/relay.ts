import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { LOSSLESS_UNMARSHALL } from '../dynamodb/numbers.js';
import { type EventPublisher, MAX_ENTRIES_PER_PUT, type PublishEntry } from './event-publisher.js';
import { OUTBOX_ENTITY_TYPE, readOutboxItem } from './outbox-record.js';

/** PutEvents refuses requests above 256 KiB; batches are cut below it. */
const MAX_REQUEST_BYTES = 256 * 1024;

/** An outbox record that was not published; Lambda retries it from its sequence number. */
export interface RelayFailure {
  /** `undefined` when the stream image was not a readable outbox item. */
  readonly eventId: string | undefined;
  readonly sequenceNumber: string | undefined;
  readonly reason: string;
}

export interface RelayResult {
  readonly published: number;
  /** Stream records that are not outbox inserts (profile updates, TTL removals, …). */
  readonly ignored: number;
  readonly failed: readonly RelayFailure[];
}

interface Pending {
  readonly eventId: string;
  readonly sequenceNumber: string | undefined;
  readonly entry: PublishEntry;
  readonly bytes: number;
}

/**
 * Publishes the outbox items inserted in a batch of DynamoDB stream records, at most 10
 * per PutEvents call, and reports each item that was not accepted. Other records (updates
 * of the same table, TTL deletions of outbox items) are ignored.
 *
 * @example
 *   const { failed } = await relayStreamRecords(event.Records, publisher);
 *   return { batchItemFailures: failed.map((f) => ({ itemIdentifier: f.sequenceNumber })) };
 */
export async function relayStreamRecords(
  records: readonly DynamoDBRecord[],
  publisher: EventPublisher,
): Promise<RelayResult> {
  const pending: Pending[] = [];
  const failed: RelayFailure[] = [];
  let ignored = 0;
  for (const record of records) {
    const image = record.dynamodb?.NewImage;
    const sequenceNumber = record.dynamodb?.SequenceNumber;
    if (record.eventName !== 'INSERT' || image === undefined || image.entityType?.S !== OUTBOX_ENTITY_TYPE) {
      ignored += 1;
      continue;
    }
    // The stream's JSON attribute values have the SDK's shape; only B differs (base64
    // text instead of bytes) and an outbox item has no binary attribute. Numbers are read as
    // every store reads them (shared/dynamodb/numbers.ts).
    const item = readOutboxItem(unmarshall(image as Record<string, AttributeValue>, LOSSLESS_UNMARSHALL));
    if (item === undefined) {
      // Reported, not skipped: after Lambda's retries it reaches the failure destination.
      failed.push({ eventId: image.eventId?.S, sequenceNumber, reason: 'Malformed outbox item' });
      continue;
    }
    const entry: PublishEntry = {
      source: item.source,
      detailType: item.detailType,
      detail: item.detail,
      time: new Date(item.createdAt),
    };
    pending.push({ eventId: item.eventId, sequenceNumber, entry, bytes: entrySize(entry) });
  }

  let published = 0;
  for (const batch of toBatches(pending)) {
    try {
      const result = await publisher.publish(batch.map((p) => p.entry));
      const failedIndexes = new Set(result.failedIndexes);
      batch.forEach((p, index) => {
        if (!failedIndexes.has(index)) {
          published += 1;
          return;
        }
        const error = result.errors.find((e) => e.index === index);
        const reason = error === undefined ? 'Rejected by the bus' : `${error.code}: ${error.message}`;
        failed.push({ eventId: p.eventId, sequenceNumber: p.sequenceNumber, reason });
      });
    } catch (error) {
      // The whole call failed (throttled, network): every entry in it is retried.
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : 'PutEvents failed';
      for (const p of batch) failed.push({ eventId: p.eventId, sequenceNumber: p.sequenceNumber, reason });
    }
  }
  return { published, ignored, failed };
}

/** Groups entries in stream order, at most 10 and under the request size limit per group. */
function toBatches(pending: readonly Pending[]): Pending[][] {
  const batches: Pending[][] = [];
  let current: Pending[] = [];
  let bytes = 0;
  for (const p of pending) {
    if (
      current.length === MAX_ENTRIES_PER_PUT ||
      (current.length > 0 && bytes + p.bytes > MAX_REQUEST_BYTES)
    ) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(p);
    bytes += p.bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Entry size as EventBridge counts it: UTF-8 bytes of source, detail-type, detail, plus the time. */
function entrySize(entry: PublishEntry): number {
  return (
    14 +
    Buffer.byteLength(entry.source) +
    Buffer.byteLength(entry.detailType) +
    Buffer.byteLength(entry.detail)
  );
}
