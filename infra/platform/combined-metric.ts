import type { Duration } from 'aws-cdk-lib';
import { type IMetric, MathExpression } from 'aws-cdk-lib/aws-cloudwatch';

/**
 * CloudWatch's hard limit: an alarm on a metric math expression may reference at most 10
 * metrics, so a signal over more members is split into several alarms.
 */
export const METRICS_PER_ALARM = 10;

/** One watched thing (a function, a queue, a state machine) and its metric for a signal. */
export interface Member {
  /** The id from the capability definition (`CustomersApi`, `DailyShredDeadLetters`). */
  readonly name: string;
  readonly metric: IMetric;
  /** Each value is divided by this before combining (e.g. the function's timeout in ms). */
  readonly divisor?: number;
}

/** How the members' values of a period become one value: their total or the highest. */
export type Combination = 'SUM' | 'MAX';

/** One expression over at most {@link METRICS_PER_ALARM} members, with the members' names. */
export interface CombinedMetric {
  readonly names: readonly string[];
  readonly expression: MathExpression;
}

/**
 * A metric math id for a member: its name with a lower-case first letter (ids must match
 * `^[a-z][a-zA-Z0-9_]*$`), so the expression in the console reads as what it watches.
 */
export function metricId(name: string): string {
  const id = name.replace(/[^A-Za-z0-9_]/g, '_');
  const lowered = id.charAt(0).toLowerCase() + id.slice(1);
  return /^[a-z]/.test(lowered) ? lowered : `m${lowered}`;
}

/**
 * The members combined per period, in groups of at most {@link METRICS_PER_ALARM}. A member
 * with no data point in a period (a function that did not run) counts as 0: without FILL, a
 * missing value could leave the period without a value and hide another member's breach.
 */
export function combinedMetrics(
  members: readonly Member[],
  combination: Combination,
  label: string,
  period: Duration,
): CombinedMetric[] {
  const ids = new Set<string>();
  for (const member of members) {
    const id = metricId(member.name);
    if (ids.has(id)) throw new Error(`Two watched members share the metric id ${id}: ${member.name}`);
    ids.add(id);
  }
  const groups: CombinedMetric[] = [];
  for (let start = 0; start < members.length; start += METRICS_PER_ALARM) {
    const group = members.slice(start, start + METRICS_PER_ALARM);
    const terms = group.map((member) => {
      const filled = `FILL(${metricId(member.name)}, 0)`;
      return member.divisor === undefined ? filled : `${filled} / ${member.divisor}`;
    });
    groups.push({
      names: group.map((member) => member.name),
      expression: new MathExpression({
        // A lone member needs no combining (and a one-element array would be noise).
        expression: terms.length > 1 ? `${combination}([${terms.join(', ')}])` : terms.join(''),
        usingMetrics: Object.fromEntries(group.map((member) => [metricId(member.name), member.metric])),
        label,
        period,
      }),
    });
  }
  return groups;
}

/** One signal of a {@link combinedSignals} alarm: how its members combine and where it breaches. */
export interface SignalPart {
  readonly combination: Combination;
  /** The value of the combined members at which this signal alone would alarm (≥). */
  readonly threshold: number;
}

/** One watched thing with one metric per {@link SignalPart}, in the parts' order. */
export interface WatchedUnit {
  readonly name: string;
  readonly metrics: readonly Member[];
}

/**
 * Several signals in one alarm: each part's members combined as {@link combinedMetrics} does,
 * divided by the part's own threshold, and the highest of them; the expression is at or above 1
 * exactly when some part is at or above its threshold. A unit brings one metric per part, so a
 * group holds at most ⌊10 / parts⌋ units and more units make numbered alarms.
 */
export function combinedSignals(
  units: readonly WatchedUnit[],
  parts: readonly SignalPart[],
  label: string,
  period: Duration,
): CombinedMetric[] {
  const perGroup = Math.floor(METRICS_PER_ALARM / parts.length);
  if (perGroup < 1) throw new Error(`${parts.length} signals cannot share one alarm`);
  for (const unit of units) {
    if (unit.metrics.length !== parts.length) {
      throw new Error(`${unit.name}: ${unit.metrics.length} metrics for ${parts.length} signals`);
    }
  }
  const groups: CombinedMetric[] = [];
  for (let start = 0; start < units.length; start += perGroup) {
    const group = units.slice(start, start + perGroup);
    const scaled = parts.map((part, index) => {
      const [combined] = combinedMetrics(
        group.flatMap((unit) => unit.metrics.slice(index, index + 1)),
        part.combination,
        label,
        period,
      );
      if (combined === undefined) throw new Error('a signal without members');
      const expression = combined.expression.expression;
      return part.threshold === 1 ? expression : `(${expression}) / ${part.threshold}`;
    });
    const members = group.flatMap((unit) => unit.metrics);
    groups.push({
      names: group.map((unit) => unit.name),
      expression: new MathExpression({
        expression: scaled.length > 1 ? `MAX([${scaled.join(', ')}])` : scaled.join(''),
        usingMetrics: Object.fromEntries(members.map((member) => [metricId(member.name), member.metric])),
        label,
        period,
      }),
    });
  }
  return groups;
}
