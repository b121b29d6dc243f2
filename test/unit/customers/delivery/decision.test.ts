import { describe, expect, it } from 'vitest';
import {
  decideDelivery,
  greetingName,
  neutralGreeting,
  personalise,
} from '../../../../functions/customers/domain/delivery.js';
import { corporateRecord, individualRecord } from '../fixtures.js';

const at = '2026-03-02T02:00:00.000Z';
const marketingOn = (channels: string[]) => ({ marketing: { granted: true, channels, at } });

describe('whether a dispatched contact is delivered', () => {
  it('sends to an individual on sms with the mobile and the name, on e-mail with the e-mail address', () => {
    const record = individualRecord();

    expect(decideDelivery(record, { purpose: 'service', channel: 'sms' })).toEqual({
      kind: 'send',
      addressField: 'mobile',
      nameField: 'name',
    });
    expect(decideDelivery(record, { purpose: 'service', channel: 'email' })).toEqual({
      kind: 'send',
      addressField: 'email',
      nameField: 'name',
    });
  });

  it('needs no address for app push, and reaches a company on its contact mobile', () => {
    expect(decideDelivery(individualRecord(), { purpose: 'care', channel: 'app-push' })).toEqual({
      kind: 'send',
      addressField: undefined,
      nameField: 'name',
    });
    expect(decideDelivery(corporateRecord(), { purpose: 'service', channel: 'sms' })).toEqual({
      kind: 'send',
      addressField: 'contactMobile',
      nameField: undefined,
    });
  });

  it('refuses an erased customer first, whatever else holds', () => {
    const record = individualRecord({ shreddedAt: at, restricted: true, sealed: {} });

    expect(decideDelivery(record, { purpose: 'complaint-update', channel: 'sms' })).toEqual({
      kind: 'refuse',
      reason: 'customer-erased',
    });
  });

  it('refuses marketing, care and surveys to a restricted customer, and still delivers service and complaint updates', () => {
    const record = individualRecord({ restricted: true, consents: marketingOn(['sms']) });
    const outcome = (purpose: string) => decideDelivery(record, { purpose, channel: 'sms' }).kind;

    expect(['marketing', 'care', 'survey'].map(outcome)).toEqual(['refuse', 'refuse', 'refuse']);
    expect(decideDelivery(record, { purpose: 'survey', channel: 'sms' })).toMatchObject({
      reason: 'restricted',
    });
    expect(['service', 'complaint-update'].map(outcome)).toEqual(['send', 'send']);
  });

  it('sends marketing only on a channel the customer’s own marketing consent grants (opt-in)', () => {
    const none = individualRecord();
    const withdrawn = individualRecord({ consents: { marketing: { granted: false, channels: [], at } } });
    const smsOnly = individualRecord({ consents: marketingOn(['sms']) });
    const marketing = (record: typeof none, channel: 'sms' | 'email') =>
      decideDelivery(record, { purpose: 'marketing', channel });

    expect(marketing(none, 'sms')).toEqual({ kind: 'refuse', reason: 'consent-withdrawn' });
    expect(marketing(withdrawn, 'sms')).toEqual({ kind: 'refuse', reason: 'consent-withdrawn' });
    expect(marketing(smsOnly, 'email')).toEqual({ kind: 'refuse', reason: 'consent-withdrawn' });
    expect(marketing(smsOnly, 'sms').kind).toBe('send');
    // Other purposes need no opt-in.
    expect(decideDelivery(none, { purpose: 'survey', channel: 'email' }).kind).toBe('send');
  });

  it('refuses a channel without an address: an individual without e-mail, any company by e-mail', () => {
    const noEmail = individualRecord({ sealed: { name: 'SEALED-name', mobile: 'SEALED-mobile' } });

    expect(decideDelivery(noEmail, { purpose: 'service', channel: 'email' })).toEqual({
      kind: 'refuse',
      reason: 'no-contact-point',
    });
    expect(decideDelivery(corporateRecord(), { purpose: 'service', channel: 'email' })).toEqual({
      kind: 'refuse',
      reason: 'no-contact-point',
    });
  });
});

describe('filling in the name', () => {
  it('replaces every {name} with the name', () => {
    expect(personalise('{name}，您好。{name}的投诉已受理。', '张三丰', 'zh-CN')).toBe(
      '张三丰，您好。张三丰的投诉已受理。',
    );
  });

  it('never leaves {name} when there is no name: a neutral greeting by language', () => {
    expect(personalise('尊敬的{name}：', undefined, 'zh-CN')).toBe('尊敬的客户：');
    expect(personalise('Dear {name},', '  ', 'en-GB')).toBe('Dear Customer,');
    expect(neutralGreeting('fr-FR')).toBe('Customer');
  });

  it('greets a company by its name and an individual by the decrypted one', () => {
    expect(greetingName(corporateRecord(), undefined)).toBe('北京示例科技有限公司');
    expect(greetingName(individualRecord(), '张三丰')).toBe('张三丰');
    expect(greetingName(individualRecord(), undefined)).toBeUndefined();
  });
});
