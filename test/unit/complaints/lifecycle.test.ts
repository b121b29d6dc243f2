import { describe, expect, it } from 'vitest';
import { complaintDeadlines } from '../../../functions/complaints/domain/deadlines.js';
import { ComplaintRuleError } from '../../../functions/complaints/domain/errors.js';
import * as extensions from '../../../functions/complaints/domain/extensions.js';
import * as lifecycle from '../../../functions/complaints/domain/lifecycle.js';
import type { Complaint, ComplaintStatus } from '../../../functions/complaints/domain/model.js';
import * as receipt from '../../../functions/complaints/domain/receipt.js';
import type { StepActor, StepContext, Transition } from '../../../functions/complaints/domain/transition.js';
import { defaultCalendar } from '../../../shared/time/calendars/built-in.js';
import { DEFAULT_TEST_SETTINGS } from '../../support/complaints-fakes.js';

const agent: StepActor = { sub: 'agent-1', role: 'service-agent' };
const supervisor: StepActor = { sub: 'sup-1', role: 'supervisor' };
const manager: StepActor = { sub: 'cm-1', role: 'complaints-manager' };

// Monday 2 March 2026, 10:00 CST.
const RECEIVED = '2026-03-02T02:00:00.000Z';

function ctx(actor: StepActor = agent, now = RECEIVED): StepContext {
  return {
    actor,
    now: new Date(now),
    settings: DEFAULT_TEST_SETTINGS,
    deadlines: (clock, at) => complaintDeadlines(defaultCalendar, DEFAULT_TEST_SETTINGS, clock, at),
  };
}

function received(overrides: Partial<Parameters<typeof receipt.receive>[0]> = {}): Complaint {
  return receipt.receive(
    {
      complaintId: 'cmp_1',
      customerId: 'cus_1',
      branch: 'BJ01',
      rmId: 'rm-7',
      queue: 'BJ01',
      channel: 'phone',
      category: 'fees',
      receivedAt: RECEIVED,
      productIds: [],
      vulnerableCustomer: false,
      newFacts: false,
      representativeCount: 0,
      ...overrides,
    },
    ctx(),
  );
}

/** A complaint brought to `status` through the real steps. */
function at(status: ComplaintStatus): Complaint {
  const steps: [ComplaintStatus, (c: Complaint) => Transition][] = [
    ['awaiting-initial-handling', (c) => lifecycle.acknowledge(c, ctx())],
    ['investigating', (c) => lifecycle.initialHandling(c, ctx())],
    [
      'review-window',
      (c) => lifecycle.decide(c, { outcome: 'rejected', remedies: [{ type: 'explanation' }] }, ctx()),
    ],
    ['in-review', (c) => lifecycle.requestReview(c, ctx())],
    ['awaiting-closure', (c) => lifecycle.decideReview(c, { outcome: 'partially-upheld' }, ctx(manager))],
  ];
  let complaint = received();
  if (status === 'awaiting-acknowledgement') return complaint;
  if (status === 'paused')
    return lifecycle.pause(at('investigating'), { reason: 'testing' }, ctx()).complaint;
  for (const [reached, step] of steps) {
    complaint = step(complaint).complaint;
    if (reached === status) return complaint;
  }
  throw new Error(`no path to ${status}`);
}

function refusal(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (error instanceof ComplaintRuleError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('receive', () => {
  it('gives a new complaint its clock and a repeat none', () => {
    // Act
    const fresh = received();
    const repeat = received({ repeatOf: 'cmp_0' });

    // Assess
    expect(fresh.status).toBe('awaiting-acknowledgement');
    expect(fresh.deadlines.map((d) => d.kind)).toEqual([
      'acknowledge',
      'initial-handling',
      'decision',
      'decision-cap',
    ]);
    expect(fresh.nextDueAt).toBe('2026-03-03T02:00:00.000Z');
    expect(repeat).toMatchObject({ status: 'linked', deadlines: [], priorityFactors: ['repeat-complaint'] });
    expect(repeat.nextDueAt).toBeUndefined();
  });

  it('refuses a receipt in the future or before the backfill window', () => {
    // Arrange
    const now = new Date(RECEIVED);

    // Act / Assess
    expect(refusal(() => receipt.receiptInstant('2026-03-02T02:00:01.000Z', now, 30))).toBe(
      'received-at-out-of-range',
    );
    expect(refusal(() => receipt.receiptInstant('2026-01-31T01:59:59.000Z', now, 30))).toBe(
      'received-at-out-of-range',
    );
    expect(receipt.receiptInstant('2026-01-31T02:00:00.000Z', now, 30)).toBe('2026-01-31T02:00:00.000Z');
    expect(receipt.receiptInstant(undefined, now, 30)).toBe(RECEIVED);
  });

  it('raises the open complaint when a repeat links to it', () => {
    // Act
    const linked = receipt.linkRepeat(received(), 'cmp_2', ctx());

    // Assess
    expect(linked.complaint).toMatchObject({
      repeats: ['cmp_2'],
      priority: 'high',
      priorityFactors: ['repeat-complaint'],
    });
    expect(linked.audit).toEqual({
      action: 'complaint.repeat-linked',
      fields: ['repeats', 'priority', 'priorityFactors'],
    });
  });
});

describe('steps in order', () => {
  it('acknowledges, saying whether it was late, and completes the acknowledgement step', () => {
    // Act
    const onTime = lifecycle.acknowledge(received(), ctx(agent, '2026-03-02T20:00:00.000Z'));
    const late = lifecycle.acknowledge(received(), ctx(agent, '2026-03-03T02:00:00.001Z'));

    // Assess
    expect(onTime.complaint.status).toBe('awaiting-initial-handling');
    expect(onTime.complaint.clock.acknowledgedAt).toBe('2026-03-02T20:00:00.000Z');
    // The customer is told through engagement, at the latest three days after the step.
    expect(onTime.events).toEqual([
      { type: 'ComplaintAcknowledged', at: '2026-03-02T20:00:00.000Z', late: false },
      { type: 'ComplaintContactRequested', step: 'acknowledged', latestAt: '2026-03-05T20:00:00.000Z' },
    ]);
    expect(late.events).toEqual([
      { type: 'ComplaintAcknowledged', at: '2026-03-03T02:00:00.001Z', late: true },
      { type: 'ComplaintContactRequested', step: 'acknowledged', latestAt: '2026-03-06T02:00:00.001Z' },
    ]);
    expect(onTime.signal).toEqual({ stage: 'acknowledgement', kind: 'complete' });
    // The acknowledge deadline is met: the next due is the initial handling.
    expect(onTime.complaint.nextDueAt).toBe(
      onTime.complaint.deadlines.find((d) => d.kind === 'initial-handling')?.due,
    );
  });

  it('forgets the waiting task of the stage it completes', () => {
    // Arrange
    const waiting = {
      ...received(),
      waitingTask: { stage: 'acknowledgement' as const, taskToken: 't', openedAt: RECEIVED },
    };

    // Act
    const done = lifecycle.acknowledge(waiting, ctx());

    // Assess
    expect(done.complaint.waitingTask).toBeUndefined();
  });

  it('pauses the decision clock and moves the decision deadline by the paused time on resume', () => {
    // Arrange
    const investigating = at('investigating');
    const decisionBefore = investigating.deadlines.find((d) => d.kind === 'decision')?.due ?? '';

    // Act
    const paused = lifecycle.pause(
      investigating,
      { reason: 'external-appraisal' },
      ctx(agent, '2026-03-04T02:00:00.000Z'),
    );
    const resumed = lifecycle.resume(
      paused.complaint,
      { reason: 'appraisal-received' },
      ctx(agent, '2026-03-06T02:00:00.000Z'),
    );

    // Assess
    expect(paused.complaint.status).toBe('paused');
    expect(paused.signal).toEqual({ stage: 'investigation', kind: 'deadlines-changed' });
    // While paused, the next due ignores the decision clock.
    expect(paused.complaint.nextDueAt).toBeUndefined();
    expect(resumed.events).toEqual([{ type: 'ComplaintResumed', pausedSeconds: 2 * 86_400 }]);
    const decisionAfter = resumed.complaint.deadlines.find((d) => d.kind === 'decision')?.due ?? '';
    expect(Date.parse(decisionAfter)).toBeGreaterThan(Date.parse(decisionBefore));
    expect(resumed.complaint.clock.pauses).toEqual([
      { from: '2026-03-04T02:00:00.000Z', to: '2026-03-06T02:00:00.000Z', reason: 'external-appraisal' },
    ]);
  });

  it('decides, opening the review window, and says whether it was within the limit', () => {
    // Act
    const decided = lifecycle.decide(
      at('investigating'),
      {
        outcome: 'upheld',
        remedies: [
          { type: 'correction' },
          { type: 'compensation', amount: { amountMinor: 50_000, currency: 'CNY' } },
        ],
      },
      ctx(),
    );

    // Assess
    expect(decided.complaint.status).toBe('review-window');
    expect(decided.complaint.decision?.compensationApprovedBy).toBeUndefined();
    expect(decided.events).toEqual([
      {
        type: 'ComplaintDecided',
        outcome: 'upheld',
        remedyTypes: ['correction', 'compensation'],
        withinLimit: true,
      },
      // The customer is told of the decision through engagement within three days.
      {
        type: 'ComplaintContactRequested',
        step: 'decided',
        latestAt: new Date(Date.parse(RECEIVED) + 3 * 86_400_000).toISOString(),
      },
    ]);
    expect(decided.complaint.deadlines.map((d) => d.kind)).toContain('review-request');
  });

  it('records a changed outcome on review and closes with a root cause and a remediation action', () => {
    // Arrange
    const awaiting = at('awaiting-closure');

    // Act
    const closed = lifecycle.close(
      awaiting,
      {
        rootCause: 'process-failure',
        remediationActions: [{ action: 'retrain-staff', owner: 'staff-1', dueDate: '2026-03-02' }],
      },
      ctx(),
    );

    // Assess
    expect(awaiting.review).toMatchObject({ outcome: 'partially-upheld', changed: true, decidedBy: 'cm-1' });
    expect(closed.complaint.status).toBe('closed');
    expect(closed.complaint.nextDueAt).toBeUndefined();
    expect(closed.releaseOpenMarker).toBe(true);
    expect(closed.events).toEqual([
      {
        type: 'ComplaintClosed',
        rootCause: 'process-failure',
        outcome: 'partially-upheld',
        channel: 'phone',
        category: 'fees',
      },
    ]);
  });
});

describe('refusals', () => {
  const steps: readonly [string, (c: Complaint) => unknown, readonly ComplaintStatus[]][] = [
    ['acknowledge', (c) => lifecycle.acknowledge(c, ctx()), ['awaiting-acknowledgement']],
    ['initial-handling', (c) => lifecycle.initialHandling(c, ctx()), ['awaiting-initial-handling']],
    ['pause', (c) => lifecycle.pause(c, { reason: 'testing' }, ctx()), ['investigating']],
    ['resume', (c) => lifecycle.resume(c, { reason: 'done' }, ctx()), ['paused']],
    [
      'decide',
      (c) => lifecycle.decide(c, { outcome: 'upheld', remedies: [{ type: 'explanation' }] }, ctx()),
      ['investigating'],
    ],
    ['request review', (c) => lifecycle.requestReview(c, ctx()), ['review-window']],
    ['decide review', (c) => lifecycle.decideReview(c, { outcome: 'upheld' }, ctx(manager)), ['in-review']],
    [
      'close',
      (c) =>
        lifecycle.close(
          c,
          { rootCause: 'other', remediationActions: [{ action: 'a', owner: 'o', dueDate: '2026-12-31' }] },
          ctx(),
        ),
      ['awaiting-closure'],
    ],
  ];
  const statuses: readonly ComplaintStatus[] = [
    'awaiting-acknowledgement',
    'awaiting-initial-handling',
    'investigating',
    'paused',
    'review-window',
    'in-review',
    'awaiting-closure',
  ];

  it.each(
    steps.flatMap(([name, step, allowed]) =>
      statuses.filter((s) => !allowed.includes(s)).map((status) => ({ name, step, status })),
    ),
  )('$name from $status is an invalid transition', ({ step, status }) => {
    // Act / Assess
    expect(refusal(() => step(at(status)))).toBe('invalid-transition');
  });

  it('refuses every step on a closed or linked complaint, notes and assignment included', () => {
    // Arrange
    const closed = lifecycle.close(
      at('awaiting-closure'),
      { rootCause: 'other', remediationActions: [{ action: 'a', owner: 'o', dueDate: '2026-12-31' }] },
      ctx(),
    ).complaint;
    const linked = received({ repeatOf: 'cmp_0' });

    // Act / Assess
    for (const complaint of [closed, linked]) {
      expect(refusal(() => lifecycle.addNote(complaint, ctx()))).toBe('invalid-transition');
      expect(refusal(() => lifecycle.assign(complaint, { assignee: 'sup-1' }, ctx(supervisor)))).toBe(
        'invalid-transition',
      );
    }
  });

  it('refuses a review request once the review window has ended, even before the workflow moves on', () => {
    // Arrange
    const window = at('review-window');
    const ends = window.deadlines.find((d) => d.kind === 'review-request')?.due ?? '';

    // Act / Assess
    expect(lifecycle.requestReview(window, ctx(agent, ends)).complaint.status).toBe('in-review');
    expect(
      refusal(() =>
        lifecycle.requestReview(window, ctx(agent, new Date(Date.parse(ends) + 1).toISOString())),
      ),
    ).toBe('invalid-transition');
  });

  it('lets an agent take only an unassigned complaint, for themselves', () => {
    // Arrange
    const unassigned = received();
    const assigned = lifecycle.assign(unassigned, { assignee: 'agent-1' }, ctx()).complaint;

    // Act / Assess
    expect(refusal(() => lifecycle.assign(unassigned, { assignee: 'agent-2' }, ctx()))).toBe(
      'not-assignable',
    );
    expect(refusal(() => lifecycle.assign(assigned, { assignee: 'agent-1' }, ctx()))).toBe('not-assignable');
    expect(lifecycle.assign(assigned, { assignee: 'agent-2' }, ctx(supervisor)).events).toEqual([
      { type: 'ComplaintAssigned', assignee: 'agent-2', previousAssignee: 'agent-1' },
    ]);
  });

  it('needs a supervisor or the complaints unit for compensation above the approval amount', () => {
    // Arrange
    const decision = {
      outcome: 'upheld' as const,
      remedies: [{ type: 'compensation' as const, amount: { amountMinor: 100_001, currency: 'CNY' } }],
    };

    // Act
    const bySupervisor = lifecycle.decide(at('investigating'), decision, ctx(supervisor));

    // Assess
    expect(refusal(() => lifecycle.decide(at('investigating'), decision, ctx()))).toBe(
      'compensation-approval-required',
    );
    expect(bySupervisor.complaint.decision?.compensationApprovedBy).toBe('sup-1');
  });

  it('requires a root cause of the taxonomy and a remediation action due today or later to close', () => {
    // Arrange
    const awaiting = at('awaiting-closure');
    const action = { action: 'fix', owner: 'staff-1', dueDate: '2026-03-02' };

    // Act / Assess
    expect(refusal(() => lifecycle.close(awaiting, { remediationActions: [action] }, ctx()))).toBe(
      'root-cause-required',
    );
    expect(
      refusal(() =>
        lifecycle.close(awaiting, { rootCause: 'bad-luck', remediationActions: [action] }, ctx()),
      ),
    ).toBe('root-cause-required');
    expect(
      refusal(() => lifecycle.close(awaiting, { rootCause: 'other', remediationActions: [] }, ctx())),
    ).toBe('remediation-required');
    expect(
      refusal(() =>
        lifecycle.close(
          awaiting,
          { rootCause: 'other', remediationActions: [{ ...action, dueDate: '2026-03-01' }] },
          ctx(),
        ),
      ),
    ).toBe('remediation-required');
  });
});

describe('extensions', () => {
  const request = (c: Complaint, level: 1 | 2, id = `ext_${level}`) =>
    extensions.requestExtension(c, { level, reason: 'complex-case', extensionId: id }, ctx()).complaint;

  it('approves level 1 then level 2, each moving the decision deadline, never past the cap', () => {
    // Arrange
    const investigating = at('investigating');
    const decision = (c: Complaint) => Date.parse(c.deadlines.find((d) => d.kind === 'decision')?.due ?? '');

    // Act
    const first = extensions.decideExtension(
      request(investigating, 1),
      { extensionId: 'ext_1', approve: true },
      ctx(supervisor),
    );
    const second = extensions.decideExtension(
      request(first.complaint, 2),
      { extensionId: 'ext_2', approve: true, customerToldAt: RECEIVED },
      ctx(manager),
    );

    // Assess
    expect(decision(first.complaint)).toBeGreaterThan(decision(investigating));
    expect(decision(second.complaint)).toBeGreaterThan(decision(first.complaint));
    const cap = Date.parse(second.complaint.deadlines.find((d) => d.kind === 'decision-cap')?.due ?? '');
    expect(decision(second.complaint)).toBeLessThanOrEqual(cap);
    expect(second.complaint.clock.approvedExtensions).toEqual([1, 2]);
    expect(second.events).toEqual([
      {
        type: 'ComplaintDeadlineExtended',
        level: 2,
        decisionDue: new Date(decision(second.complaint)).toISOString(),
      },
    ]);
    expect(second.signal).toEqual({ stage: 'investigation', kind: 'deadlines-changed' });
    expect(refusal(() => request(second.complaint, 2, 'ext_3'))).toBe('extension-not-allowed');
  });

  it('refuses level 2 first, a second pending request, and a supervisor deciding level 2', () => {
    // Arrange
    const investigating = at('investigating');
    const withFirst = extensions.decideExtension(
      request(investigating, 1),
      { extensionId: 'ext_1', approve: true },
      ctx(supervisor),
    );
    const pendingSecond = request(withFirst.complaint, 2);

    // Act / Assess
    expect(refusal(() => request(investigating, 2))).toBe('extension-not-allowed');
    expect(refusal(() => request(request(investigating, 1), 1, 'ext_x'))).toBe('extension-pending');
    expect(
      refusal(() =>
        extensions.decideExtension(pendingSecond, { extensionId: 'ext_2', approve: true }, ctx(supervisor)),
      ),
    ).toBe('extension-approval-level');
    expect(
      refusal(() =>
        extensions.decideExtension(pendingSecond, { extensionId: 'ext_2', approve: true }, ctx(manager)),
      ),
    ).toBe('extension-not-allowed');
    expect(
      refusal(() =>
        extensions.decideExtension(pendingSecond, { extensionId: 'ext_9', approve: true }, ctx(manager)),
      ),
    ).toBe('extension-not-found');
  });

  it('records a refusal without moving any deadline, and refuses deciding it twice', () => {
    // Arrange
    const pending = request(at('investigating'), 1);

    // Act
    const refused = extensions.decideExtension(
      pending,
      { extensionId: 'ext_1', approve: false },
      ctx(supervisor),
    );

    // Assess
    expect(refused.complaint.deadlines).toEqual(pending.deadlines);
    expect(refused.audit.action).toBe('complaint.extension-refused');
    expect(refused.signal).toBeUndefined();
    expect(
      refusal(() =>
        extensions.decideExtension(
          refused.complaint,
          { extensionId: 'ext_1', approve: true },
          ctx(supervisor),
        ),
      ),
    ).toBe('extension-decided');
  });

  it('keeps the total within the cap when the settings would pass it', () => {
    // Arrange
    const tight: StepContext = { ...ctx(), settings: { ...DEFAULT_TEST_SETTINGS, maxDecisionDays: 29 } };
    const investigating = at('investigating');

    // Act / Assess
    expect(
      refusal(() =>
        extensions.requestExtension(
          investigating,
          { level: 1, reason: 'complex-case', extensionId: 'e' },
          tight,
        ),
      ),
    ).toBe('extension-not-allowed');
  });
});
