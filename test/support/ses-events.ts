/**
 * E-mail sending events as SES publishes them through a configuration set's event destination
 * to EventBridge (source `aws.ses`; the detail is the event record of the SES developer guide's
 * examples: bounce, complaint, delivery, reject). The recipient address is in the detail, as in
 * a real event, so tests can show it goes nowhere; give a synthetic one.
 */
export interface SesSample {
  readonly recipient: string;
  /** The message tags SendEmail set (`crm-contact-id`, `crm-customer-id`); none: an untagged e-mail. */
  readonly tags?: { readonly contactId: string; readonly customerId: string };
  readonly configurationSet?: string;
}

export type SesSampleKind =
  | 'bounce-permanent'
  | 'bounce-transient'
  | 'complaint'
  | 'delivery'
  | 'reject'
  | 'open';

const DETAIL_TYPES: Readonly<Record<SesSampleKind, string>> = {
  'bounce-permanent': 'Email Bounced',
  'bounce-transient': 'Email Bounced',
  complaint: 'Email Complaint Received',
  delivery: 'Email Delivered',
  reject: 'Email Rejected',
  open: 'Email Opened',
};

/** The `detail-type` and `detail` of one SES event of `kind` on a message sent to `sample.recipient`. */
export function sesEventSample(
  kind: SesSampleKind,
  sample: SesSample,
): { readonly detailType: string; readonly detail: Record<string, unknown> } {
  const { recipient } = sample;
  const mail = {
    timestamp: '2026-03-02T02:00:01.012Z',
    source: 'no-reply@bank.example',
    sourceArn: 'arn:aws:ses:ap-southeast-1:123456789012:identity/bank.example',
    sendingAccountId: '123456789012',
    messageId: '0100018e00000000-00000000-0000-0000-0000-000000000000-000000',
    destination: [recipient],
    headersTruncated: false,
    headers: [{ name: 'To', value: recipient }],
    commonHeaders: { from: ['no-reply@bank.example'], to: [recipient], subject: '投诉受理通知' },
    tags: {
      'ses:configuration-set': [sample.configurationSet ?? 'crm-dev-customers-delivery'],
      'ses:source-ip': ['192.0.2.0'],
      'ses:from-domain': ['bank.example'],
      ...(sample.tags === undefined
        ? {}
        : { 'crm-contact-id': [sample.tags.contactId], 'crm-customer-id': [sample.tags.customerId] }),
    },
  };
  const bounce = (bounceType: string) => ({
    eventType: 'Bounce',
    bounce: {
      bounceType,
      bounceSubType: 'General',
      bouncedRecipients: [
        {
          emailAddress: recipient,
          action: 'failed',
          status: '5.1.1',
          diagnosticCode: `smtp; 550 5.1.1 <${recipient}>: user unknown`,
        },
      ],
      timestamp: '2026-03-02T02:00:03.669Z',
      feedbackId: '0100018e00000000-00000000-0000-0000-0000-000000000000-000000',
      reportingMTA: 'dsn; mta.example.com',
    },
  });
  const details: Readonly<Record<SesSampleKind, Record<string, unknown>>> = {
    'bounce-permanent': bounce('Permanent'),
    'bounce-transient': bounce('Transient'),
    complaint: {
      eventType: 'Complaint',
      complaint: {
        complainedRecipients: [{ emailAddress: recipient }],
        timestamp: '2026-03-02T03:10:00.000Z',
        feedbackId: '0100018e00000000-00000000-0000-0000-0000-000000000001-000000',
        userAgent: 'Mozilla/5.0',
        complaintFeedbackType: 'abuse',
      },
    },
    delivery: {
      eventType: 'Delivery',
      delivery: {
        timestamp: '2026-03-02T02:00:02.000Z',
        processingTimeMillis: 546,
        recipients: [recipient],
        smtpResponse: '250 ok',
        reportingMTA: 'a8-70.smtp-out.amazonses.com',
      },
    },
    reject: { eventType: 'Reject', reject: { reason: 'Bad content' } },
    open: { eventType: 'Open', open: { ipAddress: '192.0.2.1', timestamp: '2026-03-02T04:00:00.000Z' } },
  };
  return { detailType: DETAIL_TYPES[kind], detail: { ...details[kind], mail } };
}
