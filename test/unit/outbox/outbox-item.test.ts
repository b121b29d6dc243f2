import type { TransactWriteItem } from '@aws-sdk/lib-dynamodb';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { CustomerErased, customersEvents } from '../../../functions/customers/events.js';
import { buildEvent, CreditRatingChanged, InvalidEventError } from '../../../shared/events/index.js';
import { type OutboxPut, outboxPut } from '../../../shared/outbox/index.js';

const now = new Date('2026-03-02T01:02:03.456Z');
const detail = {
  eventId: 'evt_01KDVDNA00AAAAAAAAAAAAAAAA',
  occurredAt: '2026-03-02T01:02:03.000Z',
  customerId: 'cus_01KDVDNA00BBBBBBBBBBBBBBBB',
  at: '2026-03-02T01:02:03.000Z',
};

describe('outboxPut', () => {
  it('builds a conditional Put of an OUTBOX item that expires after 7 days', () => {
    const event = buildEvent(CustomerErased, detail, now);

    const put = outboxPut('Customers-dev', event, now, customersEvents);

    expect(put).toEqual({
      Put: {
        TableName: 'Customers-dev',
        Item: {
          pk: 'OUTBOX#evt_01KDVDNA00AAAAAAAAAAAAAAAA',
          sk: 'EVENT',
          entityType: 'OUTBOX',
          eventId: detail.eventId,
          source: 'crm.customers',
          detailType: 'CustomerErased',
          detail: JSON.stringify(detail),
          createdAt: '2026-03-02T01:02:03.456Z',
          expiresAt: Math.floor(now.getTime() / 1000) + 7 * 24 * 3600,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    expect(JSON.parse(put.Put.Item.detail)).toEqual(detail);
    expectTypeOf<OutboxPut>().toExtend<TransactWriteItem>();
  });

  it('refuses an event the capability does not declare it publishes', () => {
    const undeclared = { source: 'crm.customers', detailType: 'CustomerDeleted', detail };
    const erased = buildEvent(CustomerErased, detail, now);

    expect(() => outboxPut('Customers', undeclared, now, customersEvents)).toThrow(InvalidEventError);
    expect(() => outboxPut('Activity', erased, now, [])).toThrow(/not one this capability publishes/);
  });

  it('refuses a detail with a field its schema does not declare, even if built by hand', () => {
    const smuggled = {
      source: 'crm.customers',
      detailType: 'CustomerErased',
      detail: { ...detail, mobile: '13800138000' },
    };

    expect(() => outboxPut('Customers', smuggled, now, customersEvents)).toThrow(InvalidEventError);
  });

  it("refuses to publish an external system's event: our functions never speak for core banking", () => {
    const posing = buildEvent(
      CreditRatingChanged,
      { customerId: 'cus_01J0000000000000000000000', grade: 'prime', at: '2026-11-24T00:00:00.000Z' },
      now,
    );

    // Even a capability that listed it among its own events could not put it on the bus.
    expect(() => outboxPut('Customers', posing, now, [CreditRatingChanged])).toThrow(/external system/);
  });
});
