import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { GRADING_WORK, gradingMaxDelaySeconds } from '../../../functions/activity/domain/settings.js';
import { ingestBatch } from '../../../functions/activity/service/batch.js';
import { consumeEvent } from '../../../functions/activity/service/consume.js';
import type { ActivityDeps } from '../../../functions/activity/service/deps.js';
import { gradingWork } from '../../../functions/activity/service/grade.js';
import { CUSTOMERS_SOURCE } from '../../../functions/customers/events.js';
import { type AuthContext, INGEST_SCOPE } from '../../../shared/auth/types.js';
import { CORE_BANKING_SOURCE } from '../../../shared/events/external.js';
import { coalescedWorkHandler } from '../../../shared/lambda/coalesced-work.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { lambdaContext } from '../../support/http-event.js';
import { tx } from './fixtures.js';
import { inMemoryActivityDeps } from './grading-fakes.js';

const NOW = new Date('2026-06-10T02:00:00.000Z');
const ALICE = 'cus_01KDVDNA00AAAAAAAAAAAAAAAA';
const BOB = 'cus_01KDVDNA00BBBBBBBBBBBBBBBB';
const STRANGER = 'cus_01KDVDNA00CCCCCCCCCCCCCCCC';

function world() {
  const built = inMemoryActivityDeps(new ControlledClock(NOW));
  for (const customerId of [ALICE, BOB]) {
    built.grading.register({
      customerId,
      customerType: 'individual',
      branch: '0101',
      rmId: 'rm-7',
      onboardedAt: '2024-01-10T02:00:00.000Z',
      relationship: 'active',
      profileVersion: 1,
    });
  }
  return built;
}

let seq = 0;
function posted(customerId: string, transactionId: string): ConsumedEvent {
  seq += 1;
  return {
    source: CORE_BANKING_SOURCE,
    detailType: 'TransactionPosted',
    id: `evt-${seq}`,
    time: NOW.toISOString(),
    detail: tx({ customerId, transactionId }),
  };
}

/** One of our own events; `eventId` is its own id (the cause of what it requests). */
function own(detailType: string, detail: Record<string, unknown>): ConsumedEvent & { eventId: string } {
  seq += 1;
  const eventId = `own-${seq}`;
  return {
    eventId,
    source: CUSTOMERS_SOURCE,
    detailType,
    id: `bus-${seq}`,
    time: NOW.toISOString(),
    detail: { eventId, occurredAt: NOW.toISOString(), ...detail },
  };
}

const registered = (customerId: string) =>
  own('CustomerRegistered', {
    customerId,
    customerType: 'individual',
    branch: '0101',
    rmId: 'rm-7',
    onboardedAt: '2024-01-10T02:00:00.000Z',
    at: NOW.toISOString(),
  });

describe('the consumer requests a grading instead of grading', () => {
  it('requests the customer once per event, caused by the event, and grades nothing itself', async () => {
    // Prepare
    const { deps, grading, gradings } = world();
    const event = posted(ALICE, 'txn-1');

    // Act
    const result = await consumeEvent(deps, event);

    // Assess
    expect(result.outcome).toBe('applied');
    expect(gradings.requests).toEqual([{ key: ALICE, cause: event.id }]);
    expect(grading.segments.has(ALICE)).toBe(false);
  });

  it('requests again for a duplicate, with the same cause (SQS drops it while the first is queued)', async () => {
    // Prepare
    const { deps, gradings } = world();
    const event = posted(ALICE, 'txn-1');
    await consumeEvent(deps, event);

    // Act: the same event delivered again (its first delivery may have failed before requesting).
    const again = await consumeEvent(deps, event);

    // Assess
    expect(again.outcome).toBe('ignored');
    expect(gradings.requests).toEqual([
      { key: ALICE, cause: event.id },
      { key: ALICE, cause: event.id },
    ]);
  });

  it('fails the event when the request cannot be queued, and its redelivery requests it', async () => {
    // Prepare
    const { deps, grading, gradings } = world();
    const event = posted(ALICE, 'txn-1');
    gradings.failNext();

    // Act
    const failed = await consumeEvent(deps, event).catch((error: unknown) => error);
    const retried = await consumeEvent(deps, event);

    // Assess: counted once; the retry (EventBridge's) queues the request the first could not.
    expect(failed).toBeInstanceOf(Error);
    expect(retried.outcome).toBe('ignored');
    expect(gradings.keys()).toEqual([ALICE]);
    expect(grading.activity.counted.size).toBe(1);
  });

  it('requests nothing for an erasure, nor for an event parked for an unknown customer until it registers', async () => {
    // Prepare
    const { deps, gradings } = world();
    const early = posted(STRANGER, 'txn-early');

    // Act
    await consumeEvent(deps, own('CustomerErased', { customerId: BOB, at: NOW.toISOString() }));
    const parked = await consumeEvent(deps, early);
    const requestedBeforeRegistration = gradings.keys();
    const registration = registered(STRANGER);
    await consumeEvent(deps, registration);

    // Assess: the registration releases the parked event, and both ask for the grading.
    expect(parked.outcome).toBe('parked');
    expect(requestedBeforeRegistration).toEqual([]);
    expect(gradings.requests).toEqual([
      { key: STRANGER, cause: early.id },
      { key: STRANGER, cause: registration.eventId },
    ]);
  });
});

describe('the batch ingestion requests each customer once', () => {
  const ingester: AuthContext = { sub: 'core-batch', role: 'ingestion-client', scopes: [INGEST_SCOPE] };

  it('requests each customer of the batch once after all its items, and grades nothing itself', async () => {
    // Prepare
    const { deps, grading, gradings } = world();
    const transactions = [
      tx({ customerId: ALICE, transactionId: 'txn-a1' }),
      tx({ customerId: BOB, transactionId: 'txn-b1' }),
      tx({ customerId: ALICE, transactionId: 'txn-a2' }),
    ];

    // Act
    const result = await ingestBatch(deps, ingester, { transactions }, 'req-1');

    // Assess
    expect(result.accepted).toBe(3);
    expect(gradings.keys().sort()).toEqual([ALICE, BOB]);
    expect(new Set(gradings.requests.map((r) => r.cause))).toEqual(new Set(['batch-req-1']));
    expect(grading.segments.size).toBe(0);
  });
});

/** A record of the Grading queue, as Lambda hands it. */
function request(messageId: string, customerId: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: JSON.stringify({ key: customerId, requestedAt: NOW.toISOString() }),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(NOW.getTime()),
      SenderId: 'AROAEXAMPLE',
      ApproximateFirstReceiveTimestamp: String(NOW.getTime()),
      MessageGroupId: customerId,
      MessageDeduplicationId: `dedup-${messageId}`,
      SequenceNumber: messageId.padStart(20, '0'),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:cn-north-1:111122223333:fincrm-dev-Grading.fifo',
    awsRegion: 'cn-north-1',
  };
}

/** The grader as deployed (handlers/grader.ts) over `deps`; counts the gradings per customer. */
function grader(deps: ActivityDeps) {
  const gradings = new Map<string, number>();
  const counted: ActivityDeps = {
    ...deps,
    grading: Object.assign(Object.create(deps.grading) as typeof deps.grading, {
      readCustomer: (customerId: string, now: Date) => {
        gradings.set(customerId, (gradings.get(customerId) ?? 0) + 1);
        return deps.grading.readCustomer(customerId, now);
      },
    }),
  };
  const handler = coalescedWorkHandler({
    workId: GRADING_WORK,
    work: gradingWork(counted),
    maxDelaySeconds: gradingMaxDelaySeconds({}),
    clock: new ControlledClock(NOW),
    deadLetters: { send: async () => undefined },
  });
  const run = (...records: SQSRecord[]): Promise<SQSBatchResponse> => {
    const event: SQSEvent = { Records: records };
    return handler(event, lambdaContext('ActivityGrader'));
  };
  return { run, gradings };
}

describe('the grader', () => {
  let quiet: MockInstance[];
  beforeEach(() => {
    quiet = [
      vi.spyOn(process.stdout, 'write').mockImplementation(() => true),
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true),
    ];
  });
  afterEach(() => {
    for (const spy of quiet) spy.mockRestore();
  });

  it('grades each distinct customer of a batch once, from everything counted before it', async () => {
    // Prepare: five events, two customers, all requested.
    const { deps, grading } = world();
    for (const [customerId, id] of [
      [ALICE, 'a1'],
      [ALICE, 'a2'],
      [BOB, 'b1'],
      [ALICE, 'a3'],
      [BOB, 'b2'],
    ] as const) {
      await consumeEvent(deps, posted(customerId, id));
    }
    const { run, gradings } = grader(deps);

    // Act
    const response = await run(
      request('1', ALICE),
      request('2', ALICE),
      request('3', BOB),
      request('4', ALICE),
      request('5', BOB),
    );

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(Object.fromEntries(gradings)).toEqual({ [ALICE]: 1, [BOB]: 1 });
    expect(grading.segments.get(ALICE)?.state.lastActiveAt).toBe('2026-06-01T02:00:00.000Z');
    expect(grading.segments.has(BOB)).toBe(true);
  });

  it('reports only the messages of a customer whose grading failed, the others graded', async () => {
    // Prepare: Bob's grading cannot be saved (DynamoDB throttled).
    const { deps, grading } = world();
    await consumeEvent(deps, posted(ALICE, 'a1'));
    await consumeEvent(deps, posted(BOB, 'b1'));
    const saveGrading = grading.saveGrading.bind(grading);
    grading.saveGrading = async (previous, state, changes, now, summary) => {
      if (state.customerId === BOB) throw new Error('ProvisionedThroughputExceededException');
      return saveGrading(previous, state, changes, now, summary);
    };
    const { run } = grader(deps);

    // Act
    const response = await run(request('1', BOB), request('2', ALICE), request('3', BOB));

    // Assess
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['1', '3']);
    expect(grading.segments.has(ALICE)).toBe(true);
    expect(grading.segments.has(BOB)).toBe(false);
  });

  it('writes nothing for a customer whose grade has not changed since the last grading', async () => {
    // Prepare
    const { deps, grading } = world();
    await consumeEvent(deps, posted(ALICE, 'a1'));
    const { run } = grader(deps);
    await run(request('1', ALICE));
    const version = grading.segments.get(ALICE)?.version;
    const history = grading.history.length;

    // Act: a redelivered event's request, nothing new counted.
    const response = await run(request('2', ALICE));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(grading.segments.get(ALICE)?.version).toBe(version);
    expect(grading.history).toHaveLength(history);
  });
});

describe('GRADING_MAX_DELAY_SECONDS', () => {
  it('is 60 s by default, takes whole seconds above 0 and refuses anything else', () => {
    expect(gradingMaxDelaySeconds({})).toBe(60);
    expect(gradingMaxDelaySeconds({ GRADING_MAX_DELAY_SECONDS: '' })).toBe(60);
    expect(gradingMaxDelaySeconds({ GRADING_MAX_DELAY_SECONDS: '15' })).toBe(15);
    expect(gradingMaxDelaySeconds({ GRADING_MAX_DELAY_SECONDS: '86400' })).toBe(86_400);
    for (const refused of ['0', '1.5', '-3', 'a minute']) {
      expect(() => gradingMaxDelaySeconds({ GRADING_MAX_DELAY_SECONDS: refused })).toThrow(
        /GRADING_MAX_DELAY_SECONDS/,
      );
    }
  });
});
