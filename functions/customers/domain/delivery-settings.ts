import {
  codeReader,
  type DeclaredSetting,
  readSetting,
  settingSpecsOf,
} from '../../../shared/capability/setting-readers.js';
import type { SettingSpec } from '../../../shared/capability/types.js';
import type { Env } from '../../../shared/runtime/runtime.js';
import * as z from '../../../shared/zod.js';

/**
 * How the customers capability delivers the contacts engagement dispatches (docs/domain-rules.md
 * §18.5): which provider sends e-mail and SMS, and the sender identities. App push always goes
 * through the bank's gateway; in `aws-cn`, where SES and End User Messaging are not offered, a
 * deployment sets both providers to `gateway`. The local cloud always captures instead. The SES
 * configuration set is not a setting: the stack creates it (its events come back, §18.5).
 */
export interface DeliverySettings {
  readonly emailProvider: 'ses' | 'gateway';
  readonly smsProvider: 'sms' | 'gateway';
  /** The SES sender (an address of a verified identity); none: e-mail through SES cannot be sent. */
  readonly emailFrom: string | undefined;
  /** The End User Messaging origination identity (a phone number, sender id, pool or their ARN). */
  readonly smsOrigination: string | undefined;
}

const emailAddress = z.email().check(z.maxLength(254));
const IDENTIFIER = /^[A-Za-z0-9@+:/._-]{1,256}$/;

function optionalIdentifier(name: string): (value: string) => string | undefined {
  return (value) => {
    if (value === '') return undefined;
    if (!IDENTIFIER.test(value)) throw new Error(`${name} must be letters, digits and @+:/._- only`);
    return value;
  };
}

const SETTINGS: { readonly [K in keyof DeliverySettings]: DeclaredSetting<DeliverySettings[K]> } = {
  emailProvider: {
    name: 'DELIVERY_EMAIL_PROVIDER',
    kind: 'code',
    default: 'ses',
    description:
      "Who sends e-mail: ses (Amazon SES v2) or gateway (the bank's messaging gateway, through the encrypted gateway queue; the only choice in aws-cn)",
    parse: codeReader('DELIVERY_EMAIL_PROVIDER', ['ses', 'gateway'] as const),
  },
  smsProvider: {
    name: 'DELIVERY_SMS_PROVIDER',
    kind: 'code',
    default: 'sms',
    description:
      "Who sends SMS: sms (AWS End User Messaging SMS) or gateway (the bank's messaging gateway; the only choice in aws-cn)",
    parse: codeReader('DELIVERY_SMS_PROVIDER', ['sms', 'gateway'] as const),
  },
  emailFrom: {
    name: 'DELIVERY_EMAIL_FROM',
    kind: 'identifier',
    default: '',
    description:
      'The sender address of e-mail sent through SES (an address of a verified SES identity). Empty: e-mails to send through SES fail and are retried, then dead-lettered, until it is set',
    parse: (value) => {
      if (value === '') return undefined;
      if (!emailAddress.safeParse(value).success)
        throw new Error('DELIVERY_EMAIL_FROM must be an e-mail address');
      return value;
    },
  },
  smsOrigination: {
    name: 'DELIVERY_SMS_ORIGINATION',
    kind: 'identifier',
    default: '',
    description:
      'The End User Messaging SMS origination identity (phone number, sender id, pool, or its ARN). Empty: the service picks one of the account',
    parse: optionalIdentifier('DELIVERY_SMS_ORIGINATION'),
  },
};

/**
 * Whether the settings can work in the function's region: `aws-cn` regions (`cn-*`) offer neither
 * SES nor End User Messaging SMS, so there both providers must be the gateway. Throws naming the
 * settings to change; checked at cold start (the partition is not known at synthesis).
 */
export function checkProvidersOffered(settings: DeliverySettings, region: string | undefined): void {
  if (!(region ?? '').startsWith('cn-')) return;
  const unavailable = [
    ...(settings.emailProvider === 'ses' ? ['DELIVERY_EMAIL_PROVIDER'] : []),
    ...(settings.smsProvider === 'sms' ? ['DELIVERY_SMS_PROVIDER'] : []),
  ];
  if (unavailable.length > 0) {
    throw new Error(
      `SES and End User Messaging SMS are not offered in aws-cn: set ${unavailable.join(' and ')} to gateway`,
    );
  }
}

/** The delivery settings of a function's environment, read once at cold start. */
export function deliverySettingsFromEnv(env: Env): DeliverySettings {
  return {
    emailProvider: readSetting(env, SETTINGS.emailProvider),
    smsProvider: readSetting(env, SETTINGS.smsProvider),
    emailFrom: readSetting(env, SETTINGS.emailFrom),
    smsOrigination: readSetting(env, SETTINGS.smsOrigination),
  };
}

/** The settings the capability declares, for the functions named (the delivery function). */
export function deliverySettingSpecs(functions: readonly string[]): SettingSpec[] {
  return settingSpecsOf(Object.values(SETTINGS), functions);
}
