import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { processComplianceEvent } from '../../../functions/customers/service/compliance.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import {
  amlEvent,
  type CustomersHarness,
  callers,
  customersHarness,
  individual,
} from '../../support/customers-harness.js';

const DAY = 86_400_000;

/**
 * The AML system's status reports applied to customers (docs/domain-rules.md §8, §10.3): the
 * status, the review cadence, restricted processing, audited and announced in one transaction.
 */
describe('compliance status from the AML system', () => {
  let h: CustomersHarness;
  let clock: ControlledClock;

  beforeAll(async () => {
    h = await customersHarness();
  });
  // Every test starts on Monday 2026-03-02, 10:00 in Beijing.
  beforeEach(() => {
    clock = new ControlledClock(new Date('2026-03-02T02:00:00.000Z'));
    h.clock.use(clock);
  });
  afterEach(() => h.clock.reset());
  afterAll(() => h.close());

  async function register(): Promise<string> {
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    expect(created.status).toBe(201);
    return String(created.json.customerId);
  }
  const view = async (customerId: string) =>
    (await h.call(callers.rm, 'GET', `/v1/customers/${customerId}`)).json;

  it('applies a watch status with its time, and reviews every 3 months instead of 6', async () => {
    // Prepare: registered on 2026-03-02, the first review falls on 2026-09-02.
    const customerId = await register();
    const before = await view(customerId);
    clock.advance(10 * DAY);

    // Act
    const outcome = await processComplianceEvent(
      h.deps,
      amlEvent(customerId, 'watch', '2026-03-12T01:00:00Z', { reasonCode: 'STR-07' }),
    );
    const after = await view(customerId);
    const trail = await h.call(callers.supervisor, 'GET', `/v1/customers/${customerId}/audit`);

    // Assess
    expect(before.nextReviewAt).toBe('2026-09-02T02:00:00.000Z');
    expect(outcome).toEqual({ outcome: 'applied', version: 2 });
    expect(after).toMatchObject({
      complianceStatus: 'watch',
      complianceStatusAt: '2026-03-12T01:00:00.000Z',
      nextReviewAt: '2026-06-02T02:00:00.000Z',
      restricted: false,
      version: 2,
    });
    const records = trail.json.records as Record<string, unknown>[];
    expect(records.at(-1)).toMatchObject({
      action: 'compliance.changed',
      actor: 'system:aml',
      role: 'system',
      purpose: 'aml-reason:STR-07',
      fields: ['complianceStatusAt', 'complianceStatus', 'nextReviewAt'],
    });
    expect(trail.json.chain).toEqual({ valid: true, length: 2 });
  });

  it('restricts processing on risk, and lifts exactly that restriction when cleared', async () => {
    // Prepare
    const customerId = await register();

    // Act
    const risk = await processComplianceEvent(h.deps, amlEvent(customerId, 'risk', '2026-03-05T00:00:00Z'));
    const whileRisk = await view(customerId);
    const cleared = await processComplianceEvent(
      h.deps,
      amlEvent(customerId, 'compliant', '2026-03-20T00:00:00Z'),
    );
    const afterwards = await view(customerId);
    const events = await h.outboxEvents(customerId);

    // Assess
    expect(risk.outcome).toBe('applied');
    expect(whileRisk).toMatchObject({
      complianceStatus: 'risk',
      restricted: true,
      nextReviewAt: '2026-06-02T02:00:00.000Z',
    });
    expect(cleared.outcome).toBe('applied');
    expect(afterwards).toMatchObject({
      complianceStatus: 'compliant',
      restricted: false,
      nextReviewAt: '2026-09-02T02:00:00.000Z',
    });
    const restricted = events.filter((event) => event.detailType === 'CustomerRestricted');
    const lifted = events.filter((event) => event.detailType === 'CustomerRestrictionLifted');
    expect(restricted.map((event) => event.detail)).toMatchObject([
      { customerId, reason: 'compliance-risk', at: '2026-03-05T00:00:00.000Z' },
    ]);
    expect(lifted.map((event) => event.detail)).toMatchObject([
      { customerId, reason: 'compliance-risk', at: '2026-03-20T00:00:00.000Z' },
    ]);
  });

  it('makes a review due at once when a watch status finds the 3-month period already over', async () => {
    // Prepare: registered on 2026-03-02 (review period 2026-03-02 to 09-02); 4 months pass.
    const customerId = await register();
    const registeredAt = clock.now();
    clock.advance(120 * DAY);

    // Act
    await processComplianceEvent(h.deps, amlEvent(customerId, 'watch', clock.now().toISOString()));
    const after = await view(customerId);
    const due = await h.deps.store.dueForReview(clock.now(), 100);

    // Assess
    expect(Date.parse(String(after.nextReviewAt)) - registeredAt.getTime()).toBe(120 * DAY);
    expect(due.items.map((record) => record.customerId)).toContain(customerId);
  });

  it('keeps a second risk report from restricting twice', async () => {
    const customerId = await register();

    await processComplianceEvent(h.deps, amlEvent(customerId, 'risk', '2026-01-01T00:00:00Z'));
    const again = await processComplianceEvent(h.deps, amlEvent(customerId, 'risk', '2026-01-02T00:00:00Z'));
    const restricted = (await h.outboxEvents(customerId)).filter(
      (event) => event.detailType === 'CustomerRestricted',
    );

    expect(again.outcome).toBe('applied');
    expect(restricted).toHaveLength(1);
    expect((await view(customerId)).complianceStatusAt).toBe('2026-01-02T00:00:00.000Z');
  });
});
