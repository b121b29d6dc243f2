import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RecommendationMade } from '../../../functions/recommendations/events.js';
import { caseActions } from '../../../functions/retention/service/cases/actions.js';
import { caseEventConsumer } from '../../../functions/retention/service/cases/case-events.js';
import { caseOpener } from '../../../functions/retention/service/cases/opening.js';
import { countUncontacted } from '../../../functions/retention/service/cases/uncontacted.js';
import { close, openStep, prepare } from '../../../functions/retention/service/cases/workflow-steps.js';
import { auditRecordFromItem, verifySignedChain } from '../../../shared/audit/index.js';
import { documentClientOf } from '../../../shared/dynamodb/index.js';
import { OUTBOX_ENTITY_TYPE } from '../../../shared/outbox/index.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { RecordingTaskGateway } from '../../support/complaints-fakes.js';
import { consumedEvent } from '../../support/consumed-event.js';
import { localClient, scanAll } from '../../support/dynamo.js';
import {
  ALERT_AT,
  featuresOf,
  OUTREACH_DUE_AT,
  openingOf,
  WINDOW_ENDS_AT,
} from '../../unit/retention/case-fakes.js';
import { caseWorld, retentionTables } from './case-world.js';

const RM = { sub: 'rm-1', role: 'relationship-manager' };
const SUPERVISOR = { sub: 'sup-1', role: 'branch-supervisor' };

/**
 * Retention cases on the real store (DynamoDB Local): the open-case marker, each change in one
 * transaction with its attempt, signed audit record, outbox events and KPI counts, the marker
 * released at the close, the recent recommendations, the outreach due index.
 */
describe('retention cases on DynamoDB Local', () => {
  const clock = new ControlledClock(new Date(ALERT_AT));
  const db = documentClientOf(localClient(inject('dynamodbEndpoint')));
  const workflows = new RecordingTaskGateway();
  let tables: { retention: string; audit: string };
  let world: ReturnType<typeof caseWorld>;

  beforeAll(async () => {
    tables = await retentionTables(inject('dynamodbEndpoint'), 'it-retcase');
    world = caseWorld(db, tables, clock, workflows);
  });
  afterAll(() => db.destroy());

  const items = () => scanAll(db, tables.retention);
  const outboxOf = async (caseId: string) =>
    (await items())
      .filter((item) => item.entityType === OUTBOX_ENTITY_TYPE && String(item.detail).includes(caseId))
      .map((item) => item.detailType);
  const kpiBucket = async () =>
    (await items()).find((item) => item.pk === 'KPI#BJ01' && item.sk === 'DAY#2026-03-05');

  it('opens one case per customer: the marker, the case on its indexes, the event, the count, the execution', async () => {
    clock.set(new Date(ALERT_AT));
    const opener = caseOpener(world.deps);
    const first = await opener.openFor(openingOf('cus-open', 'high', ['inactive']));
    const second = await opener.openFor(openingOf('cus-open', 'medium', ['aum-drop']));

    expect(second).toEqual({ opened: false, caseId: first.caseId });
    await expect(world.store.openCaseOf('cus-open')).resolves.toBe(first.caseId);
    const caseItem = (await items()).find((item) => item.pk === `CASE#${first.caseId}` && item.sk === 'CASE');
    expect(caseItem).toMatchObject({
      assignedTo: 'rm',
      branchKey: 'CASE#BJ01#outreach',
      assigneeKey: 'CASE#rm-1#outreach',
      listKey: `${ALERT_AT}#${first.caseId}`,
      dueKey: 'OUTREACH',
      dueAt: OUTREACH_DUE_AT,
      windowEndsAt: WINDOW_ENDS_AT,
    });
    expect(await outboxOf(first.caseId)).toEqual(['RetentionCaseOpened']);
    expect((await kpiBucket())?.casesOpened).toBe(1);
    expect(workflows.started.filter((start) => start.name === first.caseId)).toHaveLength(2);
  });

  it('stores a supervisor call as the branch supervisor’s case from the start', async () => {
    clock.set(new Date(ALERT_AT));
    const { caseId } = await caseOpener(world.deps).openFor(
      openingOf('cus-service', 'high', ['complaint-open']),
    );

    expect((await world.store.get(caseId))?.case).toMatchObject({
      strategy: 'supervisor-call',
      assignedTo: 'supervisor',
    });
  });

  it('writes an attempt with its signed audit record, events and count in one transaction; the token is answered', async () => {
    clock.set(new Date(ALERT_AT));
    const { caseId } = await caseOpener(world.deps).openFor(openingOf('cus-attempt', 'high', ['aum-drop']));
    await prepare(world.deps, caseId);
    await prepare(world.deps, caseId);
    await caseEventConsumer(world.deps)(
      consumedEvent(
        RecommendationMade,
        {
          recommendationId: 'rec-attempt',
          customerId: 'cus-attempt',
          productId: 'prd-1',
          category: 'deposit',
          riskLevel: 'R1',
          channel: 'phone',
          branch: 'BJ01',
          ruleVersion: 'v1',
          reasons: [],
          seniorConfirmed: false,
          caseId,
          at: '2026-03-05T02:05:00.000Z',
        },
        new Date('2026-03-05T02:05:00.000Z'),
      ),
    );
    await openStep(world.deps, caseId, 'outreach', 'token-attempt');
    clock.set(new Date('2026-03-06T02:00:00.000Z'));

    const actions = caseActions(world.deps);
    await actions.recordAttempt(
      caseId,
      { channel: 'sms', reached: false, offerRecommendationId: 'rec-attempt' },
      RM,
    );
    const { case: reached } = await actions.recordAttempt(
      caseId,
      {
        channel: 'phone',
        reached: true,
        cause: 'price-or-yield',
        response: 'accepted',
        offerRecommendationId: 'rec-attempt',
      },
      RM,
      3,
    );

    expect(reached).toMatchObject({
      status: 'monitoring',
      attempts: 2,
      version: 4,
      offer: { kind: 'recommended', recommendationId: 'rec-attempt', productId: 'prd-1' },
    });
    const shown = await actions.get(caseId);
    expect(shown?.attempts.map((attempt) => [attempt.attempt, attempt.channel, attempt.reached])).toEqual([
      [1, 'sms', false],
      [2, 'phone', true],
    ]);
    const caseItem = (await items()).find((item) => item.pk === `CASE#${caseId}` && item.sk === 'CASE');
    expect(caseItem?.dueKey).toBeUndefined();
    expect(caseItem?.branchKey).toBe('CASE#BJ01#monitoring');
    expect(await outboxOf(caseId)).toEqual(
      expect.arrayContaining([
        'RetentionCaseOpened',
        'RetentionOfferRequested',
        'RetentionAttemptRecorded',
        'RetentionContactRequested',
      ]),
    );
    expect((await outboxOf(caseId)).filter((type) => type === 'RetentionOfferRequested')).toHaveLength(1);
    const trail = await auditTrail(caseId);
    expect(trail.map((record) => [record.seq, record.action, record.actor])).toEqual([
      [1, 'retention-case.attempt-recorded', 'rm-1'],
      [2, 'retention-case.attempt-recorded', 'rm-1'],
    ]);
    await expect(verifySignedChain(trail, world.signer)).resolves.toEqual({ valid: true, length: 2 });
    expect(workflows.completed.filter((answer) => answer.taskToken === 'token-attempt')).toHaveLength(1);
  });

  it('closes early with the outcome, the audit record and the counts, releasing the marker for a new alert', async () => {
    clock.set(new Date(ALERT_AT));
    const { caseId } = await caseOpener(world.deps).openFor(openingOf('cus-early', 'high', ['inactive']));
    await openStep(world.deps, caseId, 'outreach', 'token-early');
    world.rescorer.scores.set('cus-early', { level: 'low', features: featuresOf('cus-early') });

    const closed = await caseActions(world.deps).closeEarly(caseId, 'customer-retained', SUPERVISOR, 1);
    await close(world.deps, caseId);

    expect(closed).toMatchObject({ status: 'closed', outcome: 'retained', earlyReason: 'customer-retained' });
    await expect(world.store.openCaseOf('cus-early')).resolves.toBeUndefined();
    expect((await outboxOf(caseId)).filter((type) => type === 'RetentionCaseClosed')).toHaveLength(1);
    expect((await auditTrail(caseId)).map((record) => record.action)).toEqual([
      'retention-case.closed-early',
    ]);
    expect(workflows.failed.filter((failure) => failure.taskToken === 'token-early')).toHaveLength(1);
    const again = await caseOpener(world.deps).openFor(openingOf('cus-early', 'high', ['inactive']));
    expect(again.opened).toBe(true);
  });

  it('counts the cases whose outreach is past due and nobody reached', async () => {
    clock.set(new Date('2027-06-01T02:00:00.000Z'));
    const late = await caseOpener(world.deps).openFor(
      openingOf('cus-late', 'high', ['inactive'], { at: '2027-06-01T02:00:00.000Z' }),
    );
    const before = await countUncontacted(world.store, new Date('2027-06-01T03:00:00.000Z'));

    const after = await countUncontacted(world.store, new Date('2027-06-30T00:00:00.000Z'));
    await caseActions(world.deps).recordAttempt(late.caseId, { channel: 'phone', reached: true }, RM);
    const reached = await countUncontacted(world.store, new Date('2027-06-30T00:00:00.000Z'));

    expect(after).toBe(before + 1);
    expect(reached).toBe(before);
  });

  it('keeps the latest 20 recommendations of a customer, newest first, whatever the delivery order', async () => {
    for (let n = 0; n < 22; n += 1) {
      const minute = String(n).padStart(2, '0');
      await world.store.rememberOffer('cus-offers', `rec-${minute}`, `2026-03-05T02:${minute}:00.000Z`);
    }
    await world.store.rememberOffer('cus-offers', 'rec-old', '2026-01-01T00:00:00.000Z');
    await world.store.rememberOffer('cus-offers', 'rec-21', '2026-03-05T02:21:00.000Z');

    const offers = await world.store.recentOffers('cus-offers');
    expect(offers).toHaveLength(20);
    expect(offers[0]).toBe('rec-21');
    expect(offers).not.toContain('rec-old');
    expect(offers).not.toContain('rec-01');
  });

  async function auditTrail(caseId: string) {
    return (await scanAll(db, tables.audit))
      .filter((item) => item.subject === `case#${caseId}`)
      .map(auditRecordFromItem)
      .sort((a, b) => a.seq - b.seq);
  }
});
