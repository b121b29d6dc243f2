import { cstDayOf, isoDateOfDay } from '../../../shared/time/civil-day.js';

/** The KPI bucket a moment counts in: its China Standard Time calendar day (docs/domain-rules.md §19.7). */
export const kpiDayOf = (now: Date): string => isoDateOfDay(cstDayOf(now));
