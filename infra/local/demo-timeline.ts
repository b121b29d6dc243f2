import type { ComplianceStatus, CreditGrade } from '../../functions/activity/domain/segmentation/values.js';
import {
  BalanceSnapshot,
  ComplianceStatusChanged,
  CreditRatingChanged,
  ProductHoldingChanged,
  type TransactionChannel,
  TransactionPosted,
  type TransactionStatus,
  type TransactionType,
} from '../../shared/events/external.js';

/** A PutEvents entry as `POST /local/events` (and the SDK) takes it: `Detail` is a JSON string. */
export interface DemoEventEntry {
  readonly Source: string;
  readonly DetailType: string;
  readonly Detail: string;
}

/** One synthetic inbound event. */
export interface DemoEvent {
  /** Its business time (`postedAt`, `asOf` or `at`), ISO 8601 UTC. */
  readonly at: string;
  /** A successful transaction: what dormancy and reactivation are decided from. */
  readonly successfulTransaction: boolean;
  readonly entry: DemoEventEntry;
}

export interface DemoTransaction {
  readonly type: TransactionType;
  readonly channel: TransactionChannel;
  /** Integer minor units. */
  readonly amount: number;
  readonly currency?: string;
  readonly status: TransactionStatus;
}

export interface DemoBalances {
  readonly aum: number;
  readonly deposits: number;
  readonly wealth: number;
  readonly loans: number;
}

interface Pending {
  readonly at: number;
  readonly source: string;
  readonly detailType: string;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly success: boolean;
}

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/**
 * Collects one customer's events in any order and hands them back in time order, with
 * deterministic ids (`demo-<customerId>-e<n>` by position in time, `demo-<customerId>-t<n>` by
 * creation). Times are clamped into [onboarding, `notAfter`] and kept to whole seconds.
 * Nothing in a detail identifies a person: ids, codes, amounts and times only (no `accountRef`).
 */
export class DemoTimeline {
  readonly #events: Pending[] = [];
  #transactions = 0;

  constructor(
    readonly customerId: string,
    readonly notBefore: number,
    readonly notAfter: number,
  ) {}

  /** `at` moved into the allowed span, in whole seconds. */
  clamp(at: number): number {
    const inside = Math.min(Math.max(at, this.notBefore), this.notAfter);
    const whole = Math.ceil(inside / 1000) * 1000;
    return whole > this.notAfter ? whole - 1000 : whole;
  }

  /** Adds a `TransactionPosted`; returns its transaction id (pass it again for a later status). */
  transaction(at: number, tx: DemoTransaction, transactionId?: string): string {
    this.#transactions += 1;
    const id = transactionId ?? `demo-${this.customerId}-t${String(this.#transactions).padStart(4, '0')}`;
    const postedAt = this.clamp(at);
    this.#add(postedAt, TransactionPosted, tx.status === 'success', {
      transactionId: id,
      customerId: this.customerId,
      type: tx.type,
      channel: tx.channel,
      amount: tx.amount,
      currency: tx.currency ?? 'CNY',
      status: tx.status,
      postedAt: iso(postedAt),
    });
    return id;
  }

  balance(at: number, balances: DemoBalances): void {
    const asOf = this.clamp(at);
    this.#add(asOf, BalanceSnapshot, false, {
      customerId: this.customerId,
      asOf: iso(asOf),
      ...balances,
      currency: 'CNY',
    });
  }

  holding(at: number, productId: string, riskLevel: string, action: 'opened' | 'closed' | 'matured'): void {
    const when = this.clamp(at);
    this.#add(when, ProductHoldingChanged, false, {
      customerId: this.customerId,
      productId,
      riskLevel,
      action,
      at: iso(when),
    });
  }

  credit(at: number, grade: CreditGrade, score: number): void {
    const when = this.clamp(at);
    this.#add(when, CreditRatingChanged, false, { customerId: this.customerId, grade, score, at: iso(when) });
  }

  compliance(at: number, status: ComplianceStatus, reasonCode?: string): void {
    const when = this.clamp(at);
    this.#add(when, ComplianceStatusChanged, false, {
      customerId: this.customerId,
      status,
      ...(reasonCode === undefined ? {} : { reasonCode }),
      at: iso(when),
    });
  }

  /** The events in time order (stable: equal times keep the order they were added in). */
  events(): DemoEvent[] {
    const sorted = this.#events.map((event, order) => ({ event, order }));
    sorted.sort((a, b) => a.event.at - b.event.at || a.order - b.order);
    return sorted.map(({ event }, index) => ({
      at: iso(event.at),
      successfulTransaction: event.success,
      entry: {
        Source: event.source,
        DetailType: event.detailType,
        // The producer's own stable id and time: a redelivery is recognised as the same event.
        Detail: JSON.stringify({
          eventId: `demo-${this.customerId}-e${String(index + 1).padStart(4, '0')}`,
          occurredAt: iso(event.at),
          ...event.fields,
        }),
      },
    }));
  }

  #add(
    at: number,
    definition: { readonly source: string; readonly detailType: string },
    success: boolean,
    fields: Record<string, unknown>,
  ): void {
    this.#events.push({ at, source: definition.source, detailType: definition.detailType, fields, success });
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
