import { auditSubject } from '../../../shared/audit/index.js';

/**
 * Key schema of the Calendars table (single-table design). Every key is built here and
 * nowhere else.
 *
 * | item             | pk              | sk                  | attributes                                   |
 * |------------------|-----------------|---------------------|----------------------------------------------|
 * | year version     | CALENDAR#<yyyy> | VERSION#<10 digits> | year, version, holidays, makeUpWorkingDays, updatedAt, updatedBy, auditSeq, auditHash (immutable) |
 * | current pointer  | CALENDAR#<yyyy> | CURRENT             | the same attributes, of the current version  |
 * | outbox event     | OUTBOX#<eventId>| EVENT               | WorkingCalendarChanged, relayed to the bus   |
 *
 * As for the segmentation configuration: versions are zero-padded so that they sort as strings,
 * and the pointer carries a copy of the current version (one GetItem reads a year). Each year
 * has its own audit chain in CalendarAudit (subject `calendar#<yyyy>`), one record per version
 * (`seq` equals the version).
 */
const VERSION_DIGITS = 10;

const yearPk = (year: number) => `CALENDAR#${year}`;

/** The pointer to a year's current version. */
export const calendarCurrentKey = (year: number) => ({ pk: yearPk(year), sk: 'CURRENT' });

/** The immutable item of one version of a year. */
export const calendarVersionKey = (year: number, version: number) => ({
  pk: yearPk(year),
  sk: `VERSION#${String(version).padStart(VERSION_DIGITS, '0')}`,
});

/** The audit chain of one year's versions. */
export const calendarAuditSubject = (year: number) => auditSubject('calendar', String(year));
