import { type Clock, systemClock } from '../../shared/time/clock.js';

/**
 * A clock a test hands to the code under test and can then point elsewhere: at a
 * ControlledClock for a scenario, back to the system clock after it. Injected like any clock;
 * nothing global is replaced.
 */
export class SwitchableClock implements Clock {
  #current: Clock = systemClock;

  now(): Date {
    return this.#current.now();
  }

  /** From now on, read `clock`. */
  use(clock: Clock): void {
    this.#current = clock;
  }

  /** Back to the system clock. */
  reset(): void {
    this.#current = systemClock;
  }
}
