import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerStore } from '../../../functions/customers/store/customer-store.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import {
  type CustomersHarness,
  callers,
  customersHarness,
  individual,
  prcId,
} from '../../support/customers-harness.js';
import { makeSeniorsOfToday } from '../../support/customers-passes.js';

/**
 * The suitability facts of the customers capability (docs/domain-rules.md §19.2, §19.3): the
 * risk assessment with its statements, and `senior`, computed from the birth date at write
 * and made true by the daily job on the 65th birthday (00:00 China Standard Time), carried by
 * CustomerRegistered and CustomerProfileChanged, never with the birth date.
 */
describe('suitability facts of a customer', () => {
  let h: CustomersHarness;
  // 2026-12-04 18:00 CST: someone born on 1961-12-05 turns 65 at the next midnight.
  const clock = new ControlledClock(new Date('2026-12-04T10:00:00.000Z'));
  let sequence = 900;

  /** An individual born on `birthDate`, with a PRC ID that agrees with it. */
  function bornOn(birthDate: string, overrides: Record<string, unknown> = {}) {
    sequence += 1;
    return individual({ birthDate, idNumber: prcId(birthDate, sequence), ...overrides });
  }

  async function register(body: Record<string, unknown>): Promise<string> {
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body });
    expect(created.status).toBe(201);
    return String(created.json.customerId);
  }

  beforeAll(async () => {
    h = await customersHarness();
    h.clock.use(clock);
  });
  afterAll(() => {
    h.clock.reset();
    return h.close();
  });

  it('publishes the assessment and senior with the registration, and shows them on the record', async () => {
    // Act
    const customerId = await register(
      bornOn('1950-01-15', {
        riskTolerance: 'C4',
        riskAssessedAt: '2026-11-20T09:30:00+08:00',
        investmentObjective: 'growth',
        horizonDays: 1095,
        intendedAmount: { amount: 20_000_000, currency: 'CNY' },
      }),
    );
    const read = await h.call(callers.rm, 'GET', `/v1/customers/${customerId}`);
    const [registered] = await h.outboxEvents(customerId);

    // Assess
    expect(read.json).toMatchObject({
      riskTolerance: 'C4',
      riskAssessedAt: '2026-11-20T09:30:00+08:00',
      investmentObjective: 'growth',
      horizonDays: 1095,
      intendedAmount: { amount: 20_000_000, currency: 'CNY' },
      senior: true,
    });
    expect(registered?.detailType).toBe('CustomerRegistered');
    expect(registered?.detail.suitability).toEqual({
      riskTolerance: 'C4',
      riskAssessedAt: '2026-11-20T01:30:00.000Z',
      investmentObjective: 'growth',
      horizonDays: 1095,
      intendedAmount: { amount: 20_000_000, currency: 'CNY' },
      senior: true,
    });
  });

  it('publishes senior false for a customer without a birth date, individual or corporate', async () => {
    // Prepare
    const { birthDate: _none, ...withoutBirthDate } = individual({
      idType: 'passport',
      idNumber: 'E98765432',
    });

    // Act
    const person = await register(withoutBirthDate);
    const company = await register({
      type: 'corporate',
      name: '示例贸易有限公司',
      uscc: '91350100M000100Y43',
      legalRepresentative: { name: '李四光', idType: 'passport', idNumber: 'E12345678' },
      contactMobile: '13912345678',
      branch: 'BJ01',
      rmId: 'rm-1',
    });

    // Assess
    const [personRegistered] = await h.outboxEvents(person);
    const [companyRegistered] = await h.outboxEvents(company);
    expect(personRegistered?.detail.suitability).toEqual({
      riskTolerance: 'C3',
      riskAssessedAt: '2026-06-01T00:00:00.000Z',
      senior: false,
    });
    expect(companyRegistered?.detail.suitability).toEqual({ senior: false });
  });

  it('announces a new assessment with the statements it names and the facts after it', async () => {
    // Prepare
    const customerId = await register(
      bornOn('1980-05-05', { investmentObjective: 'income', horizonDays: 365 }),
    );

    // Act: the new assessment states an amount and no objective
    const patched = await h.call(callers.rm, 'PATCH', `/v1/customers/${customerId}`, {
      headers: { 'if-match': '"1"' },
      body: {
        riskTolerance: 'C2',
        riskAssessedAt: '2026-12-04T09:00:00Z',
        horizonDays: 180,
        intendedAmount: { amount: 100_000, currency: 'CNY' },
      },
    });
    const changed = (await h.outboxEvents(customerId)).find(
      (event) => event.detailType === 'CustomerProfileChanged',
    );

    // Assess
    expect(patched.status).toBe(200);
    expect(patched.json).not.toHaveProperty('investmentObjective');
    expect(changed?.detail).toMatchObject({
      version: 2,
      changedFields: [
        'riskTolerance',
        'riskAssessedAt',
        'investmentObjective',
        'horizonDays',
        'intendedAmount',
      ],
      suitability: {
        riskTolerance: 'C2',
        riskAssessedAt: '2026-12-04T09:00:00.000Z',
        horizonDays: 180,
        intendedAmount: { amount: 100_000, currency: 'CNY' },
        senior: false,
      },
    });
    expect(changed?.detail.suitability).not.toHaveProperty('investmentObjective');
  });

  it.each([
    ['an unknown objective', { investmentObjective: 'speculation' }],
    ['a horizon over 100 years', { horizonDays: 36_501 }],
    ['a negative amount', { intendedAmount: { amount: -1, currency: 'CNY' } }],
    [
      'a statement without its assessment',
      { riskTolerance: undefined, riskAssessedAt: undefined, horizonDays: 30 },
    ],
  ])('refuses %s with a 422 that writes nothing', async (_case, statement) => {
    // Prepare
    const customerId = await register(bornOn('1980-06-06'));
    const before = await h.rawItems();

    // Act
    const created = await h.call(callers.rm, 'POST', '/v1/customers', {
      body: bornOn('1980-07-07', statement),
    });
    const patched = await h.call(callers.rm, 'PATCH', `/v1/customers/${customerId}`, {
      headers: { 'if-match': '"1"' },
      body: { riskTolerance: 'C3', riskAssessedAt: '2026-12-01T00:00:00Z', ...statement },
    });

    // Assess
    for (const response of [created, patched]) {
      expect(response.status).toBe(422);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(response.json)).not.toContain('speculation');
    }
    expect(await h.rawItems()).toEqual(before);
  });

  it('makes senior, once, exactly the customers turning 65 today, audited and announced', async () => {
    // Prepare: 65 at the next midnight CST, 65 the day after, already senior
    const today = await register(
      bornOn('1961-12-05', { riskTolerance: 'C3', riskAssessedAt: '2026-06-01T00:00:00Z' }),
    );
    const tomorrow = await register(bornOn('1961-12-06'));
    const already = await register(bornOn('1961-12-04'));
    const registered = (await h.outboxEvents(today))[0];
    expect(registered?.detail.suitability).toMatchObject({ senior: false });

    // Act: the schedule fires at 00:05 CST, and again the same day
    clock.set(new Date('2026-12-04T16:05:00.000Z'));
    const first = await makeSeniorsOfToday(h.deps, h.jobItems('senior'));
    const second = await makeSeniorsOfToday(h.deps, h.jobItems('senior'));

    // Assess
    expect([first, second]).toEqual([1, 0]);
    const read = await h.call(callers.rm, 'GET', `/v1/customers/${today}`);
    expect(read.json).toMatchObject({ senior: true, version: 2 });
    const changes = (await h.outboxEvents(today)).filter(
      (event) => event.detailType === 'CustomerProfileChanged',
    );
    expect(changes).toHaveLength(1);
    expect(changes[0]?.detail).toMatchObject({
      version: 2,
      changedFields: ['senior'],
      suitability: { riskTolerance: 'C3', riskAssessedAt: '2026-06-01T00:00:00.000Z', senior: true },
      at: '2026-12-04T16:05:00.000Z',
    });
    const trail = await h.deps.store.auditTrail(today);
    expect(trail.at(-1)).toMatchObject({
      actor: 'system:senior-birthdays',
      role: 'system',
      action: 'customer.updated',
      fields: ['senior'],
    });
    for (const other of [tomorrow, already]) {
      expect((await h.outboxEvents(other)).map((event) => event.detailType)).toEqual(['CustomerRegistered']);
    }
    expect((await h.deps.store.get(tomorrow))?.senior).toBe(false);
    expect((await h.deps.store.get(already))?.senior).toBe(true);
  });

  it('dead-letters a customer whose change fails and makes the others senior', async () => {
    // Prepare: two customers turning 65 on 2027-01-20 CST
    clock.set(new Date('2027-01-10T02:00:00.000Z'));
    const failing = await register(bornOn('1962-01-20'));
    const fine = await register(bornOn('1962-01-20'));
    const store: CustomerStore = Object.create(h.deps.store, {
      change: {
        value: (change: Parameters<CustomerStore['change']>[0]) =>
          change.customerId === failing
            ? Promise.reject(new Error('throttled'))
            : h.deps.store.change(change),
      },
    });
    clock.set(new Date('2027-01-19T16:05:00.000Z'));

    // Act
    const made = await makeSeniorsOfToday({ ...h.deps, store }, h.jobItems('senior'));

    // Assess
    expect(made).toBe(1);
    expect((await h.deps.store.get(fine))?.senior).toBe(true);
    expect((await h.deps.store.get(failing))?.senior).toBe(false);
    expect(h.deadLetters.at(-1)).toMatchObject({
      code: 'JOB_ITEM_FAILED',
      event: { job: 'senior', item: { kind: 'customer', id: failing } },
    });
    // Still due: the next day's run picks it up (a missed day is caught up).
    clock.set(new Date('2027-01-20T16:05:00.000Z'));
    expect(await makeSeniorsOfToday(h.deps, h.jobItems('senior'))).toBe(1);
    expect((await h.deps.store.get(failing))?.senior).toBe(true);
  });

  it('never writes a birth date in clear: not in an event, not at rest', async () => {
    const everything = JSON.stringify(await h.rawItems());

    for (const birthDate of ['1950-01-15', '1961-12-05', '1961-12-06', '1962-01-20', '1980-05-05']) {
      expect(everything).not.toContain(birthDate);
      expect(everything).not.toContain(birthDate.replaceAll('-', ''));
    }
    const events = await h.outboxEvents();
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((event) => !('birthDate' in event.detail))).toBe(true);
  });
});
