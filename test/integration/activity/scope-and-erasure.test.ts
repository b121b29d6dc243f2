import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsumeResult, consumeEvent } from '../../../functions/activity/service/consume.js';
import type { IngestDeps } from '../../../functions/activity/service/deps.js';
import { customerProfile } from '../../../functions/activity/service/profile.js';
import { CUSTOMERS_SOURCE } from '../../../functions/customers/events.js';
import type { AuthContext } from '../../../shared/auth/types.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { type ActivityHarness, activityHarness } from '../../support/activity-harness.js';

/**
 * What the activity consumer believes of crm.customers events (docs/domain-rules.md §13.2) and
 * what CustomerErased leaves behind (§9.4), on DynamoDB Local. Each test performs the attack or
 * the erasure and reads the table back.
 */
const DAY = 86_400_000;
let seq = 0;

function envelope(source: string, detailType: string, detail: Record<string, unknown>): ConsumedEvent {
  seq += 1;
  const time = String(detail.at ?? detail.postedAt ?? detail.asOf ?? '');
  return { source, detailType, id: `evt-scope-${seq}`, time, detail };
}

const own = (detailType: string, detail: Record<string, unknown>, source = CUSTOMERS_SOURCE) =>
  envelope(source, detailType, { eventId: `evt_${detailType}_${seq + 1}`, occurredAt: detail.at, ...detail });

const registered = (customerId: string, at: string) =>
  own('CustomerRegistered', {
    customerId,
    customerType: 'individual',
    branch: 'BJ01',
    rmId: 'rm-1',
    onboardedAt: '2020-01-01T00:00:00.000Z',
    at,
  });

const profileChanged = (customerId: string, version: number, rmId: string, at: string, source?: string) =>
  own(
    'CustomerProfileChanged',
    { customerId, version, changedFields: ['rmId'], branch: 'BJ01', rmId, relationship: 'active', at },
    source,
  );

const erased = (customerId: string, at: string) => own('CustomerErased', { customerId, at });

const rm = (rmId: string, branch = 'BJ01'): AuthContext => ({
  sub: `user-${rmId}-${branch}`,
  role: 'relationship-manager',
  branch,
  rmId,
  scopes: [],
});

describe('the activity consumer and the customers capability’s events', () => {
  let h: ActivityHarness;
  let deps: IngestDeps;
  let clock: ControlledClock;
  // The consumer, then the grader over what it requested (as the Grading queue runs it).
  const consume = async (event: ConsumedEvent): Promise<ConsumeResult> => {
    const result = await consumeEvent(deps, event);
    await h.gradings.drain(deps);
    return result;
  };
  const daysAgo = (days: number) => new Date(clock.now().getTime() - days * DAY).toISOString();
  const profileVisibleTo = (customerId: string, rmId: string, branch?: string) =>
    customerProfile(deps, rm(rmId, branch), customerId).then(
      () => true,
      () => false,
    );

  beforeAll(async () => {
    h = await activityHarness();
    clock = new ControlledClock(new Date());
    h.clock.use(clock);
    deps = h.deps(clock);
  });
  afterAll(() => h.close());

  it('does not move scope on a forged profile change with a stale version', async () => {
    const id = 'cus_FORGE1';
    await consume(registered(id, daysAgo(3)));
    await consume(profileChanged(id, 2, 'rm-2', daysAgo(2)));

    const forged = await consume(profileChanged(id, 2, 'rm-evil', daysAgo(1)));
    const older = await consume(profileChanged(id, 1, 'rm-evil', daysAgo(1)));

    expect([forged.outcome, older.outcome]).toEqual(['ignored', 'ignored']);
    expect((await h.grading.readCustomer(id, clock.now())).facts).toMatchObject({
      rmId: 'rm-2',
      profileVersion: 2,
    });
    expect(await profileVisibleTo(id, 'rm-evil')).toBe(false);
    expect(await profileVisibleTo(id, 'rm-2')).toBe(true);
    // The same RM id in another branch is another book.
    expect(await profileVisibleTo(id, 'rm-2', 'SH01')).toBe(false);
  });

  it('does not move scope on a profile change from another source', async () => {
    const id = 'cus_FORGE2';
    await consume(registered(id, daysAgo(3)));

    const forged = consume(profileChanged(id, 9, 'rm-evil', daysAgo(1), 'core-banking'));

    await expect(forged).rejects.toMatchObject({ name: 'UnprocessableEventError' });
    expect((await h.grading.readCustomer(id, clock.now())).facts).toMatchObject({
      rmId: 'rm-1',
      profileVersion: 1,
    });
    expect(await profileVisibleTo(id, 'rm-evil')).toBe(false);
  });

  it('purges everything it holds about an erased customer, keeps only the marker, and takes it out of the counts', async () => {
    const id = 'cus_ERASE1';
    const other = 'cus_KEEP1';
    for (const customerId of [id, other]) {
      await consume(registered(customerId, daysAgo(30)));
      await consume(
        envelope('core-banking', 'TransactionPosted', {
          transactionId: `txn-${customerId === id ? 1 : 2}`,
          customerId,
          type: 'deposit',
          channel: 'mobile-banking',
          amount: 10_000,
          currency: 'CNY',
          status: 'success',
          postedAt: daysAgo(2),
        }),
      );
      await consume(
        envelope('core-banking', 'BalanceSnapshot', {
          customerId,
          asOf: daysAgo(1),
          aum: 60_000_00,
          deposits: 60_000_00,
          wealth: 0,
          loans: 0,
          currency: 'CNY',
        }),
      );
      await consume(
        envelope('credit-risk', 'CreditRatingChanged', { customerId, grade: 'prime', at: daysAgo(1) }),
      );
      await consume(profileChanged(customerId, 2, 'rm-2', daysAgo(1)));
    }
    const countsBefore = await h.grading.segmentSummary('BJ01');
    const kinds = new Set((await itemsOf(id)).map((item) => String(item.sk).split('#')[0]));
    expect([...kinds].sort()).toEqual(['HISTORY', 'MONTH', 'STATE', 'SUMMARY']);

    const first = await consume(erased(id, daysAgo(0)));
    const afterFirst = await h.rawItems();
    const second = await consume(erased(id, daysAgo(0)));

    expect([first.outcome, second.outcome]).toEqual(['applied', 'applied']);
    // Only the marker (the id in its key and the erasure time) stays in the customer's partition,
    // and no other item of the table names the customer.
    expect(await itemsOf(id)).toEqual([{ pk: `CUSTOMER#${id}`, sk: 'ERASED', erasedAt: expect.any(String) }]);
    const mentions = afterFirst.filter((item) => JSON.stringify(item).includes(id));
    expect(mentions).toEqual([{ pk: `CUSTOMER#${id}`, sk: 'ERASED', erasedAt: expect.any(String) }]);
    // The second delivery changed nothing.
    expect(await h.rawItems()).toEqual(afterFirst);
    // The branch's counts lost exactly this customer; the other one is still counted and kept.
    const [counts] = await h.grading.segmentSummary('BJ01');
    const [before] = countsBefore;
    for (const [dimension, values] of Object.entries(before?.counts ?? {})) {
      const total = Object.values(values).reduce((sum, n) => sum + n, 0);
      const now = Object.values(counts?.counts[dimension] ?? {}).reduce((sum, n) => sum + n, 0);
      expect(now).toBe(total - 1);
    }
    expect((await h.grading.readCustomer(other, clock.now())).facts).toBeDefined();
    expect(await profileVisibleTo(id, 'rm-2')).toBe(false);
  });

  it('keeps nothing from events that arrive after the erasure: no facts, no activity, nothing parked', async () => {
    const id = 'cus_ERASE2';
    await consume(registered(id, daysAgo(30)));
    await consume(erased(id, daysAgo(0)));
    const afterErasure = await itemsOf(id);

    const late = [
      await consume(registered(id, daysAgo(30))),
      await consume(profileChanged(id, 5, 'rm-evil', daysAgo(0))),
      await consume(
        envelope('credit-risk', 'CreditRatingChanged', { customerId: id, grade: 'risk', at: daysAgo(0) }),
      ),
      await consume(
        envelope('core-banking', 'TransactionPosted', {
          transactionId: 'txn-late',
          customerId: id,
          type: 'deposit',
          channel: 'counter',
          amount: 500,
          currency: 'CNY',
          status: 'success',
          postedAt: daysAgo(0),
        }),
      ),
    ];

    expect(late.map((result) => result.outcome)).toEqual(['ignored', 'ignored', 'ignored', 'ignored']);
    expect(await itemsOf(id)).toEqual(afterErasure);
    expect(await h.grading.parkedFor(id)).toEqual([]);
  });

  /** Every item of the customer's partition. */
  async function itemsOf(customerId: string) {
    return (await h.rawItems()).filter((item) => item.pk === `CUSTOMER#${customerId}`);
  }
});
