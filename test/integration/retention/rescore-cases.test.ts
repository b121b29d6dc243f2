import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerRegistered } from '../../../functions/customers/events.js';
import { DEFAULT_CHURN_MODEL } from '../../../functions/retention/domain/default-model.js';
import { rescoreCustomer } from '../../../functions/retention/service/rescore.js';
import { MODEL_AUDIT_SUBJECT } from '../../../functions/retention/store/keys.js';
import { appendAuditRecord } from '../../../shared/audit/index.js';
import { type ScoringHarness, scoringHarness } from './scoring-harness.js';

const NOW = new Date('2026-12-04T02:00:00.000Z');

let harness: ScoringHarness;
beforeAll(async () => {
  harness = await scoringHarness(NOW, { realCases: true });
});
afterAll(() => harness.destroy());

const outboxTypes = async () => (await harness.itemsOf('OUTBOX#')).map((item) => item.detailType).sort();

describe('alerts open cases through the case service on DynamoDB Local', () => {
  it('opens one case on the first alert, none on a rise while it is open', async () => {
    const customerId = 'cus_rc_1';
    await harness.deliver(
      CustomerRegistered,
      {
        customerId,
        customerType: 'individual',
        branch: 'RC01',
        rmId: 'rm-7',
        onboardedAt: '2025-12-01T02:00:00.000Z',
        at: NOW.toISOString(),
      },
      NOW,
    );

    const cases = await harness.itemsOf('CASE#');
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({
      customerId,
      level: 'medium',
      status: 'outreach',
      openedAt: NOW.toISOString(),
    });
    expect((await harness.itemsOf(`CUSTOMER#${customerId}`)).map((item) => item.sk).sort()).toEqual(
      expect.arrayContaining(['FEATURES', 'OPEN_CASE', 'RISK']),
    );
    expect(harness.started).toEqual([cases[0]?.caseId]);
    expect((await harness.scoring.risk(customerId))?.pendingAlertAt).toBeUndefined();

    // The model changes: the customer rises to high while the case is open.
    const audit = appendAuditRecord(undefined, {
      subject: MODEL_AUDIT_SUBJECT,
      at: NOW.toISOString(),
      actor: 'admin-1',
      role: 'admin',
      action: 'churn-model.updated',
      fields: ['weights'],
    });
    await harness.modelStore.save({
      expectedVersion: 1,
      stored: {
        model: {
          ...DEFAULT_CHURN_MODEL,
          version: 2,
          weights: { ...DEFAULT_CHURN_MODEL.weights, inactive: 4 },
        },
        updatedAt: NOW.toISOString(),
        updatedBy: 'admin-1',
        audit: { seq: audit.seq, hash: audit.hash },
      },
      audit,
    });
    harness.clock.advance(60_000);
    await rescoreCustomer(harness.deps, customerId);

    expect(await harness.itemsOf('CASE#')).toHaveLength(1);
    // The case service may start the same execution again (a no-op by its name): one execution.
    expect(new Set(harness.started).size).toBe(1);
    expect((await harness.itemsOf('KPI#RC01'))[0]).toMatchObject({
      alertsMedium: 1,
      alertsHigh: 1,
      casesOpened: 1,
      customersJoined: 1,
    });
    expect(await outboxTypes()).toEqual(['ChurnRiskChanged', 'ChurnRiskChanged', 'RetentionCaseOpened']);
    expect((await harness.scoring.risk(customerId))?.pendingAlertAt).toBeUndefined();
  });
});
