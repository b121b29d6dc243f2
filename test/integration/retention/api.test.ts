import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { ActivitySummaryChanged, CustomerSegmentChanged } from '../../../functions/activity/events.js';
import { CustomerRegistered } from '../../../functions/customers/events.js';
import { CHURN_SIGNALS } from '../../../functions/retention/domain/model.js';
import type { CaseDeps } from '../../../functions/retention/service/cases/deps.js';
import { caseOpener } from '../../../functions/retention/service/cases/opening.js';
import { MODEL_AUDIT_SUBJECT } from '../../../functions/retention/store/keys.js';
import { auditRecordFromItem, verifySignedChain } from '../../../shared/audit/index.js';
import { RecordingTaskGateway } from '../../support/complaints-fakes.js';
import { scanAll } from '../../support/dynamo.js';
import { dynamoRetentionApiDeps, retentionApiCaller } from '../../support/retention-api.js';
import { routeCaller, type TestCaller } from '../../support/route-caller.js';
import { type ScoringHarness, scoringHarness } from './scoring-harness.js';

// Friday 2026-12-04 10:00 in Shanghai.
const NOW = new Date('2026-12-04T02:00:00.000Z');
const RM: TestCaller = { sub: 'user-rm7', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-7' };
const OTHER_RM: TestCaller = { sub: 'user-rm8', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-8' };
const SUPERVISOR: TestCaller = { sub: 'user-sup', role: 'supervisor', branch: 'BJ01' };
const ANALYST: TestCaller = { sub: 'user-ana', role: 'analyst' };
const ADMIN: TestCaller = { sub: 'user-admin', role: 'admin' };

let harness: ScoringHarness;
let cases: CaseDeps;
let call: ReturnType<typeof retentionApiCaller>;

/**
 * A customer registered at `branch` in `rmId`'s book who last transacted in May (over 180 days
 * ago: inactive) with `aum` at the end of November, declining (high) or not (medium). Inactivity
 * alone is medium in any model the rules accept; a declining customer's AUM also fell month on
 * month to half of June's (every AUM signal on), which the shipped model scores high (the
 * lifecycle stage alone adds nothing once the falls are known, docs/domain-rules.md §20.10).
 */
async function customerAtRisk(customerId: string, rmId: string, aum: number, declining: boolean) {
  await harness.deliver(
    CustomerRegistered,
    {
      customerId,
      branch: 'BJ01',
      customerType: 'individual',
      rmId,
      onboardedAt: '2025-01-02T02:00:00.000Z',
      at: '2025-01-02T02:00:00.000Z',
    },
    new Date('2025-01-02T02:00:00.000Z'),
  );
  if (declining) {
    await harness.deliver(
      CustomerSegmentChanged,
      {
        customerId,
        dimension: 'lifecycleStage',
        from: 'mature',
        to: 'declining',
        at: '2026-11-01T02:00:00.000Z',
      },
      new Date('2026-11-01T02:00:00.000Z'),
    );
  }
  await harness.deliver(
    ActivitySummaryChanged,
    {
      customerId,
      lastTransactionDay: '2026-05-10',
      months: declining
        ? ['2026-11', '2026-10', '2026-09', '2026-08', '2026-07', '2026-06'].map((month, k) => ({
            month,
            transactions: 0,
            aum: aum + (aum * k) / 5,
            outflows: 0,
          }))
        : [{ month: '2026-11', transactions: 0, aum, outflows: 0 }],
      currency: 'CNY',
      at: '2026-12-01T02:00:00.000Z',
    },
    new Date('2026-12-01T02:00:00.000Z'),
  );
}

beforeAll(async () => {
  harness = await scoringHarness(NOW);
  // The real case service on the same tables, its workflow recorded, its rescore the real one.
  const built = dynamoRetentionApiDeps({
    db: harness.db,
    table: harness.table,
    auditTable: harness.auditTable,
    clock: harness.clock,
    signer: harness.signer,
    scoring: harness.deps,
    modelStore: harness.modelStore,
    workflows: new RecordingTaskGateway(),
  });
  cases = built.cases;
  call = retentionApiCaller(built.deps);
  await customerAtRisk('cus-a', 'rm-7', 1_000_000, true);
  await customerAtRisk('cus-b', 'rm-7', 50_000_000, true);
  await customerAtRisk('cus-c', 'rm-7', 8_000_000, true);
  await customerAtRisk('cus-d', 'rm-8', 90_000_000, true);
  await customerAtRisk('cus-m', 'rm-7', 2_000_000, false);
  // cus-b's alert opens its case through the case service (the harness recorded the opening).
  const opening = harness.opener.openings.find(
    (recorded) => recorded.customerId === 'cus-b' && recorded.score.level === 'high',
  );
  if (opening === undefined) throw new Error('cus-b raised no high alert');
  await caseOpener(cases).openFor(opening);
}, 60_000);
afterAll(() => harness.destroy());

describe('the retention API on DynamoDB Local', () => {
  it("reads a customer's score as the consumer wrote it, with every contribution and the history", async () => {
    // Act
    const response = await call(RM, 'GET', '/v1/customers/cus-b/churn-risk');

    // Assess
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      customerId: 'cus-b',
      level: 'high',
      valueAtRisk: { amount: 50_000_000, currency: 'CNY' },
      modelVersion: 1,
    });
    expect((response.json.reasons as string[])[0]).toBe('inactive');
    const contributions = response.json.contributions as { contribution: number }[];
    // The baseline and every signal, on or off.
    expect(contributions).toHaveLength(1 + CHURN_SIGNALS.length);
    const total = contributions.reduce((sum, term) => sum + term.contribution, 0);
    expect(Math.round(total * 1000) / 1000).toBe(response.json.score);
    expect((response.json.history as { level: string }[])[0]?.level).toBe('high');
    expect([(await call(OTHER_RM, 'GET', '/v1/customers/cus-b/churn-risk')).status]).toEqual([404]);
  });

  it("pages an RM's worklist in priority order through the index, and refuses another list's cursor", async () => {
    // Act
    const first = await call(RM, 'GET', '/v1/churn-risk', { query: { limit: '2' } });
    const second = await call(RM, 'GET', '/v1/churn-risk', {
      query: { limit: '2', cursor: String(first.json.cursor) },
    });
    const stolen = await call(OTHER_RM, 'GET', '/v1/churn-risk', {
      query: { cursor: String(first.json.cursor) },
    });
    const medium = await call(RM, 'GET', '/v1/churn-risk', { query: { level: 'medium' } });

    // Assess
    const ids = (page: typeof first) =>
      (page.json.items as { customerId: string }[]).map((item) => item.customerId);
    expect(ids(first)).toEqual(['cus-b', 'cus-c']);
    expect(ids(second)).toEqual(['cus-a']);
    expect([stolen.status, stolen.json.code]).toEqual([400, 'invalid-cursor']);
    expect(ids(medium)).toEqual(['cus-m']);
  });

  it("gives a supervisor the branch and an analyst the branch's level counts, no customer", async () => {
    // Act
    const branch = await call(SUPERVISOR, 'GET', '/v1/churn-risk');
    const counts = await call(ANALYST, 'GET', '/v1/churn-risk');

    // Assess
    expect((branch.json.items as { customerId: string }[]).map((item) => item.customerId)).toEqual([
      'cus-d',
      'cus-b',
      'cus-c',
      'cus-a',
    ]);
    expect(counts.json).toEqual({ level: 'high', counts: [{ branch: 'BJ01', low: 0, medium: 1, high: 4 }] });
    expect(counts.text).not.toMatch(/cus-|rm-/);
  });

  it("counts the day's alerts (each customer first went medium, then high) and the case opened in the KPIs", async () => {
    // Act
    const response = await call(SUPERVISOR, 'GET', '/v1/retention/kpis', {
      query: { from: '2026-12-01', to: '2026-12-04' },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ branch: 'BJ01', alerts: { high: 4, medium: 5 }, casesOpened: 1 });
  });

  it("lists, reads and works the customer's case: an attempt answers the outreach, a supervisor closes it early", async () => {
    // Arrange
    const risk = await call(RM, 'GET', '/v1/customers/cus-b/churn-risk');
    const caseId = String(risk.json.openCaseId);
    const attempt = { channel: 'phone', reached: true, cause: 'inactivity', response: 'considering' };
    const key = { 'idempotency-key': 'it-attempt-0001' };

    // Act
    const listed = await call(RM, 'GET', '/v1/retention-cases');
    const hidden = await call(OTHER_RM, 'GET', `/v1/retention-cases/${caseId}`);
    const recorded = await call(RM, 'POST', `/v1/retention-cases/${caseId}/attempts`, {
      body: attempt,
      headers: { ...key, 'if-match': '"1"' },
    });
    const replayed = await call(RM, 'POST', `/v1/retention-cases/${caseId}/attempts`, {
      body: attempt,
      headers: key,
    });
    const unknownCause = await call(RM, 'POST', `/v1/retention-cases/${caseId}/attempts`, {
      body: { ...attempt, cause: 'moved-abroad' },
    });
    const read = await call(SUPERVISOR, 'GET', `/v1/retention-cases/${caseId}`);
    const closed = await call(SUPERVISOR, 'POST', `/v1/retention-cases/${caseId}/close-early`, {
      body: { reason: 'customer-retained' },
    });
    const again = await call(SUPERVISOR, 'POST', `/v1/retention-cases/${caseId}/close-early`, {
      body: { reason: 'customer-retained' },
    });

    // Assess
    expect(caseId).toMatch(/^ret_/);
    expect((listed.json.items as { caseId: string }[]).map((item) => item.caseId)).toEqual([caseId]);
    expect(hidden.status).toBe(404);
    expect(recorded.status).toBe(201);
    expect(recorded.json.case).toMatchObject({ status: 'monitoring', attempts: 1 });
    expect([replayed.status, replayed.headers['idempotent-replayed']]).toEqual([201, 'true']);
    expect([unknownCause.status, unknownCause.json.code]).toEqual([422, 'unknown-cause']);
    expect(read.json).toMatchObject({ caseId, status: 'monitoring', attempts: 1 });
    expect(read.json.attemptsRecorded).toHaveLength(1);
    expect(read.text).not.toMatch(/taskToken|waiting/);
    expect(closed.status).toBe(200);
    expect(closed.json).toMatchObject({
      status: 'closed',
      earlyReason: 'customer-retained',
      closedBy: 'user-sup',
    });
    expect([again.status, again.json.code]).toEqual([409, 'case-closed']);
  });

  it('is what the deployed handler answers, built from its environment (setup-api.ts) on the same tables', async () => {
    // Arrange: the module's own handler is built from process.env when it loads.
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', inject('dynamodbEndpoint'));
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    vi.stubEnv('RETENTION_TABLE', harness.table);
    vi.stubEnv('RETENTION_AUDIT_TABLE', harness.auditTable);
    try {
      const api = await import('../../../functions/retention/handlers/api.js');
      const deployed = routeCaller(
        api.createHandler({
          env: { RETENTION_TABLE: harness.table, RETENTION_AUDIT_TABLE: harness.auditTable },
          clock: harness.clock,
        }),
      );

      // Act
      const viaHandler = await deployed(RM, 'GET', '/v1/customers/cus-b/churn-risk');
      const viaDeps = await call(RM, 'GET', '/v1/customers/cus-b/churn-risk');

      // Assess
      expect(viaHandler.status).toBe(200);
      expect(viaHandler.json).toEqual(viaDeps.json);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('saves the model with If-Match as version 2, audited in a chain that verifies; a stale ETag is a 412', async () => {
    // Arrange
    const read = await call(ADMIN, 'GET', '/v1/churn-risk/model');
    const model = read.json.model as Record<string, unknown>;

    // Act
    const saved = await call(ADMIN, 'PUT', '/v1/churn-risk/model', {
      body: { ...model, intercept: -1 },
      headers: { 'if-match': String(read.headers.etag) },
    });
    const stale = await call(ADMIN, 'PUT', '/v1/churn-risk/model', {
      body: { ...model, intercept: -0.9 },
      headers: { 'if-match': String(read.headers.etag) },
    });

    // Assess
    expect([read.status, read.headers.etag]).toEqual([200, '"1"']);
    expect([saved.status, saved.headers.etag]).toEqual([200, '"2"']);
    expect([stale.status, stale.json.code]).toEqual([412, 'stale-version']);
    expect((await call(ADMIN, 'GET', '/v1/churn-risk/model')).json).toMatchObject({
      version: 2,
      model: { intercept: -1 },
      updatedBy: 'user-admin',
    });
    const trail = (await scanAll(harness.db, harness.auditTable))
      .filter((item) => item.subject === MODEL_AUDIT_SUBJECT)
      .map(auditRecordFromItem);
    expect(trail.map((record) => [record.seq, record.action, record.actor, record.fields])).toEqual([
      [1, 'churn-model.updated', 'user-admin', ['intercept']],
    ]);
    await expect(verifySignedChain(trail, harness.signer)).resolves.toEqual({ valid: true, length: 1 });
  });
});
