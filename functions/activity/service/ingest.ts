import { CorruptItemError } from '../../../shared/dynamodb/items.js';
import {
  BalanceSnapshot,
  type EventDefinition,
  type EventDetail,
  ProductHoldingChanged,
  parseExternalEvent,
  TransactionPosted,
} from '../../../shared/events/index.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { isEventOf, parsedOrRejected, UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import { type AmountCaps, exceedsCap } from '../domain/amount-caps.js';
import { balanceOrderKey, toBalancePoint } from '../domain/balances.js';
import { type HoldingState, holdingOrderKey } from '../domain/holdings.js';
import { canonicalInstant, monthKey } from '../domain/months.js';
import { transactionDelta } from '../domain/transaction-delta.js';
import type { ActivityStore } from '../store/activity-store.js';

/** An inbound event as the bus delivers it (EventBridge's envelope, `detail-type` renamed). */
export type InboundEnvelope = ConsumedEvent;

/**
 * `accepted`: applied. `duplicate`: this transaction (in this status) was counted already.
 * `stale`: a balance or holding that orders at or before what is kept (an older or repeated
 * event): nothing to do, and not an error. `unknown-customer`: nothing written, the customer
 * is not registered (yet): park `parkable` under `eventKey`.
 */
export type IngestOutcome = 'accepted' | 'duplicate' | 'stale' | 'unknown-customer';

export interface IngestResult {
  readonly outcome: IngestOutcome;
  /** TransactWriteItems calls a `TransactionPosted` took (see TransactionWriteResult). */
  readonly writes?: number;
  readonly customerId: string;
  /** Unique per event: a transaction's id and status, else the event id. */
  readonly eventKey: string;
  /** The event as it may be kept: validated detail, envelope filled, account reference gone. */
  readonly parkable: ConsumedEvent;
  /**
   * Whether the event can change the customer's grading. A transaction that did not succeed
   * cannot: grading counts successful transactions only, and only a success moves the last
   * successful transaction.
   */
  readonly affectsGrading: boolean;
}

/** What an inbound event is checked against besides its schema. */
export interface IngestRules {
  /** The time it arrives: the function's clock. */
  readonly now: Date;
  /** How far past `now` a transaction's `postedAt` may lie (clock skew), in seconds. */
  readonly postedAtSkewSeconds: number;
  /** The largest amount one transaction may carry, per currency. */
  readonly amountCaps: AmountCaps;
}

function parse<D extends EventDefinition>(definition: D, envelope: InboundEnvelope): EventDetail<D> {
  return parsedOrRejected(() => parseExternalEvent(definition, envelope));
}

/**
 * Refuses a transaction posted further in the future than the clock skew allows: it cannot
 * have happened yet, and counted it would move the customer's last activity (dormancy) and its
 * month ahead of time. The reason names the field and the rule, never the value.
 */
function refuseFuturePosting(postedAt: string, rules: IngestRules): void {
  if (Date.parse(postedAt) > rules.now.getTime() + rules.postedAtSkewSeconds * 1000) {
    throw new UnprocessableEventError(
      'EVENT_INVALID',
      `postedAt: lies more than ${rules.postedAtSkewSeconds} seconds in the future`,
      ['postedAt'],
    );
  }
}

/**
 * Refuses an amount above its currency's cap (docs/domain-rules.md §13.6). The reason names
 * the field and the setting, never the amount.
 */
function refuseAmountOverCap(amount: number, currency: string, rules: IngestRules): void {
  if (exceedsCap(rules.amountCaps, currency, amount)) {
    throw new UnprocessableEventError(
      'AMOUNT_OVER_CAP',
      'amount: above the cap of its currency (TRANSACTION_AMOUNT_CAPS)',
    );
  }
}

/**
 * Reads the customer's aggregate before anything is written: a record that can no longer be
 * read (a number past the exact range, a missing field) would let the write through and fail
 * every read after it, so the transaction is refused instead and nothing is written
 * (docs/domain-rules.md §13.6). Any other failure is transient and rethrown.
 */
async function refuseUnreadableRecord(store: ActivityStore, customerId: string, now: Date): Promise<void> {
  try {
    await store.getAggregate(customerId, now);
  } catch (error) {
    if (!(error instanceof CorruptItemError)) throw error;
    throw new UnprocessableEventError(
      'RECORD_UNREADABLE',
      `the customer's activity record: ${error.message}`,
    );
  }
}

/** The parking key and form of a non-transaction event (they hold no C2). */
function keptAs(
  detail: { readonly customerId: string; readonly eventId: string },
  envelope: InboundEnvelope,
): Pick<IngestResult, 'customerId' | 'eventKey' | 'parkable' | 'affectsGrading'> {
  return {
    customerId: detail.customerId,
    eventKey: `EVENT#${detail.eventId}`,
    parkable: { ...envelope, detail },
    affectsGrading: true,
  };
}

/**
 * Validates one inbound core-banking event against the catalogue (and a transaction's `postedAt`,
 * amount cap and the customer's readable record against `rules`, docs/domain-rules.md §13.6)
 * and applies it to its customer's aggregates; a transaction that would take a month's total
 * past 2^53 − 1 is refused by the store's write itself (`TOTAL_OUT_OF_RANGE`). Idempotent and
 * order-independent: a redelivery is `duplicate` or `stale`, and any order of the same events
 * leaves the same aggregates. Throws {@link UnprocessableEventError} for an event that can never
 * be applied (nothing written); other errors are transient and the event should be retried.
 *
 * @example
 *   await ingestEvent(store, { source: event.source, detailType: event['detail-type'],
 *                              id: event.id, time: event.time, detail: event.detail },
 *                     { now: clock.now(), postedAtSkewSeconds: 300 });
 */
export async function ingestEvent(
  store: ActivityStore,
  envelope: InboundEnvelope,
  rules: IngestRules,
): Promise<IngestResult> {
  if (isEventOf(TransactionPosted, envelope)) {
    // `accountRef` (C2) is read past, never stored: no aggregate needs it.
    const { accountRef: _never, ...detail } = parse(TransactionPosted, envelope);
    const { transactionId, customerId, type, channel, amount, currency, status, postedAt } = detail;
    refuseFuturePosting(postedAt, rules);
    refuseAmountOverCap(amount, currency, rules);
    await refuseUnreadableRecord(store, customerId, rules.now);
    const delta = transactionDelta({
      transactionId,
      customerId,
      type,
      channel,
      amount,
      currency,
      status,
      postedAt,
    });
    const { outcome, writes } = await store.recordTransaction({ customerId, transactionId, status, delta });
    if (outcome === 'out-of-range') {
      throw new UnprocessableEventError(
        'TOTAL_OUT_OF_RANGE',
        'amount: counting it would take a total of its month past 2^53 - 1',
      );
    }
    return {
      outcome,
      writes,
      customerId,
      eventKey: `TXN#${transactionId}#${status}`,
      parkable: { ...envelope, detail },
      affectsGrading: status === 'success',
    };
  }
  if (isEventOf(BalanceSnapshot, envelope)) {
    const snapshot = parse(BalanceSnapshot, envelope);
    const point = toBalancePoint(snapshot);
    const outcome = await store.recordBalance({
      customerId: snapshot.customerId,
      month: monthKey(point.asOf),
      point,
      orderKey: balanceOrderKey(point),
    });
    return { outcome, ...keptAs(snapshot, envelope) };
  }
  if (isEventOf(ProductHoldingChanged, envelope)) {
    const change = parse(ProductHoldingChanged, envelope);
    const state: HoldingState = {
      action: change.action,
      riskLevel: change.riskLevel,
      at: canonicalInstant(change.at),
    };
    const outcome = await store.recordHolding({
      customerId: change.customerId,
      productId: change.productId,
      state,
      orderKey: holdingOrderKey(state),
    });
    return { outcome, ...keptAs(change, envelope) };
  }
  throw new UnprocessableEventError(
    'EVENT_UNSUPPORTED',
    'The activity capability does not ingest this source and detail type',
  );
}
