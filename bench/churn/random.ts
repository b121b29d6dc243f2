import { seededRandom } from '../../infra/local/seeded-random.js';

/**
 * The draws the synthetic portfolios are made of, over the project's seeded PRNG, so a seed
 * gives the same portfolio on every run and every machine.
 */
export interface Draws {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Uniform on [min, max). */
  between(min: number, max: number): number;
  /** An integer from min to max, both included. */
  integer(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Normal with this mean and standard deviation (Box–Muller). */
  normal(mean: number, sd: number): number;
  /** Log-normal whose median is `median` and whose log has standard deviation `logSd`. */
  logNormal(median: number, logSd: number): number;
  /** Poisson with mean `mean` (Knuth's method below 30, a rounded normal above). */
  poisson(mean: number): number;
  pick<T>(values: readonly T[]): T;
}

/**
 * Independent draws for one customer of one portfolio: mixing the customer's position into
 * the seed keeps each customer's history the same whatever the portfolio's size.
 * @example drawsFor(7, 0).uniform() === drawsFor(7, 0).uniform() // true
 */
export function drawsFor(seed: number, position: number): Draws {
  const next = seededRandom((seed ^ Math.imul(position + 1, 0x9e3779b1)) >>> 0);
  const uniform = () => next();
  const normal = (mean: number, sd: number) => {
    // 1 − u keeps the logarithm's argument in (0, 1].
    const radius = Math.sqrt(-2 * Math.log(1 - next()));
    return mean + sd * radius * Math.cos(2 * Math.PI * next());
  };
  return {
    uniform,
    between: (min, max) => min + (max - min) * next(),
    integer: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    normal,
    logNormal: (median, logSd) => median * Math.exp(normal(0, logSd)),
    poisson: (mean) => {
      if (mean <= 0) return 0;
      if (mean >= 30) return Math.max(0, Math.round(normal(mean, Math.sqrt(mean))));
      const limit = Math.exp(-mean);
      let count = 0;
      let product = next();
      while (product > limit) {
        count += 1;
        product *= next();
      }
      return count;
    },
    pick: <T>(values: readonly T[]): T => {
      const value = values[Math.floor(next() * values.length)];
      if (value === undefined) throw new RangeError('Cannot pick from an empty list');
      return value;
    },
  };
}
