import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regradeCustomer } from '../../../functions/activity/service/grade.js';
import { regradeSegment } from '../../../functions/activity/service/housekeeping.js';
import { factsKey, REGRADE_SHARDS } from '../../../functions/activity/store/grading-keys.js';
import { regradePages, regradeShardsOf } from '../../../functions/activity/store/regrade-pages.js';
import { InvalidCursorError } from '../../../shared/dynamodb/cursor.js';
import type { DeadLetter } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
import type { PassSegmentInput } from '../../../shared/passes/segment.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { type ActivityHarness, activityHarness } from '../../support/activity-harness.js';

/**
 * The daily regrade as the pass machine runs it: segments over the shards of the regrade index,
 * each paged with a cursor, as of the pass's start.
 */

const DAY = 86_400_000;
const T0 = new Date('2026-01-05T00:00:00.000Z');
const CUSTOMERS = Array.from({ length: 14 }, (_, n) => `cus_PASS${String(n).padStart(2, '0')}`);

const collect = () => {
  const letters: DeadLetter[] = [];
  return { letters, sink: { send: async (letter: DeadLetter) => void letters.push(letter) } };
};

function segmentInput(segment: number, totalSegments: number, startedAt: Date): PassSegmentInput {
  return { pass: 'DailyRegrade', job: 'regrade', segment, totalSegments, startedAt: startedAt.toISOString() };
}

/** Every key of one segment at `dueAt`, page after page. */
async function keysOf(h: ActivityHarness, segment: number, totalSegments: number, dueAt: Date) {
  const page = regradePages(h.grading, segment, totalSegments, dueAt);
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    keys.push(...next.keys);
    cursor = next.cursor;
  } while (cursor !== undefined);
  return keys;
}

describe('the daily regrade pass', () => {
  let h: ActivityHarness;
  let clock: ControlledClock;
  /** When every seeded customer is due. */
  let allDue: Date;

  beforeAll(async () => {
    h = await activityHarness();
    clock = new ControlledClock(T0);
    h.clock.use(clock);
    const deps = h.deps(clock);
    await h.register(...CUSTOMERS);
    for (const id of CUSTOMERS) await regradeCustomer(deps, id);
    const due = await Promise.all(
      CUSTOMERS.map(async (id) => (await h.grading.readCustomer(id, clock.now())).segments?.state.regradeAt),
    );
    allDue = new Date(Math.max(...due.map((at) => Date.parse(at ?? ''))) + DAY);
  });
  afterAll(() => h.close());

  it('cuts the index into segments whose union is every due customer, each exactly once', async () => {
    // Act
    const bySegment = await Promise.all([0, 1, 2].map((segment) => keysOf(h, segment, 3, allDue)));

    // Assess
    const all = bySegment.flat();
    expect(all.toSorted()).toEqual(CUSTOMERS.toSorted());
    expect(new Set(all).size).toBe(all.length);
    expect(regradeShardsOf(0, 3)).toEqual(Array.from({ length: 22 }, (_, n) => n * 3));
    expect(regradeShardsOf(REGRADE_SHARDS, REGRADE_SHARDS + 1)).toEqual([]);
  });

  it('works as of the pass start: a customer due only after it is left for the next pass', async () => {
    // Prepare
    const items = collect();

    // Act: the clock is past every due time, the pass started before any.
    clock.set(allDue);
    const output = await regradeSegment(
      h.deps(clock),
      segmentInput(0, 1, T0),
      () => true,
      new JobItems('regrade', items.sink),
    );

    // Assess
    expect(output).toEqual({ processed: 0, failed: 0 });
  });

  it('stops for time with a cursor, resumes from it, and covers the segment exactly once', async () => {
    // Prepare: a segment holding several shards; the worker may finish one page per invocation.
    const expected = await keysOf(h, 1, 2, allDue);
    const items = collect();
    const deps = h.deps(clock);
    clock.set(allDue);

    // Act
    const outputs = [];
    let cursor: string | undefined;
    do {
      const input = { ...segmentInput(1, 2, allDue), ...(cursor === undefined ? {} : { cursor }) };
      const output = await regradeSegment(deps, input, () => false, new JobItems('regrade', items.sink));
      outputs.push(output);
      cursor = output.cursor;
    } while (cursor !== undefined);

    // Assess
    expect(outputs.length).toBeGreaterThan(1);
    expect(outputs.reduce((sum, output) => sum + output.processed, 0)).toBe(expected.length);
    expect(items.letters).toEqual([]);
    expect(await keysOf(h, 1, 2, allDue)).toEqual([]);
  });

  it('dead-letters a customer whose record cannot be read and goes on with the others', async () => {
    // Prepare: the rest of the book still due; one customer's facts corrupted.
    const remaining = await keysOf(h, 0, 2, allDue);
    const broken = remaining[0] ?? '';
    await h.db.send(
      new UpdateCommand({
        TableName: h.table,
        Key: factsKey(broken),
        UpdateExpression: 'SET customerType = :n',
        ExpressionAttributeValues: { ':n': 42 },
      }),
    );
    const items = collect();

    // Act
    const output = await regradeSegment(
      h.deps(clock),
      segmentInput(0, 2, allDue),
      () => true,
      new JobItems('regrade', items.sink),
    );

    // Assess
    expect(output).toEqual({ processed: remaining.length, failed: 1 });
    expect(items.letters).toEqual([
      expect.objectContaining({
        code: 'RECORD_UNREADABLE',
        event: { job: 'regrade', item: { kind: 'customer', id: broken } },
      }),
    ]);
    expect(await keysOf(h, 0, 2, allDue)).toEqual([broken]);
  });

  it('refuses a cursor that is not a position of the segment', async () => {
    // Prepare
    const page = regradePages(h.grading, 0, 2, allDue);

    // Act
    const otherSegment = page('1');
    const garbage = page('0.bm90LWEta2V5');

    // Assess
    await expect(otherSegment).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(garbage).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
