import { describe, expect, it } from 'vitest';
import {
  checkProvidersOffered,
  deliverySettingsFromEnv,
} from '../../../../functions/customers/domain/delivery-settings.js';
import { customersCapability } from '../../../../functions/customers/index.js';
import { resolveSettings } from '../../../../shared/capability/settings.js';

describe('delivery settings', () => {
  it('default to SES for e-mail and End User Messaging for SMS, with no sender identities', () => {
    expect(deliverySettingsFromEnv({})).toEqual({
      emailProvider: 'ses',
      smsProvider: 'sms',
      emailFrom: undefined,
      smsOrigination: undefined,
    });
  });

  it('send both through the gateway (aws-cn), with the identities a deployment sets', () => {
    expect(
      deliverySettingsFromEnv({
        DELIVERY_EMAIL_PROVIDER: 'gateway',
        DELIVERY_SMS_PROVIDER: 'gateway',
        DELIVERY_EMAIL_FROM: 'no-reply@bank.example',
        DELIVERY_SMS_ORIGINATION: '+8610655000',
      }),
    ).toMatchObject({
      emailProvider: 'gateway',
      smsProvider: 'gateway',
      emailFrom: 'no-reply@bank.example',
      smsOrigination: '+8610655000',
    });
  });

  it('are refused at synthesis when malformed, naming the setting and the rule', () => {
    const given = (values: Record<string, string>) => () =>
      resolveSettings([customersCapability], (name) => values[name]);

    expect(given({ DELIVERY_EMAIL_PROVIDER: 'pinpoint' })).toThrow(/DELIVERY_EMAIL_PROVIDER.*ses, gateway/);
    expect(given({ DELIVERY_SMS_PROVIDER: 'SMS' })).toThrow(
      /DELIVERY_SMS_PROVIDER must be a lower-case code/,
    );
    expect(given({ DELIVERY_EMAIL_FROM: 'not-an-address' })).toThrow(/DELIVERY_EMAIL_FROM.*e-mail address$/);
    expect(given({ DELIVERY_SMS_ORIGINATION: 'two words' })).toThrow(/DELIVERY_SMS_ORIGINATION/);
    expect(given({})).not.toThrow();
  });

  it('must both be the gateway in aws-cn (cn-* regions), where SES and End User Messaging are not offered', () => {
    const defaults = deliverySettingsFromEnv({});
    const gateway = deliverySettingsFromEnv({
      DELIVERY_EMAIL_PROVIDER: 'gateway',
      DELIVERY_SMS_PROVIDER: 'gateway',
    });

    expect(() => checkProvidersOffered(defaults, 'cn-north-1')).toThrow(
      /set DELIVERY_EMAIL_PROVIDER and DELIVERY_SMS_PROVIDER to gateway/,
    );
    expect(() => checkProvidersOffered(gateway, 'cn-northwest-1')).not.toThrow();
    expect(() => checkProvidersOffered(defaults, 'ap-east-1')).not.toThrow();
  });
});
