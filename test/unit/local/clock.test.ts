import { describe, expect, it } from 'vitest';
import { OffsetClock } from '../../../infra/local/clock.js';
import { ClockTimers } from '../../../infra/local/timers.js';
import { ControlledClock } from '../../../shared/time/clock.js';

describe('OffsetClock', () => {
  it('runs ahead of real time by what it was advanced, and tells its listeners', () => {
    const clock = new OffsetClock();
    const heard: Date[] = [];
    clock.onAdvance((now) => heard.push(now));
    const before = Date.now();
    const now = clock.advance(3 * 86_400_000);
    expect(now.getTime()).toBeGreaterThanOrEqual(before + 3 * 86_400_000);
    expect(clock.offsetMs).toBe(3 * 86_400_000);
    expect(heard).toEqual([now]);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });
});

describe('ClockTimers', () => {
  it('fires deadlines when the clock passes them, earliest first, and not when cancelled', () => {
    const clock = new ControlledClock(new Date('2026-03-02T00:00:00Z'));
    const timers = new ClockTimers(clock);
    const fired: string[] = [];
    timers.at(new Date('2026-03-05T00:00:00Z'), () => fired.push('late'));
    timers.at(new Date('2026-03-03T00:00:00Z'), () => fired.push('early'));
    const cancelled = timers.at(new Date('2026-03-04T00:00:00Z'), () => fired.push('cancelled'));
    cancelled.cancel();

    clock.advance(86_400_000 - 1);
    expect(fired).toEqual([]);
    clock.advance(10 * 86_400_000);
    expect(fired).toEqual(['early', 'late']);
    expect(timers.size).toBe(0);
    timers.dispose();
  });
});
