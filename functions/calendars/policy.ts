import { definePolicy } from '../../shared/auth/policy.js';

/**
 * Who may read and load the working-day calendar. Deny by default.
 */
export const calendarsPolicy = definePolicy({
  // The calendar is public data, but what a deadline was counted with is not every role's
  // business. Admins keep it. Compliance officers answer for regulatory deadlines (a review's
  // escalation, a complaint's 3 working days) and must be able to check which calendar a
  // deadline was counted with. Supervisors act on deadlines, which the review list already
  // shows with their `provisional` flag; they have no need to read the calendar itself.
  'calendar-config:read': { roles: { admin: 'all', 'compliance-officer': 'all' } },
  // Loading a year changes every deadline counted over it: admins only.
  'calendar-config:write': { roles: { admin: 'all' } },
});

export type CalendarsAction = (typeof calendarsPolicy.actions)[number];
