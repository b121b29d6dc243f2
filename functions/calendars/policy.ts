import { definePolicy } from '../../shared/auth/policy.js';

/**
 * Who may read and load the working-day calendar. Deny by default.
 */
export const calendarsPolicy = definePolicy({
  // The calendar is public data, so reading it discloses nothing; it is still granted only
  // where there is a need (deny by default). Admins load it. Compliance officers answer for
  // regulatory deadlines (a review's escalation, a complaint's 3 working days) and must be able
  // to check which calendar a deadline was counted with. Supervisors act on deadlines, which
  // the review list already shows with their provisional flags and missing years; the
  // calendar itself adds nothing they act on.
  'calendar-config:read': { roles: { admin: 'all', 'compliance-officer': 'all' } },
  // Loading a year changes every deadline counted over it: admins only.
  'calendar-config:write': { roles: { admin: 'all' } },
});

export type CalendarsAction = (typeof calendarsPolicy.actions)[number];
