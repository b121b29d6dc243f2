import { describe, expect, it } from 'vitest';
import { DEFAULT_CHURN_MODEL } from '../../../functions/retention/domain/default-model.js';
import { CHURN_SIGNALS } from '../../../functions/retention/domain/model.js';
import type { RetentionSettings } from '../../../functions/retention/domain/settings.js';
import {
  CaseClosedError,
  IdempotencyKeyReusedError,
  OfferNotRecordedError,
  UnknownCauseError,
} from '../../../functions/retention/service/ports.js';
import type { Role } from '../../../shared/auth/types.js';
import { retentionApiFixture, testCase, testFeatures, testScore } from '../../support/retention-api.js';
import type { TestCaller } from '../../support/route-caller.js';

const RM: TestCaller = { sub: 'user-rm7', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-7' };
const OTHER_RM: TestCaller = { sub: 'user-rm8', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-8' };
const SUPERVISOR: TestCaller = { sub: 'user-sup', role: 'supervisor', branch: 'BJ01' };
const OTHER_SUPERVISOR: TestCaller = { sub: 'user-sup2', role: 'supervisor', branch: 'SH01' };
const COMPLIANCE: TestCaller = { sub: 'user-cmp', role: 'compliance-officer' };
const ANALYST: TestCaller = { sub: 'user-ana', role: 'analyst' };
const ADMIN: TestCaller = { sub: 'user-admin', role: 'admin' };

const RISK = '/v1/customers/cus-1/churn-risk';
const WORKLIST = '/v1/churn-risk';
const MODEL = '/v1/churn-risk/model';
const CASES = '/v1/retention-cases';
const KPIS = '/v1/retention/kpis';
const CASE = `${CASES}/ret_1`;
const ATTEMPTS = `${CASE}/attempts`;
const CLOSE_EARLY = `${CASE}/close-early`;
const REACHED = { channel: 'phone', reached: true, cause: 'inactivity', response: 'considering' };

/** cus-1 (rm-7's book at BJ01, high, with an open case) and its case ret_1. */
function fixture(settings: Partial<RetentionSettings> = {}) {
  const world = retentionApiFixture(settings);
  world.reader.putCustomer(
    testFeatures('cus-1', 'BJ01', 'rm-7'),
    testScore(0.742, 'high', ['inactive', 'lifecycle-declining'], 32_000_000),
    'ret_1',
  );
  world.reader.histories.set('cus-1', [
    { at: '2026-12-03T16:15:00.000Z', score: 0.742, level: 'high', reasons: ['inactive'], modelVersion: 1 },
    { at: '2026-11-20T03:10:00.000Z', score: 0.214, level: 'low', reasons: [], modelVersion: 1 },
  ]);
  world.cases.put(testCase('ret_1', 'cus-1', 'BJ01', 'rm-7', '2026-12-03T16:15:00.000Z'));
  return world;
}

describe('GET /v1/customers/{customerId}/churn-risk', () => {
  it('explains the score: every signal’s contribution adding up, reasons, value at risk, open case, history newest first', async () => {
    // Arrange
    const { call } = fixture();

    // Act
    const response = await call(RM, 'GET', RISK);

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json).toMatchObject({
      customerId: 'cus-1',
      score: 0.742,
      level: 'high',
      reasons: ['inactive', 'lifecycle-declining'],
      valueAtRisk: { amount: 32_000_000, currency: 'CNY' },
      priority: 23_744_000,
      modelVersion: 1,
      openCaseId: 'ret_1',
    });
    const contributions = response.json.contributions as { signal: string; contribution: number }[];
    // The baseline and every signal, on or off.
    expect(contributions).toHaveLength(1 + CHURN_SIGNALS.length);
    const total = contributions.reduce((sum, term) => sum + term.contribution, 0);
    expect(Math.round(total * 1000) / 1000).toBe(0.742);
    expect((response.json.history as { at: string }[]).map((entry) => entry.at)).toEqual([
      '2026-12-03T16:15:00.000Z',
      '2026-11-20T03:10:00.000Z',
    ]);
  });

  it('keeps the history to CHURN_HISTORY_LIMIT entries', async () => {
    // Arrange
    const { call } = fixture({ historyLimit: 1 });

    // Act
    const response = await call(RM, 'GET', RISK);

    // Assess
    expect(response.json.history).toHaveLength(1);
  });

  it.each([
    ['the supervisor of the branch', SUPERVISOR],
    ['compliance', COMPLIANCE],
  ])('is read by %s', async (_who, caller) => {
    // Arrange
    const { call } = fixture();

    // Act
    const response = await call(caller, 'GET', RISK);

    // Assess
    expect([response.status, response.json.customerId]).toEqual([200, 'cus-1']);
  });

  it('answers the same 404 for a customer never registered, erased, not scored yet, or outside the caller’s scope', async () => {
    // Arrange
    const { call, reader } = fixture();
    reader.featuresById.set('cus-erased', {
      features: testFeatures('cus-erased', 'BJ01', 'rm-7'),
      revision: 3,
      erased: true,
    });
    reader.putCustomer(testFeatures('cus-new', 'BJ01', 'rm-7'));
    reader.putCustomer(testFeatures('cus-unplaced', '', 'rm-7'), testScore(0.5, 'medium', ['inactive']));

    // Act
    const answers = [
      await call(RM, 'GET', '/v1/customers/cus-nobody/churn-risk'),
      await call(RM, 'GET', '/v1/customers/cus-erased/churn-risk'),
      await call(RM, 'GET', '/v1/customers/cus-new/churn-risk'),
      await call(RM, 'GET', '/v1/customers/cus-unplaced/churn-risk'),
      await call(OTHER_RM, 'GET', RISK),
      await call(OTHER_SUPERVISOR, 'GET', RISK),
    ];

    // Assess
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect({ code: answer.json.code, detail: answer.json.detail }).toEqual({
        code: 'customer-not-found',
        detail: 'No customer with this id is visible to you',
      });
    }
  });
});

describe('GET /v1/churn-risk (the worklist)', () => {
  function worklistFixture() {
    const world = retentionApiFixture();
    const put = (id: string, rmId: string, branch: string, score: number, amount: number) =>
      world.reader.putCustomer(
        testFeatures(id, branch, rmId),
        testScore(score, 'high', ['inactive'], amount),
      );
    put('cus-a', 'rm-7', 'BJ01', 0.71, 1_000_000); // priority 710,000
    put('cus-b', 'rm-7', 'BJ01', 0.9, 5_000_000); // 4,500,000
    put('cus-c', 'rm-7', 'BJ01', 0.75, 2_000_000); // 1,500,000
    put('cus-d', 'rm-8', 'BJ01', 0.95, 9_000_000); // another RM's book
    put('cus-e', 'rm-9', 'SH01', 0.99, 9_900_000); // another branch
    world.reader.putCustomer(testFeatures('cus-f', 'BJ01', 'rm-7'), testScore(0.5, 'medium', ['aum-drop']));
    world.reader.counts.set('BJ01', { branch: 'BJ01', low: 40, medium: 1, high: 4 });
    world.reader.counts.set('SH01', { branch: 'SH01', low: 12, medium: 0, high: 1 });
    return world;
  }

  it("orders an RM's own book by priority, highest first, page by page", async () => {
    // Arrange
    const { call } = worklistFixture();

    // Act
    const first = await call(RM, 'GET', WORKLIST, { query: { limit: '2' } });
    const second = await call(RM, 'GET', WORKLIST, {
      query: { limit: '2', cursor: String(first.json.cursor) },
    });

    // Assess
    const ids = (page: typeof first) =>
      (page.json.items as { customerId: string }[]).map((item) => item.customerId);
    expect(first.status).toBe(200);
    expect(first.json.level).toBe('high');
    expect(ids(first)).toEqual(['cus-b', 'cus-c']);
    expect(ids(second)).toEqual(['cus-a']);
    expect(second.json.cursor).toBeUndefined();
    expect((first.json.items as unknown[])[0]).toEqual({
      customerId: 'cus-b',
      branch: 'BJ01',
      rmId: 'rm-7',
      score: 0.9,
      level: 'high',
      reasons: ['inactive'],
      valueAtRisk: { amount: 5_000_000, currency: 'CNY' },
      priority: 4_500_000,
      scoredAt: '2026-12-03T16:15:00.000Z',
    });
  });

  it('gives a supervisor their branch at the level asked, and refuses another branch with 403', async () => {
    // Arrange
    const { call } = worklistFixture();

    // Act
    const high = await call(SUPERVISOR, 'GET', WORKLIST);
    const medium = await call(SUPERVISOR, 'GET', WORKLIST, { query: { level: 'medium', branch: 'BJ01' } });
    const other = await call(SUPERVISOR, 'GET', WORKLIST, { query: { branch: 'SH01' } });

    // Assess
    expect((high.json.items as { customerId: string }[]).map((item) => item.customerId)).toEqual([
      'cus-d',
      'cus-b',
      'cus-c',
      'cus-a',
    ]);
    expect((medium.json.items as { customerId: string }[]).map((item) => item.customerId)).toEqual(['cus-f']);
    expect([other.status, other.json.code]).toEqual([403, 'branch-out-of-scope']);
  });

  it('refuses an RM naming a branch other than their own with 403', async () => {
    // Arrange
    const { call } = worklistFixture();

    // Act
    const other = await call(RM, 'GET', WORKLIST, { query: { branch: 'SH01' } });
    const own = await call(RM, 'GET', WORKLIST, { query: { branch: 'BJ01' } });

    // Assess
    expect([other.status, other.json.code]).toEqual([403, 'branch-out-of-scope']);
    expect(own.status).toBe(200);
  });

  it('gives an analyst the counts per branch only: no customer in the answer', async () => {
    // Arrange
    const { call } = worklistFixture();

    // Act
    const all = await call(ANALYST, 'GET', WORKLIST);
    const one = await call(ANALYST, 'GET', WORKLIST, { query: { branch: 'SH01' } });

    // Assess
    expect(all.status).toBe(200);
    expect(all.json).toEqual({
      level: 'high',
      counts: [
        { branch: 'BJ01', low: 40, medium: 1, high: 4 },
        { branch: 'SH01', low: 12, medium: 0, high: 1 },
      ],
    });
    expect(one.json).toEqual({
      level: 'high',
      branch: 'SH01',
      counts: [{ branch: 'SH01', low: 12, medium: 0, high: 1 }],
    });
    for (const answer of [all, one]) {
      expect(answer.json.items).toBeUndefined();
      expect(answer.text).not.toMatch(/cus-|rm-/);
    }
  });

  it('refuses a level that does not exist and a cursor of another list (nothing echoed)', async () => {
    // Arrange
    const { call } = worklistFixture();
    const otherBook = await call(OTHER_RM, 'GET', WORKLIST, { query: { limit: '1' } });
    const marker = 'CRITICAL-110101199003077777';

    // Act
    const level = await call(RM, 'GET', WORKLIST, { query: { level: marker } });
    const limit = await call(RM, 'GET', WORKLIST, { query: { limit: '1000' } });

    // Assess
    expect(otherBook.json.cursor).toBeUndefined();
    expect(level.status).toBe(422);
    expect(level.text).not.toContain(marker);
    expect(limit.status).toBe(422);
  });
});

describe('GET and PUT /v1/churn-risk/model', () => {
  const { version: _version, ...document } = DEFAULT_CHURN_MODEL;
  const edited = { ...document, weights: { ...document.weights, 'aum-drop': 1.7 } };

  it('answers the shipped default as version 1 with its ETag, before any change', async () => {
    // Arrange
    const { call } = fixture();

    // Act
    const response = await call(SUPERVISOR, 'GET', MODEL);

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe('"1"');
    expect(response.json).toEqual({ version: 1, model: document });
  });

  it('saves an edited model as version 2 with an audit record naming the sections changed, never their values', async () => {
    // Arrange
    const { call, models } = fixture();

    // Act
    const saved = await call(ADMIN, 'PUT', MODEL, { body: edited, headers: { 'if-match': '"1"' } });
    const read = await call(ANALYST, 'GET', MODEL);

    // Assess
    expect(saved.status).toBe(200);
    expect(saved.headers.etag).toBe('"2"');
    expect(saved.json).toEqual({
      version: 2,
      model: edited,
      updatedAt: '2026-12-04T02:00:00.000Z',
      updatedBy: 'user-admin',
    });
    expect(read.json).toEqual(saved.json);
    expect(models.saves).toHaveLength(1);
    expect(models.saves[0]?.audit).toMatchObject({
      subject: 'churn-model',
      seq: 1,
      actor: 'user-admin',
      role: 'admin',
      action: 'churn-model.updated',
      fields: ['weights'],
    });
  });

  it('needs If-Match (428), refuses a stale or weak one (412) and writes nothing', async () => {
    // Arrange
    const { call, models } = fixture();

    // Act
    const missing = await call(ADMIN, 'PUT', MODEL, { body: edited });
    const stale = await call(ADMIN, 'PUT', MODEL, { body: edited, headers: { 'if-match': '"7"' } });
    const weak = await call(ADMIN, 'PUT', MODEL, { body: edited, headers: { 'if-match': 'W/"1"' } });

    // Assess
    expect(missing.status).toBe(428);
    expect([stale.status, stale.json.code]).toEqual([412, 'stale-version']);
    expect([weak.status, weak.json.code]).toEqual([412, 'stale-version']);
    expect(models.saves).toHaveLength(0);
  });

  it('writes nothing for a model equal to the one in force', async () => {
    // Arrange
    const { call, models } = fixture();

    // Act
    const response = await call(ADMIN, 'PUT', MODEL, { body: document, headers: { 'if-match': '"1"' } });

    // Assess
    expect([response.status, response.headers.etag]).toEqual([200, '"1"']);
    expect(models.saves).toHaveLength(0);
  });

  it.each([
    [
      'thresholds out of order',
      { ...document, thresholds: { medium: 0.7, high: 0.4 } },
      'thresholds-out-of-order',
    ],
    [
      'a model in which 180 days without a transaction is no warning',
      { ...document, weights: { ...document.weights, inactive: 0 } },
      'inactivity-not-a-warning',
    ],
  ])('refuses %s with its 422, writing nothing', async (_case, body, code) => {
    // Arrange
    const { call, models } = fixture();

    // Act
    const response = await call(ADMIN, 'PUT', MODEL, { body, headers: { 'if-match': '"1"' } });

    // Assess
    expect([response.status, response.json.code]).toEqual([422, code]);
    expect(models.saves).toHaveLength(0);
  });

  it('refuses a malformed model with 422, writing nothing and echoing nothing', async () => {
    // Arrange
    const { call, models } = fixture();
    const marker = '110101199003077777';

    // Act
    const answers = [
      await call(ADMIN, 'PUT', MODEL, { body: { ...edited, note: marker }, headers: { 'if-match': '"1"' } }),
      await call(ADMIN, 'PUT', MODEL, {
        body: { ...edited, weights: { ...edited.weights, inactive: marker } },
        headers: { 'if-match': '"1"' },
      }),
      await call(ADMIN, 'PUT', MODEL, {
        body: { ...edited, valueAtRisk: { ...edited.valueAtRisk, currency: marker } },
        headers: { 'if-match': '"1"' },
      }),
    ];

    // Assess
    for (const answer of answers) {
      expect(answer.status).toBe(422);
      expect(answer.text).not.toContain(marker);
    }
    expect(models.saves).toHaveLength(0);
  });
});

describe('GET /v1/retention-cases and /v1/retention-cases/{caseId}', () => {
  function casesFixture() {
    const world = fixture();
    world.cases.put(testCase('ret_2', 'cus-2', 'BJ01', 'rm-8', '2026-12-02T16:15:00.000Z'));
    world.cases.put(testCase('ret_3', 'cus-3', 'SH01', 'rm-9', '2026-12-01T16:15:00.000Z'));
    for (const entry of world.cases.cases.values()) world.reader.cases.set(entry.case.caseId, entry.case);
    world.reader.cases.set('ret_4', {
      ...testCase('ret_4', 'cus-4', 'BJ01', 'rm-7', '2026-11-01T16:15:00.000Z'),
      status: 'monitoring',
    });
    return world;
  }

  it("lists an RM's own cases and a supervisor's branch in one status, oldest first, never a task token", async () => {
    // Arrange
    const { call } = casesFixture();

    // Act
    const rm = await call(RM, 'GET', CASES);
    const supervisor = await call(SUPERVISOR, 'GET', CASES);
    const monitoring = await call(RM, 'GET', CASES, { query: { status: 'monitoring' } });

    // Assess
    const ids = (page: typeof rm) => (page.json.items as { caseId: string }[]).map((item) => item.caseId);
    expect(ids(rm)).toEqual(['ret_1']);
    expect(ids(supervisor)).toEqual(['ret_2', 'ret_1']);
    expect(ids(monitoring)).toEqual(['ret_4']);
    const listed = (rm.json.items as Record<string, unknown>[])[0];
    expect(listed).toMatchObject({ status: 'outreach', version: 1 });
    expect(listed?.waiting).toBeUndefined();
    for (const page of [rm, supervisor, monitoring]) expect(page.text).not.toContain('TOKEN-SECRET');
  });

  it('reads a case with its attempts and its version as ETag, never the task token', async () => {
    // Arrange
    const { call } = casesFixture();
    await call(RM, 'POST', ATTEMPTS, { body: REACHED });

    // Act
    const response = await call(SUPERVISOR, 'GET', CASE);

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe('"2"');
    expect(response.json).toMatchObject({
      caseId: 'ret_1',
      customerId: 'cus-1',
      assignedTo: 'rm',
      status: 'outreach',
      attempts: 1,
    });
    expect(response.json.attemptsRecorded).toEqual([
      { attempt: 1, ...REACHED, by: 'user-rm7', at: '2026-12-04T02:00:00.000Z' },
    ]);
    expect(response.json.waiting).toBeUndefined();
    expect(response.text).not.toContain('TOKEN-SECRET');
  });

  it('answers the same 404 for an unknown case and a case outside the caller’s scope, acting on none', async () => {
    // Arrange
    const { call, cases } = casesFixture();

    // Act
    const answers = [
      await call(RM, 'GET', `${CASES}/ret_nobody`),
      await call(OTHER_RM, 'GET', CASE),
      await call(OTHER_SUPERVISOR, 'GET', CASE),
      await call(OTHER_RM, 'POST', ATTEMPTS, { body: REACHED }),
      await call(OTHER_SUPERVISOR, 'POST', CLOSE_EARLY, { body: { reason: 'not-reachable' } }),
      await call(SUPERVISOR, 'POST', `${CASES}/ret_nobody/close-early`, {
        body: { reason: 'not-reachable' },
      }),
    ];

    // Assess
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect({ code: answer.json.code, detail: answer.json.detail }).toEqual({
        code: 'case-not-found',
        detail: 'No retention case with this id is visible to you',
      });
    }
    expect(cases.calls).toEqual([]);
  });
});

describe('POST /v1/retention-cases/{caseId}/attempts', () => {
  it('records the attempt by the caller and answers the case with its new version', async () => {
    // Arrange
    const { call, cases } = fixture();

    // Act
    const response = await call(RM, 'POST', ATTEMPTS, {
      body: { ...REACHED, offerRecommendationId: 'rec_01' },
      headers: { 'if-match': '"1"', 'idempotency-key': 'attempt-0001' },
    });

    // Assess
    expect(response.status).toBe(201);
    expect(response.headers.etag).toBe('"2"');
    expect(response.headers['idempotent-replayed']).toBeUndefined();
    expect(response.json.attempt).toMatchObject({
      attempt: 1,
      channel: 'phone',
      reached: true,
      by: 'user-rm7',
    });
    expect(response.text).not.toContain('TOKEN-SECRET');
    expect(cases.calls).toEqual([
      {
        kind: 'attempt',
        caseId: 'ret_1',
        expectedVersion: 1,
        idempotencyKey: 'attempt-0001',
        input: { ...REACHED, offerRecommendationId: 'rec_01' },
        actor: { sub: 'user-rm7', role: 'relationship-manager' },
      },
    ]);
  });

  it('marks a replay of the same Idempotency-Key', async () => {
    // Arrange
    const { call, cases } = fixture();
    cases.replay = true;

    // Act
    const response = await call(RM, 'POST', ATTEMPTS, {
      body: REACHED,
      headers: { 'idempotency-key': 'attempt-0001' },
    });

    // Assess
    expect([response.status, response.headers['idempotent-replayed']]).toEqual([201, 'true']);
  });

  it('refuses a stale or weak If-Match with 412 before acting, and a malformed one with 400', async () => {
    // Arrange
    const { call, cases } = fixture();

    // Act
    const stale = await call(RM, 'POST', ATTEMPTS, { body: REACHED, headers: { 'if-match': '"5"' } });
    const weak = await call(RM, 'POST', ATTEMPTS, { body: REACHED, headers: { 'if-match': 'W/"1"' } });
    const malformed = await call(RM, 'POST', ATTEMPTS, {
      body: REACHED,
      headers: { 'if-match': 'yesterday' },
    });

    // Assess
    expect([stale.status, stale.json.code]).toEqual([412, 'stale-version']);
    expect([weak.status, weak.json.code]).toEqual([412, 'stale-version']);
    expect([malformed.status, malformed.json.code]).toEqual([400, 'malformed-if-match']);
    expect(malformed.text).not.toContain('yesterday');
    expect(cases.calls).toEqual([]);
  });

  it.each([
    ['a closed case', new CaseClosedError('closed'), 409, 'case-closed'],
    ['a cause not configured', new UnknownCauseError('cause'), 422, 'unknown-cause'],
    ['an offer not recorded', new OfferNotRecordedError('offer'), 422, 'offer-not-recorded'],
    ['a reused Idempotency-Key', new IdempotencyKeyReusedError('key'), 409, 'idempotency-key-reused'],
  ])('answers %s with its problem', async (_case, error, status, code) => {
    // Arrange
    const { call, cases } = fixture();
    cases.refuse = error;

    // Act
    const response = await call(RM, 'POST', ATTEMPTS, { body: { ...REACHED, cause: 'moved-abroad' } });

    // Assess
    expect([response.status, response.json.code]).toEqual([status, code]);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.text).not.toContain('moved-abroad');
  });

  const MARKER = '110101199003077777';
  it.each([
    ['an unknown field', { ...REACHED, note: MARKER }],
    ['a channel that does not exist', { ...REACHED, channel: MARKER }],
    ['a free-text cause', { ...REACHED, cause: `张三 said ${MARKER}` }],
    ['an offer that is not an id', { ...REACHED, offerRecommendationId: `rec ${MARKER}` }],
    ['no reached', { channel: 'phone' }],
    ['a response that does not exist', { ...REACHED, response: MARKER }],
  ])('refuses %s with 422, acting on nothing and echoing nothing', async (_case, body) => {
    // Arrange
    const { call, cases } = fixture();

    // Act
    const response = await call(RM, 'POST', ATTEMPTS, { body });

    // Assess
    expect(response.status).toBe(422);
    expect(response.text).not.toContain(MARKER);
    expect(cases.calls).toEqual([]);
  });

  it('refuses a malformed Idempotency-Key with 400 without echoing it', async () => {
    // Arrange
    const { call, cases } = fixture();

    // Act
    const response = await call(RM, 'POST', ATTEMPTS, {
      body: REACHED,
      headers: { 'idempotency-key': 'a b' },
    });

    // Assess
    expect([response.status, response.json.code]).toEqual([400, 'malformed-idempotency-key']);
    expect(cases.calls).toEqual([]);
  });
});

describe('POST /v1/retention-cases/{caseId}/close-early', () => {
  it("closes a case of the supervisor's branch with the reason, the outcome decided now", async () => {
    // Arrange
    const { call, cases } = fixture();

    // Act
    const response = await call(SUPERVISOR, 'POST', CLOSE_EARLY, {
      body: { reason: 'customer-retained' },
      headers: { 'if-match': '"1"' },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe('"2"');
    expect(response.json).toMatchObject({
      status: 'closed',
      outcome: 'retained',
      earlyReason: 'customer-retained',
      closedBy: 'user-sup',
    });
    expect(cases.calls).toEqual([
      expect.objectContaining({ kind: 'close-early', expectedVersion: 1, input: 'customer-retained' }),
    ]);
  });

  it('answers a case already closed with 409 case-closed, and a reason that does not exist with 422', async () => {
    // Arrange
    const { call, cases } = fixture();
    cases.refuse = new CaseClosedError('closed');

    // Act
    const closed = await call(SUPERVISOR, 'POST', CLOSE_EARLY, { body: { reason: 'duplicate-case' } });
    const unknown = await call(SUPERVISOR, 'POST', CLOSE_EARLY, { body: { reason: 'customer said 110101' } });

    // Assess
    expect([closed.status, closed.json.code]).toEqual([409, 'case-closed']);
    expect(unknown.status).toBe(422);
    expect(unknown.text).not.toContain('customer said');
  });
});

describe('GET /v1/retention/kpis', () => {
  function kpiFixture() {
    const world = fixture();
    world.reader.buckets = [
      // Before the range: 120 joined, 20 churned at BJ01 → 100 customers at its start.
      { branch: 'BJ01', day: '2026-10-15', counts: { customersJoined: 120, customersChurned: 20 } },
      {
        branch: 'BJ01',
        day: '2026-11-02',
        counts: {
          alertsHigh: 3,
          alertsMedium: 5,
          casesOpened: 8,
          contactedInTime: 6,
          contactedLate: 2,
          casesEscalated: 2,
          customersChurned: 2,
        },
      },
      {
        branch: 'BJ01',
        day: '2026-11-28',
        counts: {
          outcomeRetained: 3,
          outcomeReactivated: 1,
          outcomeLost: 1,
          alertsConfirmed: 2,
          closedEarly: 1,
          customersJoined: 7,
        },
      },
      { branch: 'SH01', day: '2026-11-03', counts: { alertsHigh: 10, casesOpened: 10 } },
    ];
    return world;
  }

  it('sums the range and computes the rates: win-back, alert precision, in-time contacts, churn of the period', async () => {
    // Arrange
    const { call } = kpiFixture();

    // Act
    const response = await call(SUPERVISOR, 'GET', KPIS, { query: { from: '2026-11-01', to: '2026-11-30' } });

    // Assess
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
      branch: 'BJ01',
      alerts: { high: 3, medium: 5 },
      casesOpened: 8,
      contacted: { inTime: 6, late: 2, inTimeRate: 0.75 },
      escalated: 2,
      outcomes: { retained: 3, reactivated: 1, lost: 1 },
      closed: 5,
      closedEarly: 1,
      winBackRate: 0.8,
      alertPrecision: 0.4,
      churn: { churned: 2, customersAtStart: 100, churnRate: 0.02 },
    });
  });

  it('answers null for every rate whose denominator is 0', async () => {
    // Arrange
    const { call } = kpiFixture();

    // Act
    const response = await call(COMPLIANCE, 'GET', KPIS, { query: { from: '2026-01-01', to: '2026-01-31' } });

    // Assess
    expect(response.json).toMatchObject({
      closed: 0,
      contacted: { inTime: 0, late: 0, inTimeRate: null },
      winBackRate: null,
      alertPrecision: null,
      churn: { churned: 0, customersAtStart: 0, churnRate: null },
    });
  });

  it('gives every branch to analysts and compliance, and refuses a supervisor another branch with 403', async () => {
    // Arrange
    const { call } = kpiFixture();
    const query = { from: '2026-11-01', to: '2026-11-30' };

    // Act
    const all = await call(ANALYST, 'GET', KPIS, { query });
    const other = await call(SUPERVISOR, 'GET', KPIS, { query: { ...query, branch: 'SH01' } });

    // Assess
    expect(all.json).toMatchObject({ alerts: { high: 13, medium: 5 }, casesOpened: 18 });
    expect(all.json.branch).toBeUndefined();
    expect([other.status, other.json.code]).toEqual([403, 'branch-out-of-scope']);
  });

  it.each([
    ['a date that does not exist', { from: '2026-02-30', to: '2026-03-01' }],
    ['a range backwards', { from: '2026-03-01', to: '2026-02-01' }],
    ['a range over 366 days', { from: '2025-01-01', to: '2026-03-01' }],
  ])('refuses %s with 422', async (_case, query) => {
    // Arrange
    const { call } = kpiFixture();

    // Act
    const response = await call(ANALYST, 'GET', KPIS, { query });

    // Assess
    expect(response.status).toBe(422);
  });
});

describe('authorisation: role × route', () => {
  type Route =
    | 'risk'
    | 'worklist'
    | 'modelRead'
    | 'modelWrite'
    | 'cases'
    | 'case'
    | 'attempt'
    | 'closeEarly'
    | 'kpis';
  /** Each role on records in its scope (compliance reads risk, never cases). */
  const MATRIX: readonly (readonly [Role, TestCaller, Record<Route, number>])[] = [
    [
      'relationship-manager',
      RM,
      {
        risk: 200,
        worklist: 200,
        modelRead: 403,
        modelWrite: 403,
        cases: 200,
        case: 200,
        attempt: 201,
        closeEarly: 403,
        kpis: 403,
      },
    ],
    [
      'supervisor',
      SUPERVISOR,
      {
        risk: 200,
        worklist: 200,
        modelRead: 200,
        modelWrite: 403,
        cases: 200,
        case: 200,
        attempt: 201,
        closeEarly: 200,
        kpis: 200,
      },
    ],
    [
      'compliance-officer',
      COMPLIANCE,
      {
        risk: 200,
        worklist: 403,
        modelRead: 200,
        modelWrite: 403,
        cases: 403,
        case: 403,
        attempt: 403,
        closeEarly: 403,
        kpis: 200,
      },
    ],
    [
      'analyst',
      ANALYST,
      {
        risk: 403,
        worklist: 200,
        modelRead: 200,
        modelWrite: 403,
        cases: 403,
        case: 403,
        attempt: 403,
        closeEarly: 403,
        kpis: 200,
      },
    ],
    [
      'admin',
      ADMIN,
      {
        risk: 403,
        worklist: 403,
        modelRead: 200,
        modelWrite: 200,
        cases: 403,
        case: 403,
        attempt: 403,
        closeEarly: 403,
        kpis: 403,
      },
    ],
    [
      'service-agent',
      { sub: 'user-agent', role: 'service-agent', branch: 'BJ01' },
      {
        risk: 403,
        worklist: 403,
        modelRead: 403,
        modelWrite: 403,
        cases: 403,
        case: 403,
        attempt: 403,
        closeEarly: 403,
        kpis: 403,
      },
    ],
    [
      'complaints-manager',
      { sub: 'user-cm', role: 'complaints-manager', branch: 'BJ01' },
      {
        risk: 403,
        worklist: 403,
        modelRead: 403,
        modelWrite: 403,
        cases: 403,
        case: 403,
        attempt: 403,
        closeEarly: 403,
        kpis: 403,
      },
    ],
    [
      'ingestion-client',
      { sub: 'client-core', role: 'ingestion-client' },
      {
        risk: 403,
        worklist: 403,
        modelRead: 403,
        modelWrite: 403,
        cases: 403,
        case: 403,
        attempt: 403,
        closeEarly: 403,
        kpis: 403,
      },
    ],
  ];

  it.each(MATRIX)('%s', async (_role, caller, expected) => {
    // Arrange
    const { call, cases, models } = fixture();
    const { version: _version, ...document } = DEFAULT_CHURN_MODEL;

    // Act
    const statuses: Record<Route, number> = {
      risk: (await call(caller, 'GET', RISK)).status,
      worklist: (await call(caller, 'GET', WORKLIST)).status,
      modelRead: (await call(caller, 'GET', MODEL)).status,
      modelWrite: (
        await call(caller, 'PUT', MODEL, {
          // A change the model rules accept whatever the shipped weights are (a higher intercept
          // keeps 180 quiet days a warning).
          body: { ...document, intercept: document.intercept + 0.1 },
          headers: { 'if-match': '"1"' },
        })
      ).status,
      cases: (await call(caller, 'GET', CASES)).status,
      case: (await call(caller, 'GET', CASE)).status,
      attempt: (await call(caller, 'POST', ATTEMPTS, { body: REACHED })).status,
      closeEarly: (await call(caller, 'POST', CLOSE_EARLY, { body: { reason: 'not-reachable' } })).status,
      kpis: (await call(caller, 'GET', KPIS, { query: { from: '2026-11-01', to: '2026-11-30' } })).status,
    };

    // Assess
    expect(statuses).toEqual(expected);
    expect(cases.calls.map((entry) => entry.kind)).toEqual([
      ...(expected.attempt === 201 ? ['attempt'] : []),
      ...(expected.closeEarly === 200 ? ['close-early'] : []),
    ]);
    expect(models.saves).toHaveLength(expected.modelWrite === 200 ? 1 : 0);
  });
});
