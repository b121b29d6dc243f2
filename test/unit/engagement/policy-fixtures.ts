import type { PolicyInput } from '../../../functions/engagement/domain/contact-policy.js';
import type { ContactRequest, CustomerFacts } from '../../../functions/engagement/domain/model.js';
import {
  DEFAULT_ENGAGEMENT_SETTINGS,
  type EngagementSettings,
} from '../../../functions/engagement/domain/settings.js';
import type { TemplateVersion } from '../../../functions/engagement/service/ports.js';

/** Shared builders of the contact policy's inputs (defaults: a known, consenting Shanghai customer). */

export const customerId = 'cus-01HZY3A7Q3JQ2X7B6C5D4E3F2G';

export function factsWith(overrides: Partial<CustomerFacts> = {}): CustomerFacts {
  return {
    customerId,
    branch: 'BJ001',
    rmId: 'rm-7',
    version: 1,
    consents: {
      marketing: { granted: true, channels: ['sms', 'email', 'app-push'], at: '2026-01-01T00:00:00.000Z' },
    },
    restrictions: [],
    failedChannels: [],
    relationship: 'active',
    erased: false,
    ...overrides,
  };
}

export function templateWith(overrides: Partial<TemplateVersion> = {}): TemplateVersion {
  return {
    templateId: 'offer-spring',
    version: 1,
    purpose: 'marketing',
    locale: 'zh-CN',
    variants: {
      sms: { text: '{name}，您好：{offer}' },
      email: { subject: '{offer}', text: '{name}，您好：{offer}' },
      'app-push': { text: '{offer}' },
    },
    parameters: ['offer'],
    ...overrides,
  };
}

export function requestWith(overrides: Partial<ContactRequest> = {}): ContactRequest {
  return {
    requestId: 'req-1',
    customerId,
    purpose: 'marketing',
    templateId: 'offer-spring',
    parameters: { offer: 'spring' },
    latestAt: '2026-04-30T00:00:00.000Z',
    requestedBy: 'crm.test',
    ...overrides,
  };
}

export function inputWith(
  overrides: Partial<Omit<PolicyInput, 'settings'>> & {
    readonly settings?: Partial<EngagementSettings>;
  } = {},
): PolicyInput {
  const { settings, ...rest } = overrides;
  return {
    request: requestWith(),
    facts: factsWith(),
    template: templateWith(),
    marketingSends: [],
    now: '2026-03-02T02:00:00.000Z',
    ...rest,
    settings: { ...DEFAULT_ENGAGEMENT_SETTINGS, ...settings },
  };
}
