/**
 * The calendar data shipped with the product: every year the npm package `chinese-days`
 * provides (2004–2026 in release 1.5.7, pinned in package.json), transcribed by its
 * maintainers from the State Council's yearly notices. Upgrading the package brings new
 * years; the admin API can add a year sooner (see docs/domain-rules.md §11).
 *
 * Bundle cost: all 23 year files are imported. esbuild inlines them as object literals:
 * about 45 KB of a minified bundle, about 3 KB gzipped; they are mapped into calendar years on
 * the first read, not at cold start (measured with esbuild 0.28, Node 24). Older years are kept because a
 * deadline or a breach may be recomputed for a complaint or review opened years ago. Each file
 * is imported by its own path, so none of the package's code (lunar calendar, solar terms) is
 * bundled. The data is checked against the calendar's schema by a unit test, not at run time.
 */

import y2004 from 'chinese-days/dist/years/2004.json' with { type: 'json' };
import y2005 from 'chinese-days/dist/years/2005.json' with { type: 'json' };
import y2006 from 'chinese-days/dist/years/2006.json' with { type: 'json' };
import y2007 from 'chinese-days/dist/years/2007.json' with { type: 'json' };
import y2008 from 'chinese-days/dist/years/2008.json' with { type: 'json' };
import y2009 from 'chinese-days/dist/years/2009.json' with { type: 'json' };
import y2010 from 'chinese-days/dist/years/2010.json' with { type: 'json' };
import y2011 from 'chinese-days/dist/years/2011.json' with { type: 'json' };
import y2012 from 'chinese-days/dist/years/2012.json' with { type: 'json' };
import y2013 from 'chinese-days/dist/years/2013.json' with { type: 'json' };
import y2014 from 'chinese-days/dist/years/2014.json' with { type: 'json' };
import y2015 from 'chinese-days/dist/years/2015.json' with { type: 'json' };
import y2016 from 'chinese-days/dist/years/2016.json' with { type: 'json' };
import y2017 from 'chinese-days/dist/years/2017.json' with { type: 'json' };
import y2018 from 'chinese-days/dist/years/2018.json' with { type: 'json' };
import y2019 from 'chinese-days/dist/years/2019.json' with { type: 'json' };
import y2020 from 'chinese-days/dist/years/2020.json' with { type: 'json' };
import y2021 from 'chinese-days/dist/years/2021.json' with { type: 'json' };
import y2022 from 'chinese-days/dist/years/2022.json' with { type: 'json' };
import y2023 from 'chinese-days/dist/years/2023.json' with { type: 'json' };
import y2024 from 'chinese-days/dist/years/2024.json' with { type: 'json' };
import y2025 from 'chinese-days/dist/years/2025.json' with { type: 'json' };
import y2026 from 'chinese-days/dist/years/2026.json' with { type: 'json' };
import { WorkingDayCalendar } from '../calendar.js';
import type { CalendarYear, CalendarYears } from '../calendar-year.js';
import { type ChineseDaysYear, calendarYearFromChineseDays } from '../chinese-days.js';
import { YearsOnFirstRead } from '../years-on-first-read.js';

// The year is stated next to its file (not read from the dates), so a file missing from the
// list is a year missing from the calendar, which the calendar reports as provisional.
const files: ReadonlyArray<readonly [number, ChineseDaysYear]> = [
  [2004, y2004],
  [2005, y2005],
  [2006, y2006],
  [2007, y2007],
  [2008, y2008],
  [2009, y2009],
  [2010, y2010],
  [2011, y2011],
  [2012, y2012],
  [2013, y2013],
  [2014, y2014],
  [2015, y2015],
  [2016, y2016],
  [2017, y2017],
  [2018, y2018],
  [2019, y2019],
  [2020, y2020],
  [2021, y2021],
  [2022, y2022],
  [2023, y2023],
  [2024, y2024],
  [2025, y2025],
  [2026, y2026],
];

/** The source of the built-in years, named in the docs and checked against package.json by a test. */
export const BUILT_IN_SOURCE = 'chinese-days@1.5.7';

/**
 * Built-in calendar data by year. The files are turned into calendar years on the first read,
 * not at import: most invocations of the functions that import a calendar count no deadline,
 * and a cold start should not pay for it (docs/operations.md §1).
 *
 * @example
 *   builtInYears.get(2026)?.makeUpWorkingDays; // ['2026-01-04', '2026-02-14', …]
 */
// Pure: a bundle that only imports this module dynamically (shared/time/calendar-mirror.ts)
// keeps the data out of its cold start.
export const builtInYears: CalendarYears = /* @__PURE__ */ new YearsOnFirstRead(
  () => new Map<number, CalendarYear>(files.map(([year, file]) => [year, calendarYearFromChineseDays(file)])),
);

/**
 * The calendar every capability uses unless it loads years of its own: China, with the
 * built-in years above, fallbacks logged but not counted. A capability that
 * counts fallbacks or loads admin years builds its own with {@link WorkingDayCalendar.withYears}.
 *
 * @example
 *   defaultCalendar.deadline(receivedAt, 3); // a complaint's initial handling: 3 working days
 */
// Pure: a bundle whose code never reads it drops it, instead of indexing every built-in year at
// each cold start (docs/operations.md §1).
export const defaultCalendar = /* @__PURE__ */ new WorkingDayCalendar(builtInYears);
