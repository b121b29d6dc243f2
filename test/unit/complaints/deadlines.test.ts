import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  complaintDeadlines,
  deadlineMetAt,
  deadlineOf,
  decisionDaysOf,
  decisionDue,
  isPaused,
  nextDueAt,
  pausedSecondsOf,
} from '../../../functions/complaints/domain/deadlines.js';
import type {
  ClockFacts,
  ComplaintDeadline,
  DeadlineKind,
  ExtensionLevel,
  Pause,
} from '../../../functions/complaints/domain/model.js';
import {
  type ComplaintSettings,
  DEFAULT_COMPLAINT_SETTINGS,
} from '../../../functions/complaints/domain/settings.js';
import { WorkingDayCalendar } from '../../../shared/time/calendar.js';
import { builtInYears } from '../../../shared/time/calendars/built-in.js';

// The real calendar (built-in years 2004–2026, from the State Council's notices), quiet about
// 2027, which it has no data for. The 2026 facts the expectations rest on
// (shared/time/calendars via chinese-days 2026.json):
//   Spring Festival holiday 02-15 (Sun) … 02-23 (Mon); make-up working Saturdays 02-14 and 02-28.
//   Qingming 04-04 (Sat) … 04-06 (Mon).
//   Mid-Autumn 09-25 (Fri) … 09-27 (Sun); make-up working Sunday 09-20.
//   National Day 10-01 (Thu) … 10-07 (Wed); make-up working Saturday 10-10.
//   2026-03-01, 03-08, 03-15, 04-05 are Sundays; 03-28 is a Saturday; no holiday in March.
const calendar = new WorkingDayCalendar(builtInYears, { onMissingYear: () => undefined });

/** An instant given in China Standard Time. */
const cst = (date: string, time = '10:00:00'): Date => new Date(`${date}T${time}+08:00`);
/** The end (23:59:59.999 CST) of a CST day, as the ISO instant a deadline carries. */
const endOf = (date: string): string => cst(date, '23:59:59.999').toISOString();
const iso = (date: string, time = '10:00:00'): string => cst(date, time).toISOString();

const settings = DEFAULT_COMPLAINT_SETTINGS;
const noRoll: ComplaintSettings = { ...settings, rollRestDays: false };

function clockOf(receivedAt: Date, facts: Partial<ClockFacts> = {}): ClockFacts {
  return { receivedAt: receivedAt.toISOString(), pauses: [], approvedExtensions: [], ...facts };
}

function deadlinesOf(
  clock: ClockFacts,
  now: Date = new Date(clock.receivedAt),
  withSettings: ComplaintSettings = settings,
): ComplaintDeadline[] {
  return complaintDeadlines(calendar, withSettings, clock, now);
}

function deadline(deadlines: readonly ComplaintDeadline[], kind: DeadlineKind): ComplaintDeadline {
  const found = deadlineOf(deadlines, kind);
  if (found === undefined) throw new Error(`no ${kind} deadline`);
  return found;
}

function dueOf(clock: ClockFacts, kind: DeadlineKind, now?: Date, withSettings?: ComplaintSettings): string {
  return deadline(deadlinesOf(clock, now, withSettings), kind).due;
}

describe('complaint deadlines: what a new complaint gets', () => {
  it('has acknowledge, initial handling, decision and its cap, each with its rule and inputs', () => {
    // Prepare: Monday 2026-03-02, an ordinary week.
    const clock = clockOf(cst('2026-03-02'));

    // Act
    const deadlines = deadlinesOf(clock);

    // Assess
    expect(deadlines.map(({ kind, rule }) => [kind, rule])).toEqual([
      ['acknowledge', 'acknowledge-hours'],
      ['initial-handling', 'initial-handling-working-days'],
      ['decision', 'decision-days'],
      ['decision-cap', 'decision-max-days'],
    ]);
    // Monday 03-02 + 24 hours: Tuesday 10:00; + 3 working days: Thursday 03-05; + 15 days:
    // Tuesday 03-17; + 60 days: Friday 05-01 (Labour Day, but the cap is never rolled).
    expect(deadlines.map(({ due }) => due)).toEqual([
      iso('2026-03-03'),
      endOf('2026-03-05'),
      endOf('2026-03-17'),
      endOf('2026-05-01'),
    ]);
    expect(deadline(deadlines, 'decision').inputs).toEqual({
      receivedAt: clock.receivedAt,
      days: 15,
      pausedSeconds: 0,
    });
    expect(deadlines.every((d) => !d.provisional && d.missingYears.length === 0)).toBe(true);
  });
});

describe('complaint deadlines: a receipt late on a Friday (23:30 CST)', () => {
  // Friday 2026-03-13 23:30 CST is 15:30 UTC the same day.
  const clock = clockOf(cst('2026-03-13', '23:30:00'));
  const deadlines = deadlinesOf(clock);

  it('is acknowledged within 24 calendar hours: Saturday 23:30, a rest day, not moved', () => {
    expect(deadline(deadlines, 'acknowledge')).toMatchObject({
      due: '2026-03-14T15:30:00.000Z',
      inputs: { receivedAt: '2026-03-13T15:30:00.000Z', hours: 24 },
      explanation: '24 calendar hours from receipt at 2026-03-13 23:30 CST, whatever the day.',
      provisional: false,
    });
  });

  it('counts the 3 working days from Monday: the weekend does not count, Friday itself neither', () => {
    // Monday 03-16 (1), Tuesday 03-17 (2), Wednesday 03-18 (3).
    expect(deadline(deadlines, 'initial-handling')).toMatchObject({
      due: endOf('2026-03-18'),
      inputs: { receivedAt: '2026-03-13T15:30:00.000Z', workingDays: 3 },
      explanation:
        '3 working days after the day of receipt, Friday 2026-03-13 (make-up working days count), the end of Wednesday 2026-03-18.',
    });
  });

  it('rolls the 15-day decision off Saturday 03-28 to the end of Monday 03-30', () => {
    expect(deadline(deadlines, 'decision')).toMatchObject({
      due: endOf('2026-03-30'),
      inputs: { days: 15, pausedSeconds: 0, rolledFrom: endOf('2026-03-28') },
      explanation:
        '15 days from receipt on Friday 2026-03-13, rolled from Saturday 2026-03-28 to the next working day, Monday 2026-03-30.',
    });
  });
});

describe('complaint deadlines: the 2026 Spring Festival holiday (02-15 … 02-23)', () => {
  it('from the last working day before it (make-up Saturday 02-14): every deadline steps over it', () => {
    // Act
    const deadlines = deadlinesOf(clockOf(cst('2026-02-14')));

    // Assess
    // 24 hours: Sunday 02-15 10:00, the first day of the holiday (hours are never rolled).
    expect(deadline(deadlines, 'acknowledge').due).toBe(iso('2026-02-15'));
    // 02-15 … 02-23 are rest days: Tuesday 02-24 (1), 02-25 (2), Thursday 02-26 (3).
    expect(deadline(deadlines, 'initial-handling').due).toBe(endOf('2026-02-26'));
    // 02-14 + 15 days = Sunday 03-01, rolled to Monday 03-02.
    expect(deadline(deadlines, 'decision')).toMatchObject({
      due: endOf('2026-03-02'),
      inputs: { rolledFrom: endOf('2026-03-01') },
    });
    // 02-14 + 60 days = Wednesday 04-15 (February 2026 has 28 days).
    expect(deadline(deadlines, 'decision-cap').due).toBe(endOf('2026-04-15'));
  });

  it('from the Friday before it: the make-up Saturday counts as the first working day', () => {
    // Act
    const deadlines = deadlinesOf(clockOf(cst('2026-02-13')));

    // Assess: Saturday 02-14 (1), then over the holiday: Tuesday 02-24 (2), Wednesday 02-25 (3).
    expect(deadline(deadlines, 'initial-handling').due).toBe(endOf('2026-02-25'));
    // 02-13 + 15 days = Saturday 02-28, a make-up working day: the decision stays there.
    expect(deadline(deadlines, 'decision').due).toBe(endOf('2026-02-28'));
    expect(deadline(deadlines, 'decision').inputs).not.toHaveProperty('rolledFrom');
  });

  it('from inside it: the working days start after the holiday, the decision rolls off a Sunday', () => {
    // Tuesday 02-17 (a holiday): 02-24 (1), 02-25 (2), 02-26 (3); + 15 days = Wednesday 03-04.
    const inside = deadlinesOf(clockOf(cst('2026-02-17')));
    expect(deadline(inside, 'acknowledge').due).toBe(iso('2026-02-18'));
    expect(deadline(inside, 'initial-handling').due).toBe(endOf('2026-02-26'));
    expect(deadline(inside, 'decision').due).toBe(endOf('2026-03-04'));

    // Saturday 02-21 (a holiday) + 15 days = Sunday 03-08, rolled to Monday 03-09.
    const lateInside = deadlinesOf(clockOf(cst('2026-02-21')));
    expect(deadline(lateInside, 'decision')).toMatchObject({
      due: endOf('2026-03-09'),
      inputs: { rolledFrom: endOf('2026-03-08') },
    });
  });
});

describe('complaint deadlines: National Day 2026 (10-01 … 10-07) and its make-up days', () => {
  it('counts the make-up Saturday 10-10 as the third working day after a receipt on 09-30', () => {
    // Wednesday 09-30: Thursday 10-08 (1), Friday 10-09 (2), Saturday 10-10, a make-up day (3).
    const deadlines = deadlinesOf(clockOf(cst('2026-09-30', '16:00:00')));

    expect(deadline(deadlines, 'initial-handling').due).toBe(endOf('2026-10-10'));
    // 24 hours: Thursday 10-01 16:00, a holiday: hours are never rolled.
    expect(deadline(deadlines, 'acknowledge').due).toBe(iso('2026-10-01', '16:00:00'));
  });

  it('counts the make-up Sunday 09-20 as the first working day after a receipt on Friday 09-18', () => {
    // Saturday 09-19 rest, Sunday 09-20 make-up (1), Monday 09-21 (2), Tuesday 09-22 (3).
    expect(dueOf(clockOf(cst('2026-09-18')), 'initial-handling')).toBe(endOf('2026-09-22'));
  });

  it('rolls a decision falling on 10-01 past the whole holiday to the end of Thursday 10-08', () => {
    // Wednesday 09-16 + 15 days = Thursday 10-01.
    const decision = deadline(deadlinesOf(clockOf(cst('2026-09-16'))), 'decision');

    expect(decision).toMatchObject({
      due: endOf('2026-10-08'),
      inputs: { rolledFrom: endOf('2026-10-01') },
      explanation:
        '15 days from receipt on Wednesday 2026-09-16, rolled from Thursday 2026-10-01 to the next working day, Thursday 2026-10-08.',
    });
  });

  it('leaves a decision falling on the make-up Sunday 09-20 where it is', () => {
    // Saturday 09-05 + 15 days = Sunday 09-20, a working day.
    expect(dueOf(clockOf(cst('2026-09-05')), 'decision')).toBe(endOf('2026-09-20'));
  });
});

describe('complaint deadlines: pauses', () => {
  // Monday 2026-09-14: the decision is due Tuesday 09-29 (+15), the cap Friday 11-13 (+60).
  const receivedAt = cst('2026-09-14', '09:00:00');

  it('move the decision and its cap by a pause spanning Mid-Autumn and National Day, nothing else', () => {
    // Prepare: 15 days exactly, 09-24 09:00 to 10-09 09:00, over both holidays.
    const pauses: Pause[] = [
      {
        from: iso('2026-09-24', '09:00:00'),
        to: iso('2026-10-09', '09:00:00'),
        reason: 'external-appraisal',
      },
    ];

    // Act
    const deadlines = deadlinesOf(clockOf(receivedAt, { pauses }), cst('2026-10-09', '10:00:00'));

    // Assess: 09-29 + 15 days = Wednesday 10-14, a working day. The holidays inside the pause
    // count as paused time like any other day (the pause is calendar time).
    expect(deadline(deadlines, 'decision')).toMatchObject({
      due: endOf('2026-10-14'),
      inputs: { days: 15, pausedSeconds: 15 * 86_400 },
      explanation: '15 days from receipt on Monday 2026-09-14, moved 15 days by pauses.',
    });
    // 11-13 + 15 days = Saturday 11-28: the cap is never rolled.
    expect(deadline(deadlines, 'decision-cap')).toMatchObject({
      due: endOf('2026-11-28'),
      inputs: { days: 60, pausedSeconds: 15 * 86_400 },
      explanation:
        '60 days from receipt on Monday 2026-09-14, moved 15 days by pauses, the absolute maximum, never moved to a working day.',
    });
    // Acknowledgement and initial handling do not pause: 09-15 09:00; 09-15, 09-16, Thursday 09-17.
    expect(deadline(deadlines, 'acknowledge').due).toBe(iso('2026-09-15', '09:00:00'));
    expect(deadline(deadlines, 'initial-handling').due).toBe(endOf('2026-09-17'));
  });

  it('roll the decision when the pause moves it into a holiday', () => {
    // Prepare: 3 days 3 hours: 09-29 23:59:59.999 becomes Saturday 10-03 02:59:59.999 (National Day).
    const pauses: Pause[] = [
      { from: iso('2026-09-22', '09:00:00'), to: iso('2026-09-25', '12:00:00'), reason: 'testing' },
    ];

    // Act
    const decision = deadline(deadlinesOf(clockOf(receivedAt, { pauses })), 'decision');

    // Assess
    expect(decision).toMatchObject({
      due: endOf('2026-10-08'),
      inputs: { pausedSeconds: (3 * 24 + 3) * 3600, rolledFrom: iso('2026-10-03', '02:59:59.999') },
      explanation:
        '15 days from receipt on Monday 2026-09-14, moved 3 days 3 hours by pauses, rolled from Saturday 2026-10-03 to the next working day, Thursday 2026-10-08.',
    });
  });

  it('count an open pause up to now, so the decision keeps moving while it lasts', () => {
    // Prepare: paused since Thursday 09-24 09:00, not resumed.
    const clock = clockOf(receivedAt, {
      pauses: [{ from: iso('2026-09-24', '09:00:00'), reason: 'investigation' }],
    });

    // Act
    // 2 days 12 hours in: 09-29 end + 2.5 days = Friday 10-02 11:59:59.999, a holiday → 10-08.
    const early = deadline(deadlinesOf(clock, cst('2026-09-26', '21:00:00')), 'decision');
    // 16 days in: 09-29 end + 16 days = Thursday 10-15, a working day.
    const late = deadline(deadlinesOf(clock, cst('2026-10-10', '09:00:00')), 'decision');

    // Assess
    expect(early).toMatchObject({
      due: endOf('2026-10-08'),
      inputs: { pausedSeconds: 60 * 3600, rolledFrom: iso('2026-10-02', '11:59:59.999') },
    });
    expect(late.due).toBe(endOf('2026-10-15'));
    expect(isPaused(clock)).toBe(true);
    expect(pausedSecondsOf(clock, cst('2026-09-26', '21:00:00'))).toBe(60 * 3600);
  });

  it('move the decision to the exact instant on a working day, not to the end of that day', () => {
    // Monday 03-02 + 15 = Tuesday 03-17 23:59:59.999; 2 hours later is Wednesday 03-18 01:59:59.999.
    const pauses: Pause[] = [
      { from: iso('2026-03-05', '10:00:00'), to: iso('2026-03-05', '12:00:00'), reason: 'testing' },
    ];

    expect(dueOf(clockOf(cst('2026-03-02'), { pauses }), 'decision')).toBe(iso('2026-03-18', '01:59:59.999'));
  });

  it('add up every closed pause', () => {
    const clock = clockOf(receivedAt, {
      pauses: [
        { from: iso('2026-09-15'), to: iso('2026-09-16'), reason: 'testing' },
        { from: iso('2026-09-17'), to: iso('2026-09-17', '10:30:00'), reason: 'testing' },
      ],
    });

    expect(pausedSecondsOf(clock, cst('2026-12-01'))).toBe(86_400 + 1_800);
    expect(isPaused(clock)).toBe(false);
  });
});

describe('complaint deadlines: extensions and the 60-day cap', () => {
  // Friday 2026-02-13: the cap is 02-13 + 60 days = Tuesday 04-14.
  const receivedAt = cst('2026-02-13');

  it('gives 30 days after the first extension: Sunday 03-15, rolled to Monday 03-16', () => {
    const decision = deadline(deadlinesOf(clockOf(receivedAt, { approvedExtensions: [1] })), 'decision');

    expect(decision).toMatchObject({
      due: endOf('2026-03-16'),
      rule: 'decision-days-extended-1',
      inputs: { days: 30, rolledFrom: endOf('2026-03-15') },
      explanation:
        '30 days (15, plus 15 by the first extension) from receipt on Friday 2026-02-13, rolled from Sunday 2026-03-15 to the next working day, Monday 2026-03-16.',
    });
  });

  it('gives 60 days after both: Tuesday 04-14, the cap itself, not rolled and so not capped', () => {
    const deadlines = deadlinesOf(clockOf(receivedAt, { approvedExtensions: [1, 2] }));

    expect(deadline(deadlines, 'decision')).toMatchObject({
      due: endOf('2026-04-14'),
      rule: 'decision-days-extended-2',
      inputs: { days: 60 },
    });
    expect(deadline(deadlines, 'decision').inputs).not.toHaveProperty('capped');
    expect(deadline(deadlines, 'decision-cap').due).toBe(endOf('2026-04-14'));
  });

  it('caps a decision the roll would move past the maximum', () => {
    // Wednesday 02-04 + 60 days = Sunday 04-05, inside Qingming (04-04 … 04-06): rolled, the
    // decision would be Tuesday 04-07, after the absolute maximum, which is never rolled.
    const deadlines = deadlinesOf(clockOf(cst('2026-02-04'), { approvedExtensions: [1, 2] }));

    expect(deadline(deadlines, 'decision-cap').due).toBe(endOf('2026-04-05'));
    expect(deadline(deadlines, 'decision')).toMatchObject({
      due: endOf('2026-04-05'),
      inputs: { days: 60, rolledFrom: endOf('2026-04-05'), capped: true },
      explanation:
        '60 days (15, plus 15 by the first extension and 30 by the second) from receipt on Wednesday 2026-02-04, rolled from Sunday 2026-04-05 to the next working day, Tuesday 2026-04-07, capped at the 60-day maximum, the end of Sunday 2026-04-05.',
    });
  });

  it('caps the decision at the cap moved by the pauses', () => {
    // 02-04 + 60 = Sunday 04-05 end, + 1 day of pause = Monday 04-06 end (Qingming): the roll
    // would give Tuesday 04-07; the cap, moved by the same day, is Monday 04-06.
    const pauses: Pause[] = [{ from: iso('2026-03-02'), to: iso('2026-03-03'), reason: 'testing' }];
    const deadlines = deadlinesOf(clockOf(cst('2026-02-04'), { approvedExtensions: [1, 2], pauses }));

    expect(deadline(deadlines, 'decision-cap').due).toBe(endOf('2026-04-06'));
    expect(deadline(deadlines, 'decision')).toMatchObject({
      due: endOf('2026-04-06'),
      inputs: { capped: true },
    });
  });

  it('counts the extensions’ days from the settings', () => {
    expect(decisionDaysOf(settings, [])).toBe(15);
    expect(decisionDaysOf(settings, [1])).toBe(30);
    expect(decisionDaysOf(settings, [1, 2])).toBe(60);
    expect(decisionDaysOf({ decisionDays: 10, firstExtensionDays: 5, secondExtensionDays: 20 }, [1, 2])).toBe(
      35,
    );
  });
});

describe('complaint deadlines: the review', () => {
  const receivedAt = cst('2026-08-10');

  it('has no review deadline before the decision, and no review decision before a request', () => {
    expect(deadlinesOf(clockOf(receivedAt)).map((d) => d.kind)).not.toContain('review-request');
    expect(deadlinesOf(clockOf(receivedAt, { decidedAt: iso('2026-09-01') })).map((d) => d.kind)).toEqual([
      'acknowledge',
      'initial-handling',
      'decision',
      'decision-cap',
      'review-request',
    ]);
  });

  it('opens a 30-day window after the decision, rolled off National Day', () => {
    // Tuesday 09-01 + 30 days = Thursday 10-01, rolled to Thursday 10-08.
    const clock = clockOf(receivedAt, { decidedAt: iso('2026-09-01') });

    expect(deadline(deadlinesOf(clock), 'review-request')).toMatchObject({
      due: endOf('2026-10-08'),
      rule: 'review-request-days',
      inputs: { decidedAt: iso('2026-09-01'), days: 30, rolledFrom: endOf('2026-10-01') },
      explanation:
        '30 days from the decision on Tuesday 2026-09-01, rolled from Thursday 2026-10-01 to the next working day, Thursday 2026-10-08.',
    });
  });

  it('gives the review decision 30 days from the request, a make-up Saturday kept', () => {
    // Thursday 09-10 + 30 days = Saturday 10-10, a make-up working day.
    const clock = clockOf(receivedAt, { decidedAt: iso('2026-09-01'), reviewRequestedAt: iso('2026-09-10') });

    expect(deadline(deadlinesOf(clock), 'review-decision')).toMatchObject({
      due: endOf('2026-10-10'),
      rule: 'review-decision-days',
      inputs: { reviewRequestedAt: iso('2026-09-10'), days: 30 },
    });
  });
});

describe('complaint deadlines: the roll switched off (COMPLAINT_ROLL_REST_DAYS=no)', () => {
  it('leaves day-counted deadlines on rest days, and does not consult the calendar for them', () => {
    // Saturday 02-14 + 15 = Sunday 03-01; decided Tuesday 09-01 + 30 = Thursday 10-01 (National Day).
    const clock = clockOf(cst('2026-02-14'), { decidedAt: iso('2026-09-01') });

    const deadlines = deadlinesOf(clock, undefined, noRoll);

    expect(deadline(deadlines, 'decision')).toMatchObject({
      due: endOf('2026-03-01'),
      inputs: { days: 15, pausedSeconds: 0 },
      explanation: '15 days from receipt on Saturday 2026-02-14.',
    });
    expect(deadline(deadlines, 'decision').inputs).not.toHaveProperty('rolledFrom');
    expect(deadline(deadlines, 'review-request').due).toBe(endOf('2026-10-01'));
    // Working days are still working days.
    expect(deadline(deadlines, 'initial-handling').due).toBe(endOf('2026-02-26'));
  });
});

describe('complaint deadlines: a year the calendar has no data for (2027)', () => {
  it('marks the deadlines that depended on 2027 provisional, and names the year', () => {
    // Prepare: Sunday 2026-12-20; + 15 days = Monday 2027-01-04, whose status only 2027's
    // notice can tell.
    const deadlines = deadlinesOf(clockOf(cst('2026-12-20')));

    // Assess
    expect(deadline(deadlines, 'decision')).toMatchObject({
      due: endOf('2027-01-04'),
      provisional: true,
      missingYears: [2027],
      explanation:
        '15 days from receipt on Sunday 2026-12-20, provisional: the calendar has no official data for 2027, so only weekends were taken as rest days.',
    });
    // Monday 12-21, Tuesday 12-22, Wednesday 12-23: before the last week of December, final.
    expect(deadline(deadlines, 'initial-handling')).toMatchObject({
      due: endOf('2026-12-23'),
      provisional: false,
    });
    // Calendar hours and the never-rolled cap do not depend on the calendar.
    expect(deadline(deadlines, 'acknowledge').provisional).toBe(false);
    expect(deadline(deadlines, 'decision-cap')).toMatchObject({
      due: endOf('2027-02-18'),
      provisional: false,
    });
  });

  it('marks the initial handling provisional in the last week of December (2027’s notice may move it)', () => {
    // Monday 12-28: 12-29, 12-30, Thursday 12-31, days New Year arrangements may change.
    expect(deadline(deadlinesOf(clockOf(cst('2026-12-28'))), 'initial-handling')).toMatchObject({
      due: endOf('2026-12-31'),
      provisional: true,
      missingYears: [2027],
    });
  });

  it('is not provisional without the roll: a calendar-day count needs no calendar', () => {
    const decision = deadline(deadlinesOf(clockOf(cst('2026-12-20')), undefined, noRoll), 'decision');

    expect(decision).toMatchObject({ due: endOf('2027-01-04'), provisional: false, missingYears: [] });
  });
});

describe('the explanation of a decision moved by pauses and rolled', () => {
  it('names the days, the receipt, the paused time and the roll', () => {
    // Tuesday 02-10 + 15 = Wednesday 02-25 end; + 3 days 4 hours = Sunday 03-01 03:59 → Monday 03-02.
    const clock = clockOf(cst('2026-02-10'), {
      pauses: [{ from: iso('2026-02-11', '08:00:00'), to: iso('2026-02-14', '12:00:00'), reason: 'testing' }],
    });

    expect(deadline(deadlinesOf(clock), 'decision').explanation).toBe(
      '15 days from receipt on Tuesday 2026-02-10, moved 3 days 4 hours by pauses, rolled from Sunday 2026-03-01 to the next working day, Monday 2026-03-02.',
    );
  });
});

describe('nextDueAt and the steps that meet each deadline', () => {
  // Monday 2026-03-02: acknowledge 03-03 10:00, initial handling 03-05, decision 03-17.
  const receivedAt = cst('2026-03-02');
  const now = cst('2026-03-02', '11:00:00');

  function next(facts: Partial<ClockFacts>, at: Date = now): string | undefined {
    const clock = clockOf(receivedAt, facts);
    return nextDueAt(deadlinesOf(clock, at), clock, at);
  }

  it('is the earliest deadline whose step is not done', () => {
    expect(next({})).toBe(iso('2026-03-03'));
    expect(next({ acknowledgedAt: iso('2026-03-02', '15:00:00') })).toBe(endOf('2026-03-05'));
    expect(
      next({ acknowledgedAt: iso('2026-03-02', '15:00:00'), initialHandlingAt: iso('2026-03-04') }),
    ).toBe(endOf('2026-03-17'));
  });

  it('stays on a deadline already passed and not met: the complaint is overdue', () => {
    expect(next({}, cst('2026-03-04'))).toBe(iso('2026-03-03'));
  });

  it('leaves out the decision and its cap while paused', () => {
    const handled = { acknowledgedAt: iso('2026-03-02', '15:00:00'), initialHandlingAt: iso('2026-03-04') };
    const paused = { ...handled, pauses: [{ from: iso('2026-03-05'), reason: 'testing' }] };

    expect(next(paused, cst('2026-03-06'))).toBeUndefined();
    // Acknowledgement not done yet when paused: it is still due.
    expect(next({ pauses: paused.pauses }, cst('2026-03-06'))).toBe(iso('2026-03-03'));
  });

  it('is the review window after the decision, and nothing once the window ended unused', () => {
    // Decided Tuesday 03-10: + 30 days = Thursday 04-09.
    const decided = {
      acknowledgedAt: iso('2026-03-02', '15:00:00'),
      initialHandlingAt: iso('2026-03-04'),
      decidedAt: iso('2026-03-10'),
    };

    expect(next(decided, cst('2026-03-11'))).toBe(endOf('2026-04-09'));
    expect(next(decided, cst('2026-04-10'))).toBeUndefined();
    // A review requested Wednesday 04-01: + 30 days = Friday 05-01, Labour Day (05-01 … 05-05),
    // rolled to Wednesday 05-06.
    const reviewed = { ...decided, reviewRequestedAt: iso('2026-04-01') };
    expect(next(reviewed, cst('2026-04-02'))).toBe(endOf('2026-05-06'));
    expect(next({ ...reviewed, reviewDecidedAt: iso('2026-04-20') }, cst('2026-04-21'))).toBeUndefined();
  });

  it('pairs each deadline with the step that meets it', () => {
    const clock = clockOf(receivedAt, {
      acknowledgedAt: 'a',
      initialHandlingAt: 'i',
      decidedAt: 'd',
      reviewRequestedAt: 'r',
      reviewDecidedAt: 'v',
    });

    expect(
      (
        [
          'acknowledge',
          'initial-handling',
          'decision',
          'decision-cap',
          'review-request',
          'review-decision',
        ] as const
      ).map((kind) => deadlineMetAt(kind, clock)),
    ).toEqual(['a', 'i', 'd', 'd', 'r', 'v']);
  });

  it('finds the decision’s due among the deadlines', () => {
    const deadlines = deadlinesOf(clockOf(receivedAt));

    expect(decisionDue(deadlines)).toBe(endOf('2026-03-17'));
    expect(decisionDue([])).toBeUndefined();
  });
});

describe('complaint deadlines: properties', () => {
  const MINUTE = 60_000;
  const DAY = 86_400_000;
  // Receipts from 2025-01-01 to 2026-10-31 CST, on a one-minute grid.
  const start = cst('2025-01-01', '00:00:00').getTime();
  const receipt = fc
    .integer({ min: 0, max: Math.floor((cst('2026-10-31').getTime() - start) / MINUTE) })
    .map((minutes) => new Date(start + minutes * MINUTE));
  // Up to three closed pauses, one after the other, each from a minute to ten days.
  const pauseSteps = fc.array(
    fc.record({
      gap: fc.integer({ min: 0, max: 10 * 24 * 60 }),
      length: fc.integer({ min: 1, max: 10 * 24 * 60 }),
    }),
    { maxLength: 3 },
  );
  const extensions = fc.constantFrom<readonly ExtensionLevel[]>([], [1], [1, 2]);

  function pausesAfter(receivedAt: Date, steps: readonly { gap: number; length: number }[]): Pause[] {
    let at = receivedAt.getTime();
    return steps.map(({ gap, length }) => {
      const from = at + gap * MINUTE;
      at = from + length * MINUTE;
      return { from: new Date(from).toISOString(), to: new Date(at).toISOString(), reason: 'testing' };
    });
  }

  const dueMs = (deadlines: readonly ComplaintDeadline[], kind: DeadlineKind): number =>
    Date.parse(deadline(deadlines, kind).due);

  it('every deadline is at or after the receipt, and the decision never after its cap', () => {
    fc.assert(
      fc.property(receipt, pauseSteps, extensions, fc.boolean(), (receivedAt, steps, approved, roll) => {
        const clock = clockOf(receivedAt, {
          pauses: pausesAfter(receivedAt, steps),
          approvedExtensions: approved,
          decidedAt: new Date(receivedAt.getTime() + 20 * DAY).toISOString(),
        });
        const deadlines = deadlinesOf(clock, receivedAt, { ...settings, rollRestDays: roll });

        for (const { due } of deadlines) expect(Date.parse(due)).toBeGreaterThanOrEqual(receivedAt.getTime());
        expect(dueMs(deadlines, 'decision')).toBeLessThanOrEqual(dueMs(deadlines, 'decision-cap'));
      }),
      { numRuns: 300 },
    );
  });

  it('a pause of P moves the unrolled decision and the cap by exactly P', () => {
    fc.assert(
      fc.property(receipt, pauseSteps, extensions, (receivedAt, steps, approved) => {
        const pauses = pausesAfter(receivedAt, steps);
        const paused = pauses.reduce(
          (sum, pause) => sum + Date.parse(pause.to ?? '') - Date.parse(pause.from),
          0,
        );
        const without = deadlinesOf(
          clockOf(receivedAt, { approvedExtensions: approved }),
          receivedAt,
          noRoll,
        );
        const withPauses = deadlinesOf(
          clockOf(receivedAt, { approvedExtensions: approved, pauses }),
          receivedAt,
          noRoll,
        );

        for (const kind of ['decision', 'decision-cap'] as const) {
          expect(dueMs(withPauses, kind) - dueMs(without, kind)).toBe(paused);
        }
        expect(deadline(withPauses, 'decision').inputs.pausedSeconds).toBe(paused / 1000);
      }),
      { numRuns: 300 },
    );
  });

  it('a rolled decision ends on a working day, or at the cap; the roll only ever moves it later', () => {
    fc.assert(
      fc.property(receipt, pauseSteps, extensions, (receivedAt, steps, approved) => {
        const clock = clockOf(receivedAt, {
          pauses: pausesAfter(receivedAt, steps),
          approvedExtensions: approved,
        });
        const rolled = deadlinesOf(clock, receivedAt);
        const unrolled = deadlinesOf(clock, receivedAt, noRoll);
        const decision = dueMs(rolled, 'decision');

        expect(calendar.isWorkingDay(new Date(decision)) || decision === dueMs(rolled, 'decision-cap')).toBe(
          true,
        );
        expect(decision).toBeGreaterThanOrEqual(dueMs(unrolled, 'decision'));
        // The initial handling is the end (23:59:59.999 CST) of a working day.
        const initial = new Date(dueMs(rolled, 'initial-handling'));
        expect(calendar.isWorkingDay(initial)).toBe(true);
        expect(new Date(initial.getTime() + 1).toISOString().slice(11)).toBe('16:00:00.000Z');
      }),
      { numRuns: 300 },
    );
  });
});
