import { describe, expect, it } from 'vitest';
import { parseScheduleExpression } from '../../../infra/local/cron.js';

const next = (expression: string, after: string, anchor?: string) =>
  parseScheduleExpression(expression, anchor ? new Date(anchor) : undefined)
    .nextAfter(new Date(after))
    ?.toISOString();

describe('schedule expressions (UTC)', () => {
  it('fires a daily cron at its time, the same day when it has not passed yet', () => {
    expect(next('cron(0 1 * * ? *)', '2026-03-02T00:30:00Z')).toBe('2026-03-02T01:00:00.000Z');
    expect(next('cron(0 1 * * ? *)', '2026-03-02T01:00:00Z')).toBe('2026-03-03T01:00:00.000Z');
    expect(next('cron(0 1 * * ? *)', '2026-12-31T23:59:00Z')).toBe('2027-01-01T01:00:00.000Z');
  });

  it('reads day-of-week with 1 = Sunday, names and ranges', () => {
    // 2026-03-02 is a Monday.
    expect(next('cron(30 9 ? * MON-FRI *)', '2026-03-06T10:00:00Z')).toBe('2026-03-09T09:30:00.000Z');
    expect(next('cron(0 0 ? * 1 *)', '2026-03-02T00:00:00Z')).toBe('2026-03-08T00:00:00.000Z');
  });

  it('supports lists, steps, months by name and years', () => {
    expect(next('cron(0/15 * * * ? *)', '2026-03-02T10:16:00Z')).toBe('2026-03-02T10:30:00.000Z');
    expect(next('cron(0 8 1,15 * ? *)', '2026-03-02T00:00:00Z')).toBe('2026-03-15T08:00:00.000Z');
    expect(next('cron(0 0 1 JAN ? 2028)', '2026-03-02T00:00:00Z')).toBe('2028-01-01T00:00:00.000Z');
    expect(next('cron(0 0 29 2 ? *)', '2026-03-02T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
  });

  it('never fires after the last year of a cron', () => {
    expect(next('cron(0 0 1 1 ? 2025)', '2026-03-02T00:00:00Z')).toBeUndefined();
  });

  it('counts rate() periods from the anchor', () => {
    expect(next('rate(5 minutes)', '2026-03-02T00:07:00Z', '2026-03-02T00:00:00Z')).toBe(
      '2026-03-02T00:10:00.000Z',
    );
    expect(next('rate(1 day)', '2026-03-02T00:00:00Z', '2026-03-02T00:00:00Z')).toBe(
      '2026-03-03T00:00:00.000Z',
    );
  });

  it('refuses what EventBridge refuses and what the local scheduler does not support', () => {
    expect(() => parseScheduleExpression('cron(0 1 * * * *)')).toThrow(/'\?'/);
    expect(() => parseScheduleExpression('cron(0 25 * * ? *)')).toThrow(/outside/);
    expect(() => parseScheduleExpression('cron(0 1 L * ? *)')).toThrow(/not supported/);
    expect(() => parseScheduleExpression('cron(0 1 ? * MON#2 *)')).toThrow(/not supported/);
    expect(() => parseScheduleExpression('rate(0 days)')).toThrow(/Invalid/);
    expect(() => parseScheduleExpression('at(2026-01-01T00:00:00)')).toThrow(/Not a cron/);
  });
});
