import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { EventBridgePublisher } from '../../../shared/outbox/event-publisher.js';
import { relayStreamRecords } from '../../../shared/outbox/relay.js';
import { NOW, outboxItemFor, outboxRecords, streamRecord } from './stream-records.js';

const eventBridge = mockClient(EventBridgeClient);
const publisher = new EventBridgePublisher(new EventBridgeClient({}), 'crm-bus-test');

/** PutEvents answers: every entry accepted. */
function acceptAll() {
  eventBridge.on(PutEventsCommand).callsFake((input: { Entries?: PutEventsRequestEntry[] }) => ({
    FailedEntryCount: 0,
    Entries: (input.Entries ?? []).map((_, i) => ({ EventId: `eb-${i}` })),
  }));
}

function sentEntries(call: number): PutEventsRequestEntry[] {
  const input = eventBridge.commandCalls(PutEventsCommand)[call]?.args[0].input;
  return input?.Entries ?? [];
}

describe('relayStreamRecords', () => {
  beforeEach(() => {
    eventBridge.reset();
  });

  it('publishes 23 outbox records in 3 PutEvents calls of at most 10, in stream order', async () => {
    acceptAll();

    const result = await relayStreamRecords(outboxRecords(23), publisher);

    expect(result).toEqual({ published: 23, ignored: 0, failed: [] });
    expect(eventBridge).toHaveReceivedCommandTimes(PutEventsCommand, 3);
    expect([0, 1, 2].map((call) => sentEntries(call).length)).toEqual([10, 10, 3]);
    expect(sentEntries(2).map((entry) => JSON.parse(entry.Detail ?? '{}').eventId)).toEqual([
      'evt_0020',
      'evt_0021',
      'evt_0022',
    ]);
  });

  it('sends the stored detail unchanged, on the publisher bus, with the outbox time', async () => {
    acceptAll();
    const item = outboxItemFor(7);

    await relayStreamRecords([streamRecord(item, '1')], publisher);

    expect(eventBridge).toHaveReceivedCommandWith(PutEventsCommand, {
      Entries: [
        {
          EventBusName: 'crm-bus-test',
          Source: 'crm.customers',
          DetailType: 'CustomerProfileChanged',
          Detail: item.detail,
          Time: NOW,
        },
      ],
    });
  });

  it('ignores updates, removals and inserts that are not outbox items', async () => {
    acceptAll();
    const outbox = outboxItemFor(1);
    const records = [
      streamRecord({ pk: 'CUSTOMER#cus_1', sk: 'PROFILE', entityType: 'CUSTOMER', version: 1 }, '1'),
      streamRecord({ ...outbox, detail: '{"changed":true}' }, '2', 'MODIFY'),
      streamRecord(outbox, '3', 'REMOVE'),
      streamRecord(outbox, '4'),
    ];

    const result = await relayStreamRecords(records, publisher);

    expect(result).toEqual({ published: 1, ignored: 3, failed: [] });
    expect(eventBridge).toHaveReceivedCommandTimes(PutEventsCommand, 1);
    expect(sentEntries(0)).toHaveLength(1);
  });

  it('makes no call when the batch holds no outbox item', async () => {
    acceptAll();

    const result = await relayStreamRecords(
      [streamRecord({ pk: 'CUSTOMER#cus_1', sk: 'PROFILE', entityType: 'CUSTOMER' }, '1')],
      publisher,
    );

    expect(result.published).toBe(0);
    expect(eventBridge).toHaveReceivedCommandTimes(PutEventsCommand, 0);
  });

  it('reports exactly the entries PutEvents rejected, with their sequence numbers', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 0,
        Entries: Array.from({ length: 10 }, (_, i) => ({ EventId: `a${i}` })),
      })
      .resolvesOnce({
        FailedEntryCount: 1,
        Entries: [
          { EventId: 'b0' },
          { ErrorCode: 'InternalFailure', ErrorMessage: 'Try again' },
          { EventId: 'b2' },
        ],
      });

    const result = await relayStreamRecords(outboxRecords(13), publisher);

    expect(result.published).toBe(12);
    expect(result.failed).toEqual([
      { eventId: 'evt_0011', sequenceNumber: '111', reason: 'InternalFailure: Try again' },
    ]);
  });

  it('reports every entry of a call that failed as a whole', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 0,
        Entries: Array.from({ length: 10 }, (_, i) => ({ EventId: `a${i}` })),
      })
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    const result = await relayStreamRecords(outboxRecords(12), publisher);

    expect(result.published).toBe(10);
    expect(result.failed.map((failure) => failure.sequenceNumber)).toEqual(['110', '111']);
    expect(result.failed[0]?.reason).toBe('ThrottlingException: Rate exceeded');
  });

  it('reports a malformed outbox item instead of dropping it', async () => {
    acceptAll();
    const { detailType: _missing, ...broken } = outboxItemFor(2);

    const result = await relayStreamRecords([streamRecord(broken, '9')], publisher);

    expect(result.published).toBe(0);
    expect(result.failed).toEqual([
      { eventId: 'evt_0002', sequenceNumber: '9', reason: 'Malformed outbox item' },
    ]);
    expect(eventBridge).toHaveReceivedCommandTimes(PutEventsCommand, 0);
  });
});

describe('EventBridgePublisher', () => {
  beforeEach(() => {
    eventBridge.reset();
  });

  it('counts an entry without a result as failed unless PutEvents said none failed', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ EventId: 'x' }] });
    const entries = [
      { source: 'crm.customers', detailType: 'CustomerErased', detail: '{}' },
      { source: 'crm.customers', detailType: 'CustomerErased', detail: '{}' },
    ];

    const result = await publisher.publish(entries);

    expect(result.failedIndexes).toEqual([1]);
  });

  it('refuses more than 10 entries in one call', async () => {
    const entries = Array.from({ length: 11 }, () => ({ source: 's', detailType: 'D', detail: '{}' }));

    await expect(publisher.publish(entries)).rejects.toThrow(RangeError);
  });
});
