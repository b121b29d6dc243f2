import { parseCurrencyAmounts } from '../../../shared/capability/setting-readers.js';
import { maxDelaySeconds } from '../../../shared/coalescing/max-delay.js';
import type { Env } from '../../../shared/runtime/runtime.js';
import type { AmountCaps } from './amount-caps.js';

// The activity capability's settings as its functions read them at cold start. The capability
// definition (index.ts) runs the same readings at synthesis, so `cdk synth` refuses what a
// function would.

/** Default time an event for an unknown customer waits for its registration (3 days). */
export const DEFAULT_PARKING_HOURS = 72;

/**
 * `PARKED_EVENT_HOURS`: how long an event for an unknown customer waits for its registration.
 * A whole number of hours, at least 1; anything else fails the cold start.
 * @example parkingHours({ PARKED_EVENT_HOURS: '96' }) // 96
 */
export function parkingHours(env: Env): number {
  const raw = env.PARKED_EVENT_HOURS;
  if (raw === undefined || raw === '') return DEFAULT_PARKING_HOURS;
  const hours = Number(raw);
  if (!Number.isInteger(hours) || hours < 1)
    throw new Error('PARKED_EVENT_HOURS must be a whole number of hours');
  return hours;
}

/** Default clock skew allowed for a transaction's `postedAt` ahead of ours (5 minutes). */
export const DEFAULT_POSTED_AT_SKEW_SECONDS = 300;
/** A day: more skew than this is a misconfiguration (a unit mistake), not a clock. */
const MAX_POSTED_AT_SKEW_SECONDS = 86_400;

/**
 * `POSTED_AT_SKEW_SECONDS`: how far in the future a transaction's `postedAt` may lie when it
 * arrives. A whole number of seconds from 0 to a day; anything else fails the cold start.
 * @example postedAtSkewSeconds({ POSTED_AT_SKEW_SECONDS: '120' }) // 120
 */
export function postedAtSkewSeconds(env: Env): number {
  const raw = env.POSTED_AT_SKEW_SECONDS;
  if (raw === undefined || raw === '') return DEFAULT_POSTED_AT_SKEW_SECONDS;
  const seconds = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(seconds) || seconds > MAX_POSTED_AT_SKEW_SECONDS) {
    throw new Error(
      `POSTED_AT_SKEW_SECONDS must be a whole number of seconds from 0 to ${MAX_POSTED_AT_SKEW_SECONDS}`,
    );
  }
  return seconds;
}

/**
 * Default cap of one transaction's amount, in minor units: 10^13 fen is 100 billion yuan, above
 * any single payment the bank's customers make, and 900 such payments still count exactly in
 * one month's total (docs/domain-rules.md §13.6). The same for every other currency.
 */
export const DEFAULT_TRANSACTION_AMOUNT_CAPS = 'CNY=10000000000000,*=10000000000000';

/**
 * `TRANSACTION_AMOUNT_CAPS`: the largest amount one transaction may carry, per currency
 * (`CODE=minor units`, `*` for every other code). Anything malformed fails the cold start.
 * @example transactionAmountCaps({ TRANSACTION_AMOUNT_CAPS: 'CNY=500,*=100' }).byCurrency.CNY // 500
 */
export function transactionAmountCaps(env: Env): AmountCaps {
  const raw = env.TRANSACTION_AMOUNT_CAPS;
  try {
    return parseCurrencyAmounts(raw === undefined || raw === '' ? DEFAULT_TRANSACTION_AMOUNT_CAPS : raw);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`TRANSACTION_AMOUNT_CAPS: ${reason}`);
  }
}

/** The Grading coalesced work's id (index.ts, the grader): its queue, the `work` dimension of its metrics. */
export const GRADING_WORK = 'Grading';

/**
 * `GRADING_MAX_DELAY_SECONDS`: the longest a requested grading should wait in the queue
 * (docs/architecture.md, "Coalesced work"; default 60). Nothing waits on purpose: the delay is the
 * queue's backlog; the grader counts requests older than this (`CoalescedWorkLate`) and the
 * queue's age of oldest message is alarmed above it. A whole number of seconds above 0; anything
 * else fails the cold start (and `cdk synth`).
 * @example gradingMaxDelaySeconds({ GRADING_MAX_DELAY_SECONDS: '30' }) // 30
 */
export function gradingMaxDelaySeconds(env: Env): number {
  return maxDelaySeconds('GRADING_MAX_DELAY_SECONDS', env);
}
