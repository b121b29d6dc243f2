import type { ComplaintReport } from './report.js';

/**
 * The complaints report as CSV (RFC 4180): a header, then one `section,key,value` row per
 * figure, in the order of the JSON report, lines ending CRLF. A figure that cannot be computed
 * (a share of nothing) is an empty value.
 */
export function reportCsv(report: ComplaintReport): string {
  const rows: (readonly [string, string, string | number | null])[] = [
    ['period', 'from', report.from],
    ['period', 'to', report.to],
    ['period', 'branch', report.branch ?? ''],
    ['period', 'generatedAt', report.generatedAt],
    ['summary', 'received', report.received],
    ...section('channel', report.byChannel),
    ...section('category', report.byCategory),
    ...section('product', report.byProduct),
    ...section('branch', report.byBranch),
    ['summary', 'customers', report.customers],
    ['summary', 'perTenThousandCustomers', report.perTenThousandCustomers],
    ['summary', 'decided', report.decided],
    ['summary', 'decidedWithinLimit', report.decidedWithinLimit],
    ['summary', 'shareDecidedWithinLimit', report.shareDecidedWithinLimit],
    ['handlingDays', 'median', report.handlingDays.median],
    ['handlingDays', 'p90', report.handlingDays.p90],
    ...section('breaches', report.breaches),
    ...section('extensions', report.extensions),
    ...section('reviews', report.reviews),
    ['summary', 'repeats', report.repeats],
    ...section('rootCause', report.rootCauses),
    ['summary', 'openRemediationActions', report.openRemediationActions],
  ];
  const lines = [['section', 'key', 'value'], ...rows].map((row) =>
    row.map((value) => csvField(value === null ? '' : String(value))).join(','),
  );
  return `${lines.join('\r\n')}\r\n`;
}

function section(name: string, counts: Readonly<Record<string, number>>): [string, string, number][] {
  return Object.entries(counts).map(([key, value]) => [name, key, value]);
}

/**
 * One field, quoted when it holds a comma, a quote or a line break (quotes doubled). A field a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@` first, numbers aside) is prefixed with
 * `'`: keys are codes and ids, so none should, but a report must never carry a formula.
 */
export function csvField(value: string): string {
  const inert = /^[=+\-@\t\r]/.test(value) && !/^[+-]?\d+(?:\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) ? `"${inert.replaceAll('"', '""')}"` : inert;
}
