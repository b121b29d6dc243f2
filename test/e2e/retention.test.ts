import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETENTION_STATES } from '../../functions/retention/workflows/retention-case.js';
import { seedDemoProducts } from '../../infra/local/demo-products.js';
import type { ExecutionRecord } from '../../infra/local/step-functions.js';
import { CORE_BANKING_SOURCE } from '../../shared/events/external.js';
import { prcId } from '../support/customers-harness.js';
import { type ApiResponse, api, devToken, startTestCloud, type TestCloud } from '../support/local-cloud.js';

interface CapturedMessage {
  readonly channel: string;
  readonly to: string;
  readonly text: string;
}
interface Contribution {
  readonly signal: string;
  readonly value: number;
  readonly contribution: number;
}
interface CaseView {
  readonly caseId: string;
  readonly customerId: string;
  readonly status: string;
  readonly strategy: string;
  readonly level: string;
  readonly outreachDueAt: string;
  readonly windowEndsAt: string;
  readonly outcome?: string;
  readonly version: number;
}

const DAY = 86_400_000;
const S = RETENTION_STATES;

/**
 * The churn early warning and the retention workflow end to end in the local cloud, on its
 * controlled clock (docs/domain-rules.md §20): two customers of RM rm-e2e transact once on
 * Monday 5 January 2026 and go quiet. 182 days later activity's daily regrade and the daily
 * churn rescoring run: both are `high` (ChurnRiskChanged), each gets a case (RetentionCaseOpened)
 * with a care contact, the worklist ranks them by priority. Customer A's outreach is missed for
 * 3 working days and escalates; the supervisor reaches A, A transacts again, and at the end of
 * the 30-day window A's case closes `reactivated`. Customer B withdrew marketing consent: the
 * care contact reaches B, an offer sent by SMS is refused by the contact policy, and B's case
 * closes `lost` (still high). The KPIs count all of it; no name, mobile or id number is in any
 * event or execution.
 */
describe('churn early warning and retention cases in the local cloud', () => {
  // Monday 5 January 2026, 10:00 in Beijing.
  const START = new Date('2026-01-05T02:00:00.000Z');
  // Monday 6 July 2026, 10:00 in Beijing: 182 days without a transaction.
  const ALERT = new Date('2026-07-06T02:00:00.000Z');
  const A = { name: '欧阳修', mobile: '13912341301', idNumber: prcId('1979-04-02', 131) };
  const B = { name: '苏东坡', mobile: '13912341302', idNumber: prcId('1983-11-19', 132) };
  /** Every piece of personal data sent: none may reach an event or an execution. */
  const personal = [A.name, A.mobile, A.idNumber, B.name, B.mobile, B.idNumber];
  let cloud: TestCloud;
  let admin: string;
  let rm: ReturnType<typeof api>;
  let supervisor: ReturnType<typeof api>;
  let customerA: string;
  let customerB: string;
  let transactions = 0;

  /** A successful deposit of the customer's on the bus, as core banking posts it. */
  async function transact(customerId: string, at: Date): Promise<void> {
    transactions += 1;
    const response = await fetch(`${cloud.apiUrl}/local/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        Entries: [
          {
            Source: CORE_BANKING_SOURCE,
            DetailType: 'TransactionPosted',
            Detail: {
              transactionId: `txn-e2e-ret-${transactions}`,
              customerId,
              type: 'deposit',
              channel: 'mobile-banking',
              amount: 50_000,
              currency: 'CNY',
              status: 'success',
              postedAt: at.toISOString(),
            },
            Time: at.toISOString(),
          },
        ],
      }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { FailedEntryCount: number }).FailedEntryCount).toBe(0);
  }

  async function register(customer: typeof A): Promise<{ customerId: string; etag: string }> {
    const registered = await rm.post('/v1/customers', {
      type: 'individual',
      name: customer.name,
      idType: 'prc-id',
      idNumber: customer.idNumber,
      mobile: customer.mobile,
      branch: 'BJ01',
      rmId: 'rm-e2e',
      // A customer since October 2025: January 2026 is a complete month of theirs.
      onboardedAt: '2025-10-01T02:00:00.000Z',
      // Assessed at registration (C3, balanced): suitable products can be recommended.
      riskTolerance: 'C3',
      riskAssessedAt: START.toISOString(),
      investmentObjective: 'balanced',
      horizonDays: 400,
      intendedAmount: { amount: 10_000_000, currency: 'CNY' },
    });
    expect(registered.status, JSON.stringify(registered.json)).toBe(201);
    return { customerId: String(registered.json.customerId), etag: registered.headers.etag ?? '' };
  }

  function expectOk(response: ApiResponse, status = 200): Record<string, unknown> {
    expect(response.status, JSON.stringify(response.json)).toBe(status);
    return response.json;
  }

  const events = (detailType: string) =>
    cloud.bus.recentEvents.filter((event) => event['detail-type'] === detailType);
  const detailsOf = (detailType: string, customerId: string) =>
    events(detailType)
      .map((event) => event.detail as Record<string, unknown>)
      .filter((detail) => detail.customerId === customerId);

  /** Each customer's case id, from the RM's list of open cases when they opened. */
  const caseIds = new Map<string, string>();

  async function caseOf(customerId: string): Promise<CaseView> {
    let caseId = caseIds.get(customerId);
    if (caseId === undefined) {
      const listed = expectOk(await rm.get('/v1/retention-cases?status=outreach&limit=50'));
      caseId = (listed.items as CaseView[]).find((item) => item.customerId === customerId)?.caseId;
      if (caseId === undefined) throw new Error(`no case for ${customerId}`);
      caseIds.set(customerId, caseId);
    }
    return expectOk(await supervisor.get(`/v1/retention-cases/${caseId}`)) as unknown as CaseView;
  }

  function execution(caseId: string): ExecutionRecord {
    const found = cloud.stepFunctions.listExecutions('RetentionCase').find((e) => e.name === caseId);
    if (found === undefined) throw new Error(`no execution for ${caseId}`);
    return found;
  }

  /** Resolves once the case's execution waits on a task token in `state`. */
  async function waitingIn(caseId: string, state: string): Promise<void> {
    await cloud.settle();
    await cloud.stepFunctions.waitForExecution(
      execution(caseId).executionArn,
      (record) => cloud.stepFunctions.pendingTasks(record.executionArn)[0]?.stateName === state,
    );
  }

  async function messagesTo(mobile: string): Promise<CapturedMessage[]> {
    const captured = await api(cloud).get('/local/messages');
    return (captured.json.messages as CapturedMessage[]).filter((message) => message.to === mobile);
  }

  beforeAll(async () => {
    cloud = await startTestCloud({ now: START });
    admin = await devToken(cloud, { sub: 'e2e-admin', role: 'admin' });
    rm = api(
      cloud,
      await devToken(cloud, { sub: 'e2e-rm', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-e2e' }),
    );
    supervisor = api(cloud, await devToken(cloud, { sub: 'e2e-sup', role: 'supervisor', branch: 'BJ01' }));

    // A model of the bank's own (versioned, audited): 180 quiet days alone are `high`, so the
    // case is an inactivity case (a care contact) whatever weights the shipped default has.
    const current = await api(cloud, admin).get('/v1/churn-risk/model');
    const shipped = expectOk(current).model as Record<string, unknown> & { weights: Record<string, number> };
    const saved = await api(cloud, admin).put(
      '/v1/churn-risk/model',
      {
        ...shipped,
        intercept: -3,
        weights: { ...shipped.weights, inactive: 4, 'frequency-drop': 1 },
      },
      { headers: { 'if-match': current.headers.etag ?? '' } },
    );
    expect(expectOk(saved).version).toBe(2);

    const registeredA = await register(A);
    const registeredB = await register(B);
    customerA = registeredA.customerId;
    customerB = registeredB.customerId;
    // B allowed marketing by SMS, then withdrew it.
    const granted = await rm.put(
      `/v1/customers/${customerB}/consents/marketing`,
      { granted: true, channels: ['sms'] },
      { headers: { 'if-match': registeredB.etag } },
    );
    expectOk(granted);
    const withdrawn = await rm.put(
      `/v1/customers/${customerB}/consents/marketing`,
      { granted: false },
      { headers: { 'if-match': granted.headers.etag ?? '' } },
    );
    expectOk(withdrawn);
    await cloud.settle();
    // One deposit for A, four for B (B's frequency falls by more than half: a second signal).
    await transact(customerA, START);
    for (let n = 0; n < 4; n += 1) await transact(customerB, new Date(START.getTime() - n * 3_600_000));
    await cloud.settle();
  }, 120_000);
  afterAll(async () => {
    await cloud?.stop();
  });

  it('scores a customer who transacts as low on the activity event, with the saved model', async () => {
    const risk = expectOk(await rm.get(`/v1/customers/${customerA}/churn-risk`));
    expect(risk).toMatchObject({ level: 'low', modelVersion: 2 });
    // Scored by the RetentionRescorer from the ChurnRescoring FIFO queue the consumer asked on:
    // every request handed out, none failed for good, never more batches than requests.
    const rescoring = cloud.workQueues.byWork('ChurnRescoring');
    expect(rescoring?.stats.sent).toBeGreaterThan(0);
    expect(rescoring?.stats.batches).toBeLessThanOrEqual(rescoring?.stats.sent ?? 0);
    expect(rescoring?.deadLetters).toEqual([]);
    expect(rescoring?.depth).toBe(0);
  });

  it('warns after 180 quiet days: high, a case each, a care contact, the worklist by priority', async () => {
    cloud.clock.set(ALERT);
    await cloud.scheduler.runNow('DailyRegrade');
    await cloud.settle();
    await cloud.scheduler.runNow('DailyChurnRescore');
    await cloud.settle();

    for (const customerId of [customerA, customerB]) {
      const changes = detailsOf('ChurnRiskChanged', customerId);
      expect(changes.at(-1)).toMatchObject({ customerId, level: 'high' });
      expect(changes.at(-1)?.reasons).toContain('inactive');
      expect(detailsOf('RetentionCaseOpened', customerId)).toHaveLength(1);
    }

    // The score explained: the baseline and every signal, adding up to the score exactly.
    const risk = expectOk(await rm.get(`/v1/customers/${customerB}/churn-risk`));
    const contributions = risk.contributions as Contribution[];
    const sum = contributions.reduce((total, term) => total + term.contribution, 0);
    expect(Math.round(sum * 1000) / 1000).toBe(risk.score);
    expect(contributions.filter((term) => term.value === 1).map((term) => term.signal)).toEqual(
      expect.arrayContaining(['baseline', 'inactive', 'frequency-drop']),
    );
    expect((risk.history as unknown[]).length).toBeGreaterThanOrEqual(2);
    expect(risk.openCaseId).toEqual(expect.stringMatching(/^ret_/));

    // The RM's worklist: B (two signals) before A (one), both high.
    const worklist = expectOk(await rm.get('/v1/churn-risk?level=high'));
    const items = worklist.items as { customerId: string; priority: number }[];
    expect(items.map((item) => item.customerId)).toEqual([customerB, customerA]);
    expect(items[0]?.priority).toBeGreaterThan(items[1]?.priority ?? 0);

    // Each case: an inactivity case (a care contact), the RM's outreach due at the end of the
    // third working day (Thursday 9 July in Beijing), the window 30 days from the alert.
    for (const customerId of [customerA, customerB]) {
      const opened = await caseOf(customerId);
      expect(opened).toMatchObject({
        status: 'outreach',
        level: 'high',
        strategy: 'care-contact',
        outreachDueAt: '2026-07-09T15:59:59.999Z',
      });
      expect(Date.parse(opened.windowEndsAt)).toBe(ALERT.getTime() + 30 * DAY);
      await waitingIn(opened.caseId, S.outreach);
    }

    // The care contact is a care message: B gets it though B withdrew marketing consent.
    const toB = await messagesTo(B.mobile);
    expect(toB).toHaveLength(1);
    expect(detailsOf('ContactDecided', customerB)).toEqual([
      expect.objectContaining({ purpose: 'care', outcome: 'sent' }),
    ]);
    expect(await messagesTo(A.mobile)).toHaveLength(1);
  });

  it('refuses an offer by SMS to the customer who withdrew marketing consent', async () => {
    // The RM recommends a suitable product by phone; the attempt sends the offer by SMS.
    const seeded = await seedDemoProducts({ apiUrl: cloud.apiUrl, now: cloud.clock.now() }, admin);
    expect(seeded).toMatchObject({ failed: 0 });
    const listed = expectOk(await rm.get(`/v1/customers/${customerB}/recommendations`));
    const suitable = (listed.recommended as { productId: string }[])[0]?.productId;
    expect(suitable).toBeDefined();
    const made = await rm.post(
      `/v1/customers/${customerB}/recommendations`,
      { productId: suitable, channel: 'phone' },
      { headers: { 'idempotency-key': 'e2e-ret-offer' } },
    );
    const recommendationId = String(expectOk(made, 201).recommendationId);
    await cloud.settle();

    const opened = await caseOf(customerB);
    const attempt = await rm.post(
      `/v1/retention-cases/${opened.caseId}/attempts`,
      { channel: 'sms', reached: false, offerRecommendationId: recommendationId },
      { headers: { 'idempotency-key': 'e2e-ret-b-1' } },
    );
    expect(expectOk(attempt, 201).case).toMatchObject({ status: 'outreach', attempts: 1 });
    await cloud.settle();

    const decided = detailsOf('ContactDecided', customerB);
    expect(decided.filter((detail) => detail.purpose === 'marketing')).toEqual([
      expect.objectContaining({ outcome: 'refused', rule: 'no-consent' }),
    ]);
    // Nothing marketing reached B: still the one care message.
    expect(await messagesTo(B.mobile)).toHaveLength(1);
  });

  it('escalates a missed outreach after 3 working days and counts it uncontacted', async () => {
    const opened = await caseOf(customerA);
    // A minute before the due time the outreach is still the RM's.
    cloud.clock.set(new Date(Date.parse(opened.outreachDueAt) - 60_000));
    await waitingIn(opened.caseId, S.outreach);
    expect(await caseOf(customerA)).toMatchObject({ status: 'outreach' });
    cloud.clock.set(new Date(Date.parse(opened.outreachDueAt) + 60_000));
    // Nobody reached either customer (B's SMS was no conversation): both go to the supervisor.
    for (const customerId of [customerA, customerB]) {
      await waitingIn((await caseOf(customerId)).caseId, S.escalated);
      expect(await caseOf(customerId)).toMatchObject({ status: 'escalated' });
      expect(detailsOf('RetentionCaseEscalated', customerId)).toHaveLength(1);
    }
    const escalated = expectOk(await supervisor.get('/v1/retention-cases?status=escalated'));
    expect((escalated.items as CaseView[]).map((item) => item.customerId).sort()).toEqual(
      [customerA, customerB].sort(),
    );
    const gauge = (await cloud.scheduler.runNow('RetentionUncontactedCount')) as Record<string, number>;
    expect(gauge).toEqual({ uncontacted: 2 });
  });

  it('records the reached attempt, then the outcome 30 days from the alert', async () => {
    const opened = await caseOf(customerA);
    const reached = await supervisor.post(
      `/v1/retention-cases/${opened.caseId}/attempts`,
      { channel: 'phone', reached: true, cause: 'inactivity', response: 'considering' },
      { headers: { 'idempotency-key': 'e2e-ret-a-1' } },
    );
    expect(expectOk(reached, 201).case).toMatchObject({ status: 'monitoring' });
    await waitingIn(opened.caseId, S.monitoring);
    expect(detailsOf('RetentionAttemptRecorded', customerA)).toHaveLength(1);

    // A comes back: a deposit the same day, scored on the event (no longer high).
    await transact(customerA, cloud.clock.now());
    await cloud.settle();
    expect(expectOk(await rm.get(`/v1/customers/${customerA}/churn-risk`)).level).toBe('low');

    // The window's end: both customers scored again, the outcomes recorded.
    cloud.clock.set(new Date(Date.parse(opened.windowEndsAt) + 60_000));
    for (const customerId of [customerA, customerB]) {
      const { caseId } = await caseOf(customerId);
      const done = await cloud.stepFunctions.waitForExecution(execution(caseId).executionArn);
      expect(done.status).toBe('SUCCEEDED');
    }
    await cloud.settle();
    expect(await caseOf(customerA)).toMatchObject({ status: 'closed', outcome: 'reactivated' });
    expect(await caseOf(customerB)).toMatchObject({ status: 'closed', outcome: 'lost' });
    expect(detailsOf('RetentionCaseClosed', customerA)).toEqual([
      expect.objectContaining({ outcome: 'reactivated', strategy: 'care-contact', cause: 'inactivity' }),
    ]);
    expect(detailsOf('RetentionCaseClosed', customerB)).toEqual([
      expect.objectContaining({ outcome: 'lost' }),
    ]);

    const kpis = expectOk(await supervisor.get('/v1/retention/kpis?from=2026-07-01&to=2026-08-31'));
    expect(kpis).toMatchObject({
      alerts: { high: 2, medium: 0 },
      casesOpened: 2,
      contacted: { inTime: 0, late: 1 },
      escalated: 2,
      outcomes: { retained: 0, reactivated: 1, lost: 1 },
      closed: 2,
      closedEarly: 0,
      winBackRate: 0.5,
      // Both alerts proved right: one customer came back after the call, one is still high.
      alertPrecision: 1,
      // Registered in January, neither closed the relationship.
      churn: { churned: 0, customersAtStart: 2, churnRate: 0 },
    });
  });

  it('keeps names, mobiles and id numbers out of every event and execution', async () => {
    const executions = JSON.stringify(cloud.stepFunctions.listExecutions('RetentionCase'));
    const journals = (await readdir(cloud.dataDir)).filter((file) => file.startsWith('step-functions-'));
    expect(journals.length).toBeGreaterThan(0);
    const journal = (
      await Promise.all(journals.map((file) => readFile(join(cloud.dataDir, file), 'utf8')))
    ).join('');
    const published = JSON.stringify(cloud.bus.recentEvents);
    expect(executions).toContain('ret_');
    for (const value of personal) {
      expect(published).not.toContain(value);
      expect(executions).not.toContain(value);
      expect(journal).not.toContain(value);
    }
  });
});
