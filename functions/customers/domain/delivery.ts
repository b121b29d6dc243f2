import type { DELIVERY_FAILURES } from '../events.js';
import type { SealedFieldName } from './classification.js';
import type { CustomerRecord } from './customer.js';

/**
 * What the customers capability decides when engagement hands it a contact to deliver
 * (docs/domain-rules.md §18.5). Engagement decided with its mirror of the customer; the record
 * here is the authority, so restriction, erasure and the marketing consent are checked again
 * against it at the moment of sending. Pure: no I/O.
 */

/** The channels a contact is delivered on (engagement's `DELIVERY_CHANNELS`). */
export type DeliveryChannel = 'sms' | 'email' | 'app-push';
export type DeliveryFailure = (typeof DELIVERY_FAILURES)[number];
/** The reasons a contact is refused here before anything is sent. */
export type DeliveryRefusal = Extract<
  DeliveryFailure,
  'customer-erased' | 'restricted' | 'consent-withdrawn' | 'no-contact-point'
>;

/** The part of a dispatched contact the decision reads. */
export interface DeliveryRequest {
  readonly purpose: string;
  readonly channel: DeliveryChannel;
}

export type DeliveryDecision =
  | { readonly kind: 'refuse'; readonly reason: DeliveryRefusal }
  | {
      readonly kind: 'send';
      /** The sealed field holding the address; none for app push (the gateway knows the customer). */
      readonly addressField: SealedFieldName | undefined;
      /** The sealed field holding the name to greet, if the name is sealed (an individual's). */
      readonly nameField: SealedFieldName | undefined;
    };

/** Purposes a restricted customer is not contacted for (an erasure request, a compliance risk). */
const REFUSED_WHEN_RESTRICTED: ReadonlySet<string> = new Set(['marketing', 'care', 'survey']);

/** Where the address of a channel is kept, by customer type; absent: the type has none. */
const ADDRESS_FIELD: Readonly<
  Record<CustomerRecord['customerType'], Readonly<Record<'sms' | 'email', SealedFieldName | undefined>>>
> = {
  individual: { sms: 'mobile', email: 'email' },
  // A company is reached through its contact mobile; it has no e-mail on record.
  corporate: { sms: 'contactMobile', email: undefined },
};

/**
 * Whether (and with which sealed fields) a contact may be delivered to this customer, first
 * refusal wins: erased; restricted and the purpose is marketing, care or a survey; marketing
 * the customer's own `marketing` consent does not grant on the channel (opt-in: no record is no
 * consent); no address for the channel. App push needs no address.
 */
export function decideDelivery(record: CustomerRecord, request: DeliveryRequest): DeliveryDecision {
  if (record.shreddedAt !== undefined) return { kind: 'refuse', reason: 'customer-erased' };
  if (record.restricted && REFUSED_WHEN_RESTRICTED.has(request.purpose)) {
    return { kind: 'refuse', reason: 'restricted' };
  }
  if (request.purpose === 'marketing') {
    const consent = record.consents.marketing;
    if (consent === undefined || !consent.granted || !consent.channels.includes(request.channel)) {
      return { kind: 'refuse', reason: 'consent-withdrawn' };
    }
  }
  const nameField = record.customerType === 'individual' ? 'name' : undefined;
  if (request.channel === 'app-push') return { kind: 'send', addressField: undefined, nameField };
  const addressField = ADDRESS_FIELD[record.customerType][request.channel];
  if (addressField === undefined || record.sealed[addressField] === undefined) {
    return { kind: 'refuse', reason: 'no-contact-point' };
  }
  return { kind: 'send', addressField, nameField };
}

/** How a message greets a customer whose name is not known (erased fields, none on record), by locale. */
const NEUTRAL_GREETING: Readonly<Record<string, string>> = { zh: '客户', en: 'Customer' };

/** The greeting without a name for a locale (`zh-CN` → 客户), English for any other language. */
export function neutralGreeting(locale: string): string {
  const language = (locale.split('-')[0] ?? '').toLowerCase();
  return NEUTRAL_GREETING[language] ?? NEUTRAL_GREETING.en ?? 'Customer';
}

/**
 * The text with every `{name}` replaced by the customer's name, or by a neutral greeting when
 * there is none: the placeholder is never sent as it is.
 */
export function personalise(text: string, name: string | undefined, locale: string): string {
  const greeting = name === undefined || name.trim() === '' ? neutralGreeting(locale) : name;
  return text.replaceAll('{name}', greeting);
}

/** The name a message greets: an individual's (decrypted), a company's (plain), else none. */
export function greetingName(record: CustomerRecord, decryptedName: string | undefined): string | undefined {
  return record.customerType === 'corporate' ? record.companyName : decryptedName;
}
