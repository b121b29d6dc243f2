import type { CalendarYear, Holiday } from './calendar-year.js';
import { dayOfIsoDate } from './civil-day.js';

/**
 * Reads the year files of the npm package `chinese-days` (`dist/years/<year>.json`), which
 * transcribe the State Council's yearly holiday notices, into the calendar's own shape.
 */

/** Day → `"English name,中文名,days"`, e.g. `"2026-02-14": "Spring Festival,春节,4"`. */
export type ChineseDaysEntries = Readonly<Record<string, string>>;

/** One `chinese-days/dist/years/<year>.json` file (checked against release 1.5.7). */
export interface ChineseDaysYear {
  /** Every rest day of every holiday, weekends inside the holiday included. */
  readonly holidays: ChineseDaysEntries;
  /** Make-up working days (调休上班): weekend days worked in exchange for a holiday. */
  readonly workdays: ChineseDaysEntries;
  /**
   * Weekdays off in exchange for the make-up days (调休). In every released year they are
   * also listed in `holidays`; they are rest days either way.
   */
  readonly inLieuDays?: ChineseDaysEntries;
}

/**
 * One year file as calendar data: rest days (holidays and in-lieu days) are grouped into
 * holidays, one per run of consecutive days with the same name; make-up working days are
 * kept as they are. Names are the English part of the package's label.
 *
 * @example
 *   calendarYearFromChineseDays({
 *     holidays: { '2026-10-01': 'National Day,国庆节,3', '2026-10-02': 'National Day,国庆节,3' },
 *     workdays: { '2026-10-10': 'National Day,国庆节,3' },
 *   });
 *   // → { holidays: [{ name: 'National Day', from: '2026-10-01', to: '2026-10-02' }],
 *   //     makeUpWorkingDays: ['2026-10-10'] }
 */
export function calendarYearFromChineseDays(file: ChineseDaysYear): CalendarYear {
  // A day in both maps keeps its holiday label; ISO dates sort as strings.
  const restDays = new Map<string, string>([
    ...Object.entries(file.inLieuDays ?? {}),
    ...Object.entries(file.holidays),
  ]);
  const holidays: Holiday[] = [];
  let current: { name: string; from: string; to: string; lastDay: number } | undefined;
  for (const date of [...restDays.keys()].sort()) {
    const name = englishName(restDays.get(date) ?? '');
    const day = dayOfIsoDate(date);
    if (current !== undefined && current.name === name && current.lastDay === day - 1) {
      current.to = date;
      current.lastDay = day;
      continue;
    }
    if (current !== undefined) holidays.push({ name: current.name, from: current.from, to: current.to });
    current = { name, from: date, to: date, lastDay: day };
  }
  if (current !== undefined) holidays.push({ name: current.name, from: current.from, to: current.to });
  return { holidays, makeUpWorkingDays: Object.keys(file.workdays).sort() };
}

// The label is "English,中文,days"; English keeps names in the same language as the rest of
// the product's messages. A label without commas is used whole.
function englishName(label: string): string {
  const english = label.split(',')[0]?.trim() ?? '';
  return english === '' ? label.trim() : english;
}
