import { describe, expect, it } from 'vitest';
import { eventCatalogue } from '../../../functions/capabilities.js';
import {
  BalanceSnapshot,
  ComplianceStatusChanged,
  CreditRatingChanged,
  type EventDefinition,
  EXTERNAL_SOURCES,
  externalEvents,
  InvalidEventError,
  MessageDeliveryReported,
  ProductHoldingChanged,
  parseExternalEvent,
  TransactionPosted,
} from '../../../shared/events/index.js';

const envelope = { eventId: '6a7e8feb-b491-4cf7-a9f1-bf3703467718', occurredAt: '2026-03-01T08:00:00Z' };
const customerId = 'cus_01KDVDNA00BBBBBBBBBBBBBBBB';
const at = '2026-03-01T08:00:00.000Z';

const transaction = {
  ...envelope,
  transactionId: 'CB-20260301-000123',
  customerId,
  type: 'transfer-out',
  channel: 'mobile-banking',
  amount: 1_250_000,
  currency: 'CNY',
  status: 'success',
  postedAt: at,
};
const balance = {
  ...envelope,
  customerId,
  asOf: at,
  aum: 52_000_000,
  deposits: 12_000_000,
  wealth: 40_000_000,
  loans: 0,
  currency: 'CNY',
};
const holding = { ...envelope, customerId, productId: 'WM-2026-01', riskLevel: 'R3', action: 'opened', at };
const rating = { ...envelope, customerId, grade: 'standard', score: 640, at };
const compliance = { ...envelope, customerId, status: 'watch', reasonCode: 'STR-07', at };
const report = {
  ...envelope,
  contactId: 'con_01KDVDNA00CCCCCCCCCCCCCCCC',
  customerId,
  channel: 'sms',
  status: 'bounced',
  at,
};

const samples: readonly (readonly [EventDefinition, Record<string, unknown>])[] = [
  [TransactionPosted, transaction],
  [BalanceSnapshot, balance],
  [ProductHoldingChanged, holding],
  [CreditRatingChanged, rating],
  [ComplianceStatusChanged, compliance],
  [MessageDeliveryReported, report],
];
const cases = samples.map(([definition, sample]) => [definition.detailType, definition, sample] as const);

function accepts(definition: EventDefinition, detail: Record<string, unknown>): boolean {
  return definition.schema.safeParse(detail).success;
}

describe('external events', () => {
  it('come from the bank systems, not crm.*, and are found in the catalogue', () => {
    expect(externalEvents.map((definition) => [definition.source, definition.detailType])).toEqual([
      ['core-banking', 'TransactionPosted'],
      ['core-banking', 'BalanceSnapshot'],
      ['core-banking', 'ProductHoldingChanged'],
      ['credit-risk', 'CreditRatingChanged'],
      ['aml', 'ComplianceStatusChanged'],
      ['bank-messaging', 'MessageDeliveryReported'],
    ]);
    expect(EXTERNAL_SOURCES).toEqual(['core-banking', 'credit-risk', 'aml', 'bank-messaging']);
    expect(eventCatalogue.find('core-banking', 'TransactionPosted')).toBe(TransactionPosted);
    expect(eventCatalogue.find('crm.activity', 'TransactionPosted')).toBeUndefined();
  });

  it.each(cases)('%s accepts a valid detail', (_, definition, sample) => {
    expect(accepts(definition, sample)).toBe(true);
  });

  it.each(cases)('%s rejects undeclared keys such as name, mobile or cardNumber', (_, definition, sample) => {
    expect(accepts(definition, { ...sample, name: '张三' })).toBe(false);
    expect(accepts(definition, { ...sample, mobile: '13800138000' })).toBe(false);
    expect(accepts(definition, { ...sample, cardNumber: '6222021234567890123' })).toBe(false);
  });

  it.each(cases)('%s rejects a time with an offset or an impossible date', (_, definition, sample) => {
    const timeKey = 'postedAt' in sample ? 'postedAt' : 'asOf' in sample ? 'asOf' : 'at';

    expect(accepts(definition, { ...sample, [timeKey]: '2026-03-01T16:00:00+08:00' })).toBe(false);
    expect(accepts(definition, { ...sample, [timeKey]: '2026-02-30T08:00:00Z' })).toBe(false);
  });

  it.each([
    ['TransactionPosted', TransactionPosted, transaction, 'amount'],
    ['BalanceSnapshot', BalanceSnapshot, balance, 'aum'],
    ['BalanceSnapshot', BalanceSnapshot, balance, 'deposits'],
    ['BalanceSnapshot', BalanceSnapshot, balance, 'wealth'],
    ['BalanceSnapshot', BalanceSnapshot, balance, 'loans'],
  ] as const)('%s.%s takes integer minor units ≥ 0 only', (_, definition, sample, field) => {
    expect(accepts(definition, { ...sample, [field]: 0 })).toBe(true);
    expect(accepts(definition, { ...sample, [field]: 12.5 })).toBe(false);
    expect(accepts(definition, { ...sample, [field]: -1 })).toBe(false);
    expect(accepts(definition, { ...sample, [field]: '100' })).toBe(false);
    expect(accepts(definition, { ...sample, [field]: 2 ** 53 })).toBe(false);
  });

  it.each([
    ['TransactionPosted', TransactionPosted, transaction],
    ['BalanceSnapshot', BalanceSnapshot, balance],
  ] as const)('%s requires an ISO 4217 alphabetic currency code', (_, definition, sample) => {
    expect(accepts(definition, { ...sample, currency: 'USD' })).toBe(true);
    for (const currency of ['cny', 'CN', 'CNYY', '156', '¥', '']) {
      expect(accepts(definition, { ...sample, currency })).toBe(false);
    }
  });

  it.each([
    ['TransactionPosted', TransactionPosted, transaction, 'type', 'refund'],
    ['TransactionPosted', TransactionPosted, transaction, 'channel', 'wechat'],
    ['TransactionPosted', TransactionPosted, transaction, 'status', 'reversed'],
    ['ProductHoldingChanged', ProductHoldingChanged, holding, 'riskLevel', 'R6'],
    ['ProductHoldingChanged', ProductHoldingChanged, holding, 'action', 'transferred'],
    ['CreditRatingChanged', CreditRatingChanged, rating, 'grade', 'excellent'],
    ['ComplianceStatusChanged', ComplianceStatusChanged, compliance, 'status', 'blocked'],
  ] as const)('%s.%s rejects the unknown value %s', (_, definition, sample, field, value) => {
    expect(accepts(definition, { ...sample, [field]: value })).toBe(false);
  });

  it('accepts every transaction type, channel and status of docs/domain-rules.md §13.1', () => {
    const types = ['deposit', 'withdrawal', 'transfer-in', 'transfer-out', 'wealth-purchase'];
    const moreTypes = [
      'wealth-redemption',
      'loan-disbursement',
      'loan-repayment',
      'investment',
      'card-spend',
      'fee',
    ];
    const channels = ['counter', 'mobile-banking', 'online-banking', 'third-party-payment', 'atm', 'phone'];
    const statuses = ['success', 'failed', 'aborted', 'pending-review'];

    for (const type of [...types, ...moreTypes])
      expect(accepts(TransactionPosted, { ...transaction, type })).toBe(true);
    for (const channel of channels)
      expect(accepts(TransactionPosted, { ...transaction, channel })).toBe(true);
    for (const status of statuses) expect(accepts(TransactionPosted, { ...transaction, status })).toBe(true);
  });

  it('takes an optional account reference, but only as an ASCII token', () => {
    expect(accepts(TransactionPosted, { ...transaction, accountRef: '6222021234567890123' })).toBe(true);
    expect(accepts(TransactionPosted, { ...transaction, accountRef: '6222 0212 3456 7890' })).toBe(false);
    expect(accepts(TransactionPosted, { ...transaction, accountRef: '张三的账户' })).toBe(false);
  });

  it('takes a credit score as an integer from 0 to 1000, or none', () => {
    const { score: _score, ...withoutScore } = rating;

    expect(accepts(CreditRatingChanged, withoutScore)).toBe(true);
    expect(accepts(CreditRatingChanged, { ...rating, score: 0 })).toBe(true);
    expect(accepts(CreditRatingChanged, { ...rating, score: 1000 })).toBe(true);
    expect(accepts(CreditRatingChanged, { ...rating, score: 1001 })).toBe(false);
    expect(accepts(CreditRatingChanged, { ...rating, score: -1 })).toBe(false);
    expect(accepts(CreditRatingChanged, { ...rating, score: 640.5 })).toBe(false);
  });

  it('takes a compliance reason as a short code, never free text', () => {
    const { reasonCode: _reasonCode, ...withoutReason } = compliance;

    expect(accepts(ComplianceStatusChanged, withoutReason)).toBe(true);
    expect(accepts(ComplianceStatusChanged, { ...compliance, reasonCode: 'Customer moved abroad' })).toBe(
      false,
    );
    expect(accepts(ComplianceStatusChanged, { ...compliance, reasonCode: '客户涉嫌洗钱' })).toBe(false);
    expect(accepts(ComplianceStatusChanged, { ...compliance, reasonCode: 'A'.repeat(33) })).toBe(false);
  });
});

describe('parseExternalEvent', () => {
  const { eventId: _eventId, occurredAt: _occurredAt, ...bareTransaction } = transaction;
  const bridgeEnvelope = { id: 'b5f0c4a2-1d0e-4c59-9a57-0f3a3b8f6e11', time: '2026-03-01T08:00:05Z' };

  it("fills the envelope from EventBridge's id and time when the producer sent none", () => {
    const detail = parseExternalEvent(TransactionPosted, { ...bridgeEnvelope, detail: bareTransaction });

    expect(detail).toEqual({
      ...bareTransaction,
      eventId: bridgeEnvelope.id,
      occurredAt: bridgeEnvelope.time,
    });
  });

  it("keeps the producer's own eventId and occurredAt, which survive its retries", () => {
    const detail = parseExternalEvent(TransactionPosted, { ...bridgeEnvelope, detail: transaction });

    expect(detail.eventId).toBe(envelope.eventId);
    expect(detail.occurredAt).toBe(envelope.occurredAt);
  });

  it('throws InvalidEventError naming the path, never the value', () => {
    const bad = { ...bareTransaction, accountRef: '6222 0212 3456 7890' };

    const attempt = () => parseExternalEvent(TransactionPosted, { ...bridgeEnvelope, detail: bad });

    expect(attempt).toThrow(InvalidEventError);
    expect(attempt).toThrow(/accountRef/);
    expect(attempt).not.toThrow(/6222/);
    expect(() => parseExternalEvent(TransactionPosted, { ...bridgeEnvelope, detail: 'oops' })).toThrow(
      InvalidEventError,
    );
  });
});
