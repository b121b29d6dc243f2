/**
 * What each event of the catalogue means, for the event catalogue document
 * (infra/event-catalogue-doc.ts), keyed by `<source>/<detail-type>`. The event definitions
 * carry only a source, a detail-type and a schema; their doc comments do not survive into a
 * document, so the prose an integration team reads lives here. A test fails when an event of
 * the catalogue has no entry, so a new event cannot ship undocumented.
 *
 * Say what happened and what a consumer may rely on; never name personal data by value.
 */
export const EVENT_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'crm.customers/CustomerRegistered':
    'A customer was registered in the CRM (record version 1, `at`). `onboardedAt` is when the relationship with the bank started (account opening): earlier than `at` for a customer migrated from core banking.',
  'crm.customers/CustomerProfileChanged':
    "A customer's profile changed. `changedFields` names the fields, never their values. It also carries the assignment facts after the change (`branch`, `rmId`, `relationship`), so a consumer can mirror them, ordered by `version`.",
  'crm.customers/ConsentChanged':
    'A consent was granted or withdrawn for a purpose (and optionally one channel). A withdrawal takes effect at once.',
  'crm.customers/CustomerRestricted':
    'Processing of the customer is restricted (an erasure request, or a compliance risk): no marketing, recommendations or outreach until lifted.',
  'crm.customers/CustomerRestrictionLifted':
    'One reason for restricting the customer no longer holds (the compliance status is no longer `risk`). Another reason may still restrict processing: an erasure request is never lifted.',
  'crm.customers/CustomerErased':
    "The customer's personal data was crypto-shredded and the record anonymised at the end of retention. Every capability purges or anonymises what it keeps about the customer.",
  'crm.customers/ReviewDue':
    'A periodic information review is due; the relationship manager must complete it by `deadline` (10 working days by default).',
  'crm.customers/ReviewEscalated':
    'The relationship manager missed the review deadline; the branch supervisor must complete it by `deadline`.',
  'crm.customers/ReviewCompleted': 'A periodic review was completed: the details were confirmed or updated.',
  'crm.customers/ReviewOverdue':
    'Neither the relationship manager nor the supervisor completed the review in time: a regulatory SLA breach.',
  'crm.activity/CustomerSegmentChanged':
    "One dimension of a customer's segments changed at `at` (the grading time); `from` is null at the first grading. One event per changed dimension; segment values are C1.",
  'core-banking/TransactionPosted':
    'Core banking posted a transaction (or it failed, was aborted or is held for review). Deduplicated on `transactionId` and `status`. `accountRef` is C2: FinCRM reads past it and never stores, logs or forwards it.',
  'core-banking/BalanceSnapshot':
    "A customer's balances at `asOf`, in one currency, in integer minor units. The latest snapshot of each month counts.",
  'core-banking/ProductHoldingChanged': 'A product holding was opened, closed or matured at `at`.',
  'credit-risk/CreditRatingChanged':
    'The credit-risk system graded a customer; `score` is its 0-1000 score when it has one.',
  'aml/ComplianceStatusChanged':
    "The AML system changed a customer's compliance status. `reasonCode` is a short code, never prose. `risk` restricts processing; `watch` shortens the review cadence.",
};
