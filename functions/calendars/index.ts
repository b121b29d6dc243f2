import { defineCapability } from '../../shared/capability/define.js';
import { calendarsRoutes } from './api/routes.js';
import { parseMonthDay } from './domain/check-window.js';
import { calendarsEvents } from './events.js';
import { calendarsPolicy } from './policy.js';

/**
 * The working-day calendar (docs/domain-rules.md §11) as data a bank can update: an admin loads
 * a year (a new State Council notice, or a correction) as a versioned, audited item; every
 * change is announced (WorkingCalendarChanged) so that the capabilities that count deadlines
 * mirror it; and from December a daily check alarms while next year has no data.
 */
export const calendarsCapability = defineCapability({
  name: 'calendars',
  summary:
    'The working-day calendar as data: admins load a year (versioned, audited, If-Match), every change is announced for the capabilities that count deadlines to mirror, and from December a daily check alarms while next year has no data.',
  tables: [
    {
      // Single-table design: per year, the immutable versions and the pointer to the current
      // one; and the outbox of WorkingCalendarChanged. See functions/calendars/store/keys.ts.
      // A stream for the outbox: writes here are a few a year, so it carries little else.
      id: 'Calendars',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      timeToLiveAttribute: 'expiresAt',
      outboxStream: true,
      envVar: 'CALENDARS_TABLE',
    },
    {
      // Append-only audit trail of loaded years (a hash chain per year, subject `calendar#<yyyy>`).
      id: 'CalendarAudit',
      partitionKey: { name: 'subject', type: 'S' },
      sortKey: { name: 'seq', type: 'N' },
      envVar: 'CALENDAR_AUDIT_TABLE',
      appendOnly: true,
    },
  ],
  functions: [
    {
      id: 'CalendarsApi',
      entry: 'functions/calendars/handlers/api.ts',
      memoryMb: 512,
      timeoutSeconds: 10,
      tables: [
        { table: 'Calendars', access: 'readWrite' },
        { table: 'CalendarAudit', access: 'append' },
      ],
    },
    {
      id: 'CalendarsDailyCheck',
      entry: 'functions/calendars/handlers/daily-check.ts',
      memoryMb: 256,
      timeoutSeconds: 30,
      tables: [{ table: 'Calendars', access: 'read' }],
    },
    {
      // Writes the head of every calendar year's audit chain to the write-once anchor bucket.
      id: 'CalendarsAuditAnchor',
      entry: 'functions/calendars/handlers/audit-anchor.ts',
      memoryMb: 256,
      timeoutSeconds: 60,
      // Reads the head of every chain: a Scan of the audit table, which holds no values.
      tables: [{ table: 'CalendarAudit', access: 'readAll' }],
      writesAuditAnchors: true,
    },
  ],
  api: { functionId: 'CalendarsApi', routes: Object.values(calendarsRoutes) },
  publishes: calendarsEvents,
  subscriptions: [],
  schedules: [
    {
      id: 'DailyCalendarCheck',
      description: 'From 1 December, checks that next year has working-day calendar data.',
      // 09:00 in China Standard Time: in office hours, so the alarm reaches someone who can act.
      expression: 'cron(0 1 * * ? *)',
      target: { kind: 'function', functionId: 'CalendarsDailyCheck' },
    },
    {
      id: 'DailyCalendarAuditAnchor',
      description:
        'Writes the head of every calendar year audit chain to the write-once anchor bucket, so a later rewrite of the trail is detected.',
      expression: 'cron(50 2 * * ? *)',
      target: { kind: 'function', functionId: 'CalendarsAuditAnchor' },
    },
  ],
  slaBreachMetrics: [
    {
      metricName: 'CalendarYearMissing',
      description:
        'Next year has no working-day calendar data (neither built in nor loaded): deadlines counted into it are provisional',
    },
  ],
  policy: calendarsPolicy,
  settings: [
    {
      name: 'CALENDAR_CHECK_FROM',
      description:
        "From which day of the year (China Standard Time, MM-DD) the daily check alarms while next year's working-day calendar is not loaded",
      default: '12-01',
      kind: 'month-day',
      functions: ['CalendarsDailyCheck'],
      check: parseMonthDay,
    },
  ],
});
