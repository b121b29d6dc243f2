/**
 * EventBridge Scheduler expressions, in UTC: `cron(min hour day-of-month month day-of-week year)`
 * with `*`, `?`, values, ranges, lists, `/` steps, month and day names (day-of-week 1 = SUN);
 * and `rate(n minute(s)|hour(s)|day(s))`. `L`, `W` and `#` are refused.
 */

export interface Schedule {
  /** The first fire time strictly after `after`. */
  nextAfter(after: Date): Date | undefined;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MINUTE_MS = 60_000;
const UNIT_MS: Readonly<Record<string, number>> = {
  minute: MINUTE_MS,
  hour: 60 * MINUTE_MS,
  day: 1440 * MINUTE_MS,
};
/** How far ahead a cron may be searched (AWS years end at 2199). */
const SEARCH_DAYS = 366 * 8;

type Field = ReadonlySet<number> | 'any';

/** Parses `cron(...)` or `rate(...)`; `anchor` is when a rate schedule starts counting. */
export function parseScheduleExpression(expression: string, anchor: Date = new Date()): Schedule {
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (rate) {
    const count = Number(rate[1]);
    const unit = UNIT_MS[(rate[2] ?? '').replace(/s$/, '')];
    if (!count || unit === undefined) throw new Error(`Invalid rate expression: ${expression}`);
    const period = count * unit;
    return {
      nextAfter: (after) => {
        const elapsed = after.getTime() - anchor.getTime();
        const periods = elapsed < 0 ? 1 : Math.floor(elapsed / period) + 1;
        return new Date(anchor.getTime() + periods * period);
      },
    };
  }
  const cron = /^cron\((.*)\)$/.exec(expression.trim());
  if (!cron) throw new Error(`Not a cron() or rate() expression: ${expression}`);
  return parseCron(cron[1] ?? '', expression);
}

function parseCron(body: string, expression: string): Schedule {
  const parts = body.trim().split(/\s+/);
  if (parts.length !== 6) throw new Error(`A cron expression has 6 fields: ${expression}`);
  const [minutes, hours, dom, month, dow, year] = parts as [string, string, string, string, string, string];
  if ((dom === '?') === (dow === '?')) {
    throw new Error(`Exactly one of day-of-month and day-of-week must be '?': ${expression}`);
  }
  const fields = {
    minute: parseField(minutes, 0, 59, [], expression),
    hour: parseField(hours, 0, 23, [], expression),
    dom: parseField(dom, 1, 31, [], expression),
    month: parseField(month, 1, 12, MONTHS, expression),
    dow: parseField(dow, 1, 7, DAYS, expression),
    year: parseField(year, 1970, 2199, [], expression),
  };
  const has = (field: Field, value: number): boolean => field === 'any' || field.has(value);
  const dayMatches = (day: Date): boolean =>
    has(fields.year, day.getUTCFullYear()) &&
    has(fields.month, day.getUTCMonth() + 1) &&
    has(fields.dom, day.getUTCDate()) &&
    has(fields.dow, day.getUTCDay() + 1);
  return {
    nextAfter: (after) => {
      const start = Math.floor(after.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
      const firstDay = new Date(start);
      firstDay.setUTCHours(0, 0, 0, 0);
      for (let offset = 0; offset < SEARCH_DAYS; offset++) {
        const day = new Date(firstDay.getTime() + offset * 1440 * MINUTE_MS);
        if (!dayMatches(day)) continue;
        for (let hour = 0; hour < 24; hour++) {
          if (!has(fields.hour, hour)) continue;
          for (let minute = 0; minute < 60; minute++) {
            if (!has(fields.minute, minute)) continue;
            const at = day.getTime() + (hour * 60 + minute) * MINUTE_MS;
            if (at >= start) return new Date(at);
          }
        }
      }
      return undefined;
    },
  };
}

function parseField(
  text: string,
  min: number,
  max: number,
  names: readonly string[],
  expression: string,
): Field {
  if (text === '*' || text === '?') return 'any';
  if (/[LW#]/.test(text.toUpperCase().replace(/[A-Z]{3}/g, (name) => (names.includes(name) ? '' : name)))) {
    throw new Error(`Cron L, W and # are not supported locally: ${expression}`);
  }
  const values = new Set<number>();
  const value = (token: string): number => {
    const named = names.indexOf(token.toUpperCase());
    const number = named >= 0 ? named + 1 : Number(token);
    if (!Number.isInteger(number) || number < min || number > max) {
      throw new Error(`Cron value ${token} is outside ${min}-${max}: ${expression}`);
    }
    return number;
  };
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`Invalid cron step in ${part}: ${expression}`);
    let from: number;
    let to: number;
    if (range === '*') {
      from = min;
      to = max;
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      from = value(a);
      to = value(b);
    } else {
      from = value(range);
      to = stepText === undefined ? from : max;
    }
    if (from > to) throw new Error(`Cron range ${range} runs backwards: ${expression}`);
    for (let current = from; current <= to; current += step) values.add(current);
  }
  return values;
}
