import type {
  ContactDecision,
  ContactPurpose,
  ContactRequest,
  CustomerFacts,
  DeliveryChannel,
} from '../domain/model.js';

/**
 * What the areas of engagement offer each other, in process. The contact path is the one way
 * anything is sent: surveys ask it like any other capability would.
 */

/** The contact path: decides a request under the contact policy, records it, dispatches it. */
export interface ContactRequester {
  /**
   * Decides and records `request` (a `requestId` already decided answers the first decision,
   * nothing is written twice).
   */
  request(
    request: ContactRequest,
  ): Promise<{ readonly contactId: string; readonly decision: ContactDecision }>;
}

/** The C1 facts engagement mirrors about customers (branch, RM, consents, grade, ...). */
export interface CustomerFactsReader {
  factsOf(customerId: string): Promise<CustomerFacts | undefined>;
}

/** One channel's form of a template: e-mail has a subject, SMS and app push only text. */
export interface TemplateVariant {
  readonly subject?: string | undefined;
  /** Text with named parameters `{param}`; `{name}` is filled only at delivery. */
  readonly text: string;
}

/**
 * A template version as contacts use it (docs/domain-rules.md §18.4): one purpose, one locale,
 * a variant per channel it can go on (the policy only picks a channel the template has).
 */
export interface TemplateVersion {
  readonly templateId: string;
  readonly version: number;
  readonly purpose: ContactPurpose;
  readonly locale: string;
  readonly variants: Readonly<Partial<Record<DeliveryChannel, TemplateVariant>>>;
  /** The named parameters the text uses (besides `name`), each required in a request. */
  readonly parameters: readonly string[];
}

/** The current templates (admin-configured versions, else the built-in defaults). */
export interface TemplateReader {
  current(templateId: string): Promise<TemplateVersion | undefined>;
}

/**
 * Signs and checks survey tokens with a key no table writer can read (KMS HMAC in AWS, a
 * local key file locally), under a label of its own.
 */
export interface SurveyTokenSigner {
  sign(message: string): Promise<string>;
  verify(message: string, mac: string): Promise<boolean>;
}
