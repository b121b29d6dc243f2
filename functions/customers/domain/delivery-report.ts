import type { DeliveryChannel, DeliveryFailure } from './delivery.js';

/**
 * What a provider later reports of a message it accepted (docs/domain-rules.md §18.5), whoever
 * reports it: the bank's gateway (MessageDeliveryReported) or SES (its configuration set's
 * events). Ids, a channel and a status only; never the address the provider names.
 */
export interface DeliveryReport {
  readonly contactId: string;
  readonly customerId: string;
  readonly channel: DeliveryChannel;
  /**
   * `delivered`; `bounced` (the address does not work); `complained` (the recipient marked the
   * e-mail as spam); `failed` (anything else: a soft bounce SES gave up on, a rejected message).
   */
  readonly status: ReportedStatus;
  readonly provider: 'gateway' | 'ses';
  /** When the provider says it happened. */
  readonly at: string;
}

export type ReportedStatus = 'delivered' | 'failed' | 'bounced' | 'complained';

/** What a report announces: ContactDelivered, or ContactDeliveryFailed with its reason. */
export type ReportResult =
  | { readonly outcome: 'delivered'; readonly provider: DeliveryReport['provider'] }
  | { readonly outcome: 'failed'; readonly reason: DeliveryFailure; readonly contactPointFailed: boolean };

/**
 * The one mapping of a report to its result: `delivered` → delivered by the provider; `bounced`
 * → failed `bounced`, a failed contact point; `failed` → failed, the address still good; a
 * complaint → failed, the address still good (it reached the customer, who did not want it:
 * engagement's opt-out is the customer's to record, §18.5).
 */
export function reportResult(report: Pick<DeliveryReport, 'status' | 'provider'>): ReportResult {
  switch (report.status) {
    case 'delivered':
      return { outcome: 'delivered', provider: report.provider };
    case 'bounced':
      return { outcome: 'failed', reason: 'bounced', contactPointFailed: true };
    case 'failed':
    case 'complained':
      return { outcome: 'failed', reason: 'failed', contactPointFailed: false };
  }
}
