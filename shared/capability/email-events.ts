/**
 * The e-mail sending events SES publishes for a function that sends messages
 * (docs/operations.md §14): the platform creates an SES configuration set for the function,
 * with an event destination to the account's default EventBridge bus (the only bus SES
 * publishes to), and a rule there that forwards this set's events to the function. Plain data,
 * shared by the CDK stack and the local cloud, so both route the same pattern.
 */

/** The source of the e-mail sending events SES publishes to the default bus. */
export const SES_SOURCE = 'aws.ses';

/**
 * The detail-types taken, each with the delivery status it reports. Sends, opens, clicks and
 * delays say nothing final about a message and are not published.
 */
export const SES_EMAIL_EVENTS = {
  'Email Delivered': 'delivered',
  'Email Bounced': 'bounced',
  'Email Complaint Received': 'complained',
  'Email Rejected': 'failed',
} as const;

/** The tag SES adds to every event of a message sent with a configuration set. */
export const SES_CONFIGURATION_SET_TAG = 'ses:configuration-set';

/**
 * The configuration set of a function that sends messages: one per function and stack. The
 * name is fixed (the stack creates the set with it, the rule matches on it, the function sends
 * with it), so two stacks in one account and region would collide: one stack per stage and
 * account (infra/stage.ts).
 */
export function emailConfigurationSetName(functionId: string): string {
  return `FinCrm-${functionId}`;
}

/** The pattern of the rule on the default bus: this set's delivery, bounce, complaint and reject events. */
export function emailEventsPattern(functionId: string): Readonly<Record<string, unknown>> {
  return {
    source: [SES_SOURCE],
    'detail-type': Object.keys(SES_EMAIL_EVENTS),
    detail: { mail: { tags: { [SES_CONFIGURATION_SET_TAG]: [emailConfigurationSetName(functionId)] } } },
  };
}
