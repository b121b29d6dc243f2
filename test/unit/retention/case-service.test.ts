import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkingCalendarChanged } from '../../../functions/calendars/events.js';
import { RecommendationMade, RecommendationUnavailable } from '../../../functions/recommendations/events.js';
import { caseActions } from '../../../functions/retention/service/cases/actions.js';
import { caseEventConsumer } from '../../../functions/retention/service/cases/case-events.js';
import { caseOpener } from '../../../functions/retention/service/cases/opening.js';
import { countUncontacted } from '../../../functions/retention/service/cases/uncontacted.js';
import {
  caseTaskSchema,
  close,
  escalate,
  openStep,
  prepare,
  runCaseTask,
  stepTimeout,
} from '../../../functions/retention/service/cases/workflow-steps.js';
import {
  CaseClosedError,
  CaseNotFoundError,
  CaseVersionConflictError,
  IdempotencyKeyReusedError,
  OfferNotRecordedError,
  UnknownCauseError,
} from '../../../functions/retention/service/ports.js';
import { RETENTION_CLOSED_EARLY } from '../../../functions/retention/workflows/retention-case.js';
import { metrics } from '../../../shared/observability/index.js';
import * as z from '../../../shared/zod.js';
import { consumedEvent } from '../../support/consumed-event.js';
import {
  ALERT_AT,
  type CaseFixture,
  caseFixture,
  featuresOf,
  OUTREACH_DUE_AT,
  openingOf,
  WINDOW_ENDS_AT,
} from './case-fakes.js';

const RM = { sub: 'rm-1', role: 'relationship-manager' };
const SUPERVISOR = { sub: 'sup-1', role: 'branch-supervisor' };

async function opened(run: CaseFixture, ...args: Parameters<typeof openingOf>) {
  const { caseId } = await caseOpener(run.deps).openFor(openingOf(...args));
  return caseId;
}

async function stored(run: CaseFixture, caseId: string) {
  const found = await run.store.get(caseId);
  if (found === undefined) throw new Error('no case');
  return found.case;
}

describe('opening a case (docs/domain-rules.md §20.4–20.5)', () => {
  it('opens an outreach case due at the end of the 3rd working day, its window 30 days from the alert, and starts its execution', async () => {
    const run = caseFixture();
    const result = await caseOpener(run.deps).openFor(openingOf('cus-1', 'high', ['inactive']));

    expect(result.opened).toBe(true);
    expect(result.caseId).toMatch(/^ret_[0-9A-Z]{26}$/);
    expect(await stored(run, result.caseId)).toMatchObject({
      customerId: 'cus-1',
      branch: 'BJ01',
      rmId: 'rm-1',
      assignedTo: 'rm',
      level: 'high',
      strategy: 'care-contact',
      reasons: ['inactive'],
      status: 'outreach',
      openedAt: ALERT_AT,
      outreachDueAt: OUTREACH_DUE_AT,
      windowEndsAt: WINDOW_ENDS_AT,
      attempts: 0,
      wasInactive: true,
      version: 1,
    });
    expect(run.store.detailsOf('RetentionCaseOpened')).toEqual([
      expect.objectContaining({
        caseId: result.caseId,
        level: 'high',
        strategy: 'care-contact',
        outreachDueAt: OUTREACH_DUE_AT,
        windowEndsAt: WINDOW_ENDS_AT,
      }),
    ]);
    expect(run.store.counted()).toEqual({ casesOpened: 1 });
    expect(run.workflows.started).toEqual([{ name: result.caseId, input: { caseId: result.caseId } }]);
  });

  it('counts the outreach days over a holiday with the calendar (Labour Day 2026)', async () => {
    const run = caseFixture();
    // Thursday 2026-04-30: 1–5 May are a holiday, so Wednesday 6 to Friday 8 May count.
    const caseId = await opened(run, 'cus-1', 'high', ['inactive'], { at: '2026-04-30T02:00:00.000Z' });

    expect((await stored(run, caseId)).outreachDueAt).toBe('2026-05-08T15:59:59.999Z');
  });

  it('never opens a second case for a customer with one open, and starts nothing new once its workflow runs', async () => {
    const run = caseFixture();
    const first = await opened(run, 'cus-1', 'high', ['inactive']);
    // Before its workflow prepared it, the start is tried again (the first may have failed).
    const second = await caseOpener(run.deps).openFor(openingOf('cus-1', 'medium', ['aum-drop']));
    await prepare(run.deps, first);
    const third = await caseOpener(run.deps).openFor(openingOf('cus-1', 'high', ['aum-drop']));

    expect(second).toEqual({ opened: false, caseId: first });
    expect(third).toEqual({ opened: false, caseId: first });
    expect(run.store.cases.size).toBe(1);
    expect(run.store.counted()).toEqual({ casesOpened: 1 });
    expect(run.workflows.started.map((start) => start.name)).toEqual([first, first]);
  });

  it('opens a new case on a new alert once the previous one closed', async () => {
    const run = caseFixture();
    const first = await opened(run, 'cus-1', 'medium', []);
    run.rescorer.scores.set('cus-1', { level: 'medium', features: featuresOf('cus-1') });
    await close(run.deps, first);
    const second = await opened(run, 'cus-1', 'high', ['aum-drop']);

    expect(second).not.toBe(first);
    expect(run.store.markers.get('cus-1')).toBe(second);
  });

  it('opens no case for a low score', async () => {
    const run = caseFixture();
    const opening = openingOf('cus-1', 'medium', []);
    await expect(
      caseOpener(run.deps).openFor({ ...opening, score: { ...opening.score, level: 'low' } }),
    ).rejects.toThrow(RangeError);
    expect(run.store.cases.size).toBe(0);
  });

  it('assigns a supervisor call (a service failure) to the branch supervisor from the start, any other case to the RM', async () => {
    const run = caseFixture();
    const serviceFailure = await opened(run, 'cus-1', 'high', ['complaint-open']);
    const offer = await opened(run, 'cus-2', 'high', ['aum-drop']);
    const survey = await opened(run, 'cus-3', 'medium', ['complaint-open']);

    expect(await stored(run, serviceFailure)).toMatchObject({
      strategy: 'supervisor-call',
      assignedTo: 'supervisor',
    });
    expect(await stored(run, offer)).toMatchObject({ strategy: 'offer', assignedTo: 'rm' });
    expect(await stored(run, survey)).toMatchObject({ strategy: 'return-visit-survey', assignedTo: 'rm' });
  });

  it('marks a dormant customer as inactive at the alert (the outcome may be reactivated)', async () => {
    const run = caseFixture();
    const caseId = await opened(run, 'cus-1', 'medium', ['aum-drop'], {
      features: { lifecycleStage: 'dormant' },
    });
    const other = await opened(run, 'cus-2', 'medium', ['aum-drop']);

    expect((await stored(run, caseId)).wasInactive).toBe(true);
    expect((await stored(run, other)).wasInactive).toBe(false);
  });
});

describe('prepare: the strategy’s automatic actions, once (§20.5)', () => {
  it('asks engagement for a care contact once, however often the task runs', async () => {
    const run = caseFixture();
    const caseId = await opened(run, 'cus-1', 'high', ['inactive']);

    await expect(prepare(run.deps, caseId)).resolves.toEqual({ requested: true });
    await expect(prepare(run.deps, caseId)).resolves.toEqual({ requested: false });

    expect(run.store.detailsOf('RetentionContactRequested')).toEqual([
      expect.objectContaining({
        requestId: `${caseId}-care`,
        customerId: 'cus-1',
        purpose: 'care',
        templateId: 'retention-care',
        latestAt: OUTREACH_DUE_AT,
        regarding: caseId,
      }),
    ]);
  });

  it('asks recommendations for an offer (price or yield) and engagement for a survey (medium)', async () => {
    const run = caseFixture();
    const offer = await opened(run, 'cus-1', 'high', ['aum-drop']);
    const survey = await opened(run, 'cus-2', 'medium', ['frequency-drop']);
    await prepare(run.deps, offer);
    await prepare(run.deps, survey);

    expect(run.store.detailsOf('RetentionOfferRequested')).toEqual([
      expect.objectContaining({ requestId: `${offer}-offer`, caseId: offer, customerId: 'cus-1' }),
    ]);
    expect(run.store.detailsOf('RetentionSurveyRequested')).toEqual([
      expect.objectContaining({ requestId: `${survey}-survey`, caseId: survey, customerId: 'cus-2' }),
    ]);
  });

  it('sends nothing for a supervisor call', async () => {
    const run = caseFixture();
    const caseId = await opened(run, 'cus-1', 'high', ['complaint-open']);

    await expect(prepare(run.deps, caseId)).resolves.toEqual({ requested: false });
    expect(run.store.eventTypes()).toEqual(['RetentionCaseOpened']);
    expect(run.store.cases.get(caseId)?.prepared).toBe(true);
  });
});

describe('the waits (§20.5)', () => {
  it('waits for the outreach until it is due, and after that until the window ends; at least a second', async () => {
    const run = caseFixture();
    const caseId = await opened(run, 'cus-1', 'high', ['inactive']);

    const toDue = (Date.parse(OUTREACH_DUE_AT) - Date.parse(ALERT_AT)) / 1000;
    await expect(stepTimeout(run.deps, caseId, 'outreach')).resolves.toEqual({
      timeoutSeconds: Math.ceil(toDue),
    });
    await expect(stepTimeout(run.deps, caseId, 'escalated')).resolves.toEqual({
      timeoutSeconds: 30 * 86_400,
    });
    await expect(stepTimeout(run.deps, caseId, 'monitoring')).resolves.toEqual({
      timeoutSeconds: 30 * 86_400,
    });
    run.clock.set(new Date('2026-05-01T00:00:00.000Z'));
    await expect(stepTimeout(run.deps, caseId, 'monitoring')).resolves.toEqual({ timeoutSeconds: 1 });
  });

  it('keeps the token of the waiting step with the case, without moving its version', async () => {
    const run = caseFixture();
    const caseId = await opened(run, 'cus-1', 'high', ['inactive']);

    await expect(openStep(run.deps, caseId, 'outreach', 'token-1')).resolves.toEqual({ waiting: true });
    const { case: waiting } = (await run.store.get(caseId)) ?? { case: undefined };

    expect(waiting?.waiting).toEqual({ step: 'outreach', taskToken: 'token-1' });
    expect(waiting?.version).toBe(1);
  });

  it('fails its own token when the case is closed, answers it at once when the customer was reached already', async () => {
    const run = caseFixture();
    const closed = await opened(run, 'cus-1', 'high', ['inactive']);
    const reached = await opened(run, 'cus-2', 'high', ['inactive']);
    await caseActions(run.deps).closeEarly(closed, 'duplicate-case', SUPERVISOR);
    await caseActions(run.deps).recordAttempt(reached, { channel: 'phone', reached: true }, RM);

    await expect(openStep(run.deps, closed, 'outreach', 'token-closed')).resolves.toEqual({ waiting: false });
    await expect(openStep(run.deps, reached, 'outreach', 'token-reached')).resolves.toEqual({
      waiting: false,
    });

    expect(run.workflows.failed).toEqual([
      { taskToken: 'token-closed', error: RETENTION_CLOSED_EARLY, cause: 'The case is closed' },
    ]);
    expect(run.workflows.completed.map((answer) => answer.taskToken)).toEqual(['token-reached']);
  });

  it('stores the token again when an attempt raced the write, with the attempt kept', async () => {
    const run = caseFixture();
    const caseId = await opened(run, 'cus-1', 'high', ['inactive']);
    run.store.beforeNextChange = () => {
      const current = run.store.cases.get(caseId);
      if (current !== undefined) run.store.cases.set(caseId, { ...current, revision: current.revision + 1 });
    };

    await expect(openStep(run.deps, caseId, 'outreach', 'token-1')).resolves.toEqual({ waiting: true });
    expect((await stored(run, caseId)).waiting?.taskToken).toBe('token-1');
  });
});

describe('escalation (§20.5)', () => {
  it('escalates an outreach not done in time once to the supervisor: status, assignee, event, count', async () => {
    const run = caseFixture();
    const caseId = await opened(run, 'cus-1', 'high', ['inactive']);
    await openStep(run.deps, caseId, 'outreach', 'token-1');
    run.clock.set(new Date('2026-03-10T16:00:00.000Z'));

    await expect(escalate(run.deps, caseId)).resolves.toEqual({ escalated: true });
    await expect(escalate(run.deps, caseId)).resolves.toEqual({ escalated: false });

    const escalated = await stored(run, caseId);
    expect(escalated).toMatchObject({
      status: 'escalated',
      assignedTo: 'supervisor',
      escalatedAt: '2026-03-10T16:00:00.000Z',
      version: 2,
    });
    expect(escalated.waiting).toBeUndefined();
    expect(run.store.detailsOf('RetentionCaseEscalated')).toHaveLength(1);
    expect(run.store.counted()).toMatchObject({ casesEscalated: 1 });
  });

  it('does not escalate a case whose customer was reached meanwhile', async () => {
    const run = caseFixture();
    const caseId = await opened(run, 'cus-1', 'high', ['inactive']);
    await caseActions(run.deps).recordAttempt(caseId, { channel: 'phone', reached: true }, RM);

    await expect(escalate(run.deps, caseId)).resolves.toEqual({ escalated: false });
    expect(await stored(run, caseId)).toMatchObject({ status: 'monitoring', assignedTo: 'rm' });
  });
});

describe('attempts (§20.6)', () => {
  it('counts the first reached attempt once, in time, and answers the waiting outreach once', async () => {
    const run = caseFixture();
    const caseId = await opened(run, 'cus-1', 'high', ['inactive']);
    await openStep(run.deps, caseId, 'outreach', 'token-1');
    run.clock.set(new Date('2026-03-06T03:00:00.000Z'));

    const missed = await caseActions(run.deps).recordAttempt(
      caseId,
      { channel: 'phone', reached: false },
      RM,
    );
    const reached = await caseActions(run.deps).recordAttempt(
      caseId,
      { channel: 'face-to-face', reached: true, cause: 'price-or-yield', response: 'considering' },
      RM,
      2,
    );
    const again = await caseActions(run.deps).recordAttempt(caseId, { channel: 'phone', reached: true }, RM);

    expect(missed.case).toMatchObject({ status: 'outreach', attempts: 1, version: 2 });
    expect(reached.case).toMatchObject({
      status: 'monitoring',
      reachedAt: '2026-03-06T03:00:00.000Z',
      cause: 'price-or-yield',
      attempts: 2,
      version: 3,
    });
    expect(again.case).toMatchObject({
      reachedAt: '2026-03-06T03:00:00.000Z',
      cause: 'price-or-yield',
      attempts: 3,
    });
    expect(reached.case).not.toHaveProperty('waiting');
    expect(run.store.counted()).toEqual({ casesOpened: 1, contactedInTime: 1 });
    expect(run.workflows.completed).toEqual([
      { taskToken: 'token-1', output: { status: 'monitoring', at: '2026-03-06T03:00:00.000Z' } },
    ]);
    expect(
      run.store.attemptsOf.get(caseId)?.map((attempt) => [attempt.attempt, attempt.reached, attempt.by]),
    ).toEqual([
      [1, false, 'rm-1'],
      [2, true, 'rm-1'],
      [3, true, 'rm-1'],
    ]);
    expect(run.store.audit.map((entry) => [entry.subject, entry.action, entry.actor])).toEqual([
      [`case#${caseId}`, 'retention-case.attempt-recorded', 'rm-1'],
      [`case#${caseId}`, 'retention-case.attempt-recorded', 'rm-1'],
      [`case#${caseId}`, 'retention-case.attempt-recorded', 'rm-1'],
    ]);
    expect(run.store.detailsOf('RetentionAttemptRecorded').map((detail) => detail.attempt)).toEqual([
      1, 2, 3,
    ]);
  });

  it('counts a customer first reached after the due time as contacted late, answering the escalated wait', async () => {
    const run = caseFixture();
    const caseId = await opened(run, 'cus-1', 'high', ['inactive']);
    run.clock.set(new Date('2026-03-10T16:00:00.000Z'));
    await escalate(run.deps, caseId);
    await openStep(run.deps, caseId, 'escalated', 'token-escalated');

    await caseActions(run.deps).recordAttempt(caseId, { channel: 'phone', reached: true }, SUPERVISOR);

    expect(run.store.counted()).toMatchObject({ contactedLate: 1 });
    expect(run.store.counted()).not.toHaveProperty('contactedInTime');
    expect(run.workflows.completed.map((answer) => answer.taskToken)).toEqual(['token-escalated']);
  });

  it('sends a message attempt through the contact path: an offer as marketing, else care; phone calls are only recorded', async () => {
    const run = caseFixture();
    const caseId = await opened(run, 'cus-1', 'high', ['aum-drop']);
    await run.store.rememberOffer('cus-1', 'rec-1', '2026-03-05T03:00:00.000Z');

    await caseActions(run.deps).recordAttempt(
      caseId,
      { channel: 'sms', reached: false, offerRecommendationId: 'rec-1' },
      RM,
    );
    await caseActions(run.deps).recordAttempt(caseId, { channel: 'email', reached: false }, RM);
    await caseActions(run.deps).recordAttempt(caseId, { channel: 'phone', reached: false }, RM);

    expect(
      run.store
        .detailsOf('RetentionContactRequested')
        .map(({ purpose, templateId, preferredChannel, regarding }) => ({
          purpose,
          templateId,
          preferredChannel,
          regarding,
        })),
    ).toEqual([
      { purpose: 'marketing', templateId: 'retention-offer', preferredChannel: 'sms', regarding: caseId },
      { purpose: 'care', templateId: 'retention-care', preferredChannel: 'email', regarding: caseId },
    ]);
    expect(run.store.detailsOf('RetentionAttemptRecorded').map((detail) => detail.offerMade)).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('turns the case into an RM meeting when the customer tells of a life event', async () => {
    const run = caseFixture();
    const caseId = await opened(run, 'cus-1', 'high', ['inactive']);
    const { case: changed } = await caseActions(run.deps).recordAttempt(
      caseId,
      { channel: 'phone', reached: true, cause: 'life-event' },
      RM,
    );

    expect(changed.strategy).toBe('rm-meeting');
  });

  it('refuses an unknown cause, an offer not recorded for the customer, a stale version, a closed case: nothing written', async () => {
    const run = caseFixture();
    const caseId = await opened(run, 'cus-1', 'high', ['inactive']);
    await run.store.rememberOffer('cus-2', 'rec-other', '2026-03-05T03:00:00.000Z');
    const actions = caseActions(run.deps);
    const before = run.store.events.length;

    await expect(
      actions.recordAttempt(caseId, { channel: 'phone', reached: true, cause: 'bored' }, RM),
    ).rejects.toThrow(UnknownCauseError);
    await expect(
      actions.recordAttempt(
        caseId,
        { channel: 'phone', reached: true, offerRecommendationId: 'rec-other' },
        RM,
      ),
    ).rejects.toThrow(OfferNotRecordedError);
    await expect(actions.recordAttempt(caseId, { channel: 'phone', reached: true }, RM, 7)).rejects.toThrow(
      CaseVersionConflictError,
    );
    await expect(
      actions.recordAttempt('ret_unknown', { channel: 'phone', reached: true }, RM),
    ).rejects.toThrow(CaseNotFoundError);
    expect(run.store.events).toHaveLength(before);
    expect(await stored(run, caseId)).toMatchObject({ attempts: 0, version: 1 });

    await actions.closeEarly(caseId, 'customer-retained', SUPERVISOR);
    await expect(actions.recordAttempt(caseId, { channel: 'phone', reached: true }, RM)).rejects.toThrow(
      CaseClosedError,
    );
    await expect(actions.closeEarly(caseId, 'customer-retained', SUPERVISOR)).rejects.toThrow(
      CaseClosedError,
    );
  });

  it('answers a retry with the same Idempotency-Key with the attempt recorded first, and refuses the key for another body', async () => {
    const run = caseFixture();
    const caseId = await opened(run, 'cus-1', 'high', ['inactive']);
    const actions = caseActions(run.deps);
    const input = { channel: 'sms', reached: true, cause: 'inactivity' } as const;

    const first = await actions.recordAttempt(caseId, input, RM, undefined, 'key-1');
    const retry = await actions.recordAttempt(caseId, input, RM, 1, 'key-1');

    expect(first.replayed).toBe(false);
    expect(retry).toMatchObject({ replayed: true, attempt: first.attempt });
    expect(run.store.attemptsOf.get(caseId)).toHaveLength(1);
    expect(run.store.detailsOf('RetentionContactRequested')).toHaveLength(1);
    expect(run.store.counted()).toEqual({ casesOpened: 1, contactedInTime: 1 });
    await expect(
      actions.recordAttempt(caseId, { ...input, reached: false }, RM, undefined, 'key-1'),
    ).rejects.toThrow(IdempotencyKeyReusedError);
    // Another caller's key is theirs.
    await expect(actions.recordAttempt(caseId, input, SUPERVISOR, undefined, 'key-1')).resolves.toMatchObject(
      {
        replayed: false,
      },
    );
  });

  it('shows a case and its attempts, never the task token', async () => {
    const run = caseFixture();
    const caseId = await opened(run, 'cus-1', 'high', ['inactive']);
    await openStep(run.deps, caseId, 'outreach', 'token-secret');
    await caseActions(run.deps).recordAttempt(caseId, { channel: 'phone', reached: false }, RM);

    const shown = await caseActions(run.deps).get(caseId);

    expect(shown?.attempts).toHaveLength(1);
    expect(JSON.stringify(shown)).not.toContain('token-secret');
    await expect(caseActions(run.deps).get('ret_unknown')).resolves.toBeUndefined();
  });
});

describe('closing (§20.6)', () => {
  it('records the outcome at the window’s end from the customer scored again, once', async () => {
    const run = caseFixture();
    const caseId = await opened(run, 'cus-1', 'high', ['inactive']);
    await caseActions(run.deps).recordAttempt(
      caseId,
      { channel: 'phone', reached: true, cause: 'inactivity' },
      RM,
    );
    run.clock.set(new Date(WINDOW_ENDS_AT));
    run.rescorer.scores.set('cus-1', {
      level: 'low',
      features: featuresOf('cus-1', {
        activity: {
          lastTransactionDay: '2026-03-20',
          months: [],
          currency: 'CNY',
          at: '2026-03-21T00:00:00.000Z',
        },
      }),
    });

    // The first close closes it; the second finds it closed.
    await expect(close(run.deps, caseId)).resolves.toEqual({
      outcome: 'reactivated',
      closedNow: 'reactivated',
    });
    await expect(close(run.deps, caseId)).resolves.toEqual({ outcome: 'reactivated' });

    expect(await stored(run, caseId)).toMatchObject({
      status: 'closed',
      outcome: 'reactivated',
      closedAt: WINDOW_ENDS_AT,
    });
    expect(run.store.detailsOf('RetentionCaseClosed')).toEqual([
      expect.objectContaining({
        caseId,
        outcome: 'reactivated',
        cause: 'inactivity',
        strategy: 'care-contact',
        level: 'high',
      }),
    ]);
    expect(run.store.counted()).toMatchObject({ outcomeReactivated: 1, alertsConfirmed: 1 });
    expect(run.store.markers.has('cus-1')).toBe(false);
    expect(run.rescorer.asked).toEqual(['cus-1']);
  });

  it('reports cause unknown when none was recorded, and a retained false alert is not confirmed', async () => {
    const run = caseFixture();
    const caseId = await opened(run, 'cus-1', 'medium', []);
    run.rescorer.scores.set('cus-1', { level: 'low', features: featuresOf('cus-1') });

    await close(run.deps, caseId);

    expect(run.store.detailsOf('RetentionCaseClosed')).toEqual([
      expect.objectContaining({ outcome: 'retained', cause: 'unknown' }),
    ]);
    expect(run.store.counted()).not.toHaveProperty('alertsConfirmed');
  });

  it('closes the case of a customer erased meanwhile as lost', async () => {
    const run = caseFixture();
    const caseId = await opened(run, 'cus-1', 'high', ['inactive']);

    await expect(close(run.deps, caseId)).resolves.toEqual({ outcome: 'lost', closedNow: 'lost' });
    expect(run.store.counted()).toMatchObject({ outcomeLost: 1 });
  });

  it('closes early: outcome decided now, reason, audit, counts, the waiting step failed', async () => {
    const run = caseFixture();
    const caseId = await opened(run, 'cus-1', 'high', ['inactive']);
    await openStep(run.deps, caseId, 'outreach', 'token-1');
    run.rescorer.scores.set('cus-1', {
      level: 'high',
      features: featuresOf('cus-1', { relationship: 'closed' }),
    });

    const closed = await caseActions(run.deps).closeEarly(caseId, 'relationship-closed', SUPERVISOR, 1);

    expect(closed).toMatchObject({
      status: 'closed',
      outcome: 'lost',
      earlyReason: 'relationship-closed',
      closedBy: 'sup-1',
      version: 2,
    });
    expect(run.store.detailsOf('RetentionCaseClosed')).toEqual([
      expect.objectContaining({ outcome: 'lost', earlyReason: 'relationship-closed' }),
    ]);
    expect(run.store.counted()).toMatchObject({ outcomeLost: 1, closedEarly: 1, alertsConfirmed: 1 });
    expect(run.store.audit.map((entry) => [entry.action, entry.actor, entry.role])).toEqual([
      ['retention-case.closed-early', 'sup-1', 'branch-supervisor'],
    ]);
    expect(run.workflows.failed).toEqual([
      { taskToken: 'token-1', error: RETENTION_CLOSED_EARLY, cause: 'Closed early by a supervisor' },
    ]);
    // The workflow's close after it is a no-op.
    await expect(close(run.deps, caseId)).resolves.toEqual({ outcome: 'lost' });
    expect(run.store.detailsOf('RetentionCaseClosed')).toHaveLength(1);
  });
});

describe('business metrics (docs/operations.md §3)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('counts a case opened, escalated and closed once each, a retried task counting nothing', async () => {
    const counted = vi.spyOn(metrics, 'addMetric');
    const run = caseFixture();
    const caseId = await opened(run, 'cus-1', 'high', ['inactive']);
    await opened(run, 'cus-1', 'high', ['inactive']);
    await openStep(run.deps, caseId, 'outreach', 'token-1');
    run.clock.set(new Date('2026-03-10T16:00:00.000Z'));
    await runCaseTask(run.deps, { action: 'escalate', caseId });
    await runCaseTask(run.deps, { action: 'escalate', caseId });
    run.clock.set(new Date(WINDOW_ENDS_AT));
    run.rescorer.scores.set('cus-1', { level: 'high', features: featuresOf('cus-1') });
    await runCaseTask(run.deps, { action: 'close', caseId });
    await runCaseTask(run.deps, { action: 'close', caseId });

    expect(counted.mock.calls.map(([name, , value]) => [name, value])).toEqual([
      ['RetentionCasesOpened', 1],
      ['RetentionCasesEscalated', 1],
      ['RetentionCasesClosed', 1],
      ['RetentionCasesLost', 1],
    ]);
  });

  it('counts an early close with its outcome', async () => {
    const run = caseFixture();
    const caseId = await opened(run, 'cus-1', 'high', ['inactive']);
    run.rescorer.scores.set('cus-1', { level: 'low', features: featuresOf('cus-1') });
    const counted = vi.spyOn(metrics, 'addMetric');

    await caseActions(run.deps).closeEarly(caseId, 'customer-retained', SUPERVISOR);

    expect(counted.mock.calls.map(([name]) => name)).toEqual([
      'RetentionCasesClosed',
      'RetentionCasesRetained',
      'RetentionCasesClosedEarly',
    ]);
  });
});

describe('the case events (§20.5)', () => {
  const NOW = new Date('2026-03-05T04:00:00.000Z');
  const made = (recommendationId: string, customerId: string, caseId?: string) =>
    consumedEvent(
      RecommendationMade,
      {
        recommendationId,
        customerId,
        productId: 'prd-1',
        category: 'deposit',
        riskLevel: 'R1',
        channel: 'phone',
        branch: 'BJ01',
        ruleVersion: 'v1',
        reasons: [],
        seniorConfirmed: false,
        caseId,
        at: NOW.toISOString(),
      },
      NOW,
    );

  it('records the offer made for a case and keeps every recommendation as one an attempt may present', async () => {
    const run = caseFixture();
    const caseId = await opened(run, 'cus-1', 'high', ['aum-drop']);
    const consume = caseEventConsumer(run.deps);

    await expect(consume(made('rec-1', 'cus-1', caseId))).resolves.toBe(true);
    await consume(made('rec-1', 'cus-1', caseId));
    await consume(made('rec-2', 'cus-1'));

    expect(await stored(run, caseId)).toMatchObject({
      offer: { kind: 'recommended', recommendationId: 'rec-1', productId: 'prd-1' },
      version: 2,
    });
    expect(await run.store.recentOffers('cus-1')).toEqual(expect.arrayContaining(['rec-1', 'rec-2']));
  });

  it('records that no offer is suitable', async () => {
    const run = caseFixture();
    const caseId = await opened(run, 'cus-1', 'high', ['aum-drop']);

    await caseEventConsumer(run.deps)(
      consumedEvent(
        RecommendationUnavailable,
        { requestId: `${caseId}-offer`, caseId, customerId: 'cus-1', branch: 'BJ01', at: NOW.toISOString() },
        NOW,
      ),
    );

    expect((await stored(run, caseId)).offer).toEqual({ kind: 'unavailable' });
  });

  it('counts the outreach days with a calendar year an admin loaded, and leaves other events alone', async () => {
    const run = caseFixture();
    const consume = caseEventConsumer(run.deps);
    const loaded = consumedEvent(
      WorkingCalendarChanged,
      {
        year: 2027,
        version: 1,
        holidays: [{ name: 'A holiday', from: '2027-03-08', to: '2027-03-10' }],
        makeUpWorkingDays: [],
      },
      NOW,
    );

    await expect(consume(loaded)).resolves.toBe(true);
    await expect(consume({ ...loaded, detailType: 'SomethingElse' })).resolves.toBe(false);
    // Thursday 2027-03-04: Friday, then (8–10 March off) Thursday and Friday.
    const caseId = await opened(run, 'cus-1', 'high', ['inactive'], { at: '2027-03-04T02:00:00.000Z' });
    expect((await stored(run, caseId)).outreachDueAt).toBe('2027-03-12T15:59:59.999Z');
  });
});

describe('the uncontacted cases (§20.9)', () => {
  it('counts cases past their outreach due time whose customer nobody reached', async () => {
    const run = caseFixture();
    const waiting = await opened(run, 'cus-1', 'high', ['inactive']);
    const reached = await opened(run, 'cus-2', 'high', ['inactive']);
    await caseActions(run.deps).recordAttempt(reached, { channel: 'phone', reached: true }, RM);

    expect(await countUncontacted(run.store, new Date(OUTREACH_DUE_AT))).toBe(0);
    expect(await countUncontacted(run.store, new Date('2026-03-10T16:00:00.000Z'))).toBe(1);
    expect(waiting).not.toBe(reached);
  });
});

describe('the task payloads', () => {
  it('takes the case id and the step only, and runs the named task', async () => {
    const run = caseFixture();
    const caseId = await opened(run, 'cus-1', 'high', ['inactive']);

    expect(z.safeParse(caseTaskSchema, { action: 'close', caseId, customerId: 'cus-1' }).success).toBe(false);
    expect(z.safeParse(caseTaskSchema, { action: 'timeouts', caseId, step: 'later' }).success).toBe(false);
    await expect(runCaseTask(run.deps, { action: 'escalate', caseId })).resolves.toEqual({ escalated: true });
  });
});
