import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, StreamRecord } from 'aws-lambda';
import { CustomerProfileChanged, customersEvents } from '../../../functions/customers/events.js';
import { buildEvent } from '../../../shared/events/index.js';
import { outboxPut } from '../../../shared/outbox/outbox-item.js';

export const NOW = new Date('2026-03-02T01:02:03.000Z');

/** A valid outbox item for a profile change, as the customers store writes it. */
export function outboxItemFor(n: number) {
  const event = buildEvent(
    CustomerProfileChanged,
    {
      eventId: `evt_${String(n).padStart(4, '0')}`,
      occurredAt: NOW.toISOString(),
      customerId: `cus_${n}`,
      version: n + 1,
      changedFields: ['mobile'],
      branch: 'BJ01',
      rmId: 'rm-1',
      relationship: 'active',
      at: NOW.toISOString(),
    },
    NOW,
  );
  return { ...outboxPut('Customers', event, NOW, customersEvents).Put.Item };
}

/** A DynamoDB stream record (NEW_IMAGE) carrying `item`, as Lambda delivers it. */
export function streamRecord(
  item: Record<string, unknown>,
  sequenceNumber: string,
  eventName: DynamoDBRecord['eventName'] = 'INSERT',
): DynamoDBRecord {
  return {
    eventID: `id-${sequenceNumber}`,
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      SequenceNumber: sequenceNumber,
      StreamViewType: 'NEW_IMAGE',
      // The SDK's marshalled shape is the stream's JSON shape for the S/N/L/M values used here.
      NewImage: marshall(item) as StreamRecord['NewImage'],
    },
  };
}

/** `count` outbox inserts with sequence numbers 100, 101, … */
export function outboxRecords(count: number): DynamoDBRecord[] {
  return Array.from({ length: count }, (_, n) => streamRecord(outboxItemFor(n), String(100 + n)));
}
