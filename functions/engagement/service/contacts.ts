import { newId } from '../../../shared/ids.js';
import type { Clock } from '../../../shared/time/clock.js';
import { decideContact, sendsInWindow } from '../domain/contact-policy.js';
import { customerFactsOf } from '../domain/facts-mirror.js';
import type { ContactDecision, ContactRequest, ContactRule, CustomerFacts } from '../domain/model.js';
import type { EngagementSettings } from '../domain/settings.js';
import { parameterProblems } from '../domain/templates.js';
import type {
  ContactRecord,
  ContactStore,
  ContactWrite,
  DueContactRef,
  MarketingLedger,
} from '../store/contact-store.js';
import type { FactsStore } from '../store/facts-store.js';
import {
  decided,
  decisionCounters,
  decisionEvents,
  decisionOf,
  kpiFor,
  requestOf,
} from './contact-records.js';
import type { ContactRequester, TemplateReader, TemplateVersion } from './ports.js';
/**
 * The contact path (docs/domain-rules.md §18.1–18.3): request → decide → record → dispatch.
 * Every decision is recorded on the request's one contact, with the rule that decided, in one
 * transaction with its events (ContactDecided, and ContactDispatched with the rendered text when
 * sent), the KPI counters and, for a marketing send, the customer's ledger guarded by the
 * version read, so that the cap holds exactly however many requests race: a send that loses the
 * race reads the ledger again and is decided again.
 */
export interface ContactPathDeps {
  readonly store: ContactStore;
  readonly facts: FactsStore;
  readonly templates: TemplateReader;
  readonly settings: EngagementSettings;
  readonly clock: Clock;
}

/** A request's decision; `replayed` when the request had been decided before (nothing written). */
export interface RequestOutcome {
  readonly contactId: string;
  readonly decision: ContactDecision;
  readonly replayed: boolean;
}

/** How many times a decision whose ledger or contact moved meanwhile is taken again. */
const extraAttempts = 3;

/** Whether the request's parameters fit its template (none fit an unknown one). */
const fitsTemplate = (template: TemplateVersion | undefined, request: ContactRequest): boolean =>
  template !== undefined && parameterProblems(template, request.parameters).length === 0;

/** What the policy decides for `request` now, or `unknown-template` when its parameters do not fit. */
function decide(
  deps: ContactPathDeps,
  request: ContactRequest,
  facts: CustomerFacts | undefined,
  template: TemplateVersion | undefined,
  ledger: MarketingLedger,
  now: string,
): ContactDecision {
  // A template whose parameters the request does not fit cannot be rendered: refused like an
  // unknown template (the API answers a 422 before asking).
  if (template !== undefined && !fitsTemplate(template, request)) {
    return { outcome: 'refused', rule: 'unknown-template' };
  }
  return decideContact({
    request,
    facts,
    template,
    marketingSends: ledger.sends,
    settings: deps.settings,
    now,
  });
}

/** The write that records `decision` on `contact` (as read, at `expectedRevision`). */
function decisionWrite(
  deps: ContactPathDeps,
  before: ContactRecord,
  expectedRevision: number | undefined,
  decision: ContactDecision,
  context: {
    readonly facts: CustomerFacts | undefined;
    readonly template: TemplateVersion | undefined;
    readonly ledger: MarketingLedger;
    readonly now: Date;
  },
): ContactWrite {
  const at = context.now.toISOString();
  const contact = decided(before, decision, context.template, at);
  const marketingSend = decision.outcome === 'sent' && contact.purpose === 'marketing';
  return {
    at,
    contact,
    expectedRevision,
    // The window's sends, pruned, with this one: guarded by the version the decision read.
    ledger: marketingSend
      ? {
          expectedVersion: context.ledger.version,
          sends: [...sendsInWindow(context.ledger.sends, at, deps.settings), at],
        }
      : undefined,
    events: decisionEvents(contact, decision, context.template, context.now),
    kpi: kpiFor(context.facts, at, decisionCounters(decision, contact.purpose)),
  };
}

/** What a decision is taken on, read fresh: the facts, the template, the ledger (marketing only). */
async function readContext(deps: ContactPathDeps, request: ContactRequest) {
  const [record, template, ledger] = await Promise.all([
    deps.facts.get(request.customerId),
    deps.templates.current(request.templateId),
    request.purpose === 'marketing'
      ? deps.store.ledger(request.customerId)
      : Promise.resolve<MarketingLedger>({ sends: [], version: 0 }),
  ]);
  return { facts: customerFactsOf(record), template, ledger, now: deps.clock.now() };
}

/** The first decision of a request already decided. */
async function firstDecision(deps: ContactPathDeps, ref: DueContactRef): Promise<RequestOutcome> {
  const contact = await deps.store.contact(ref.customerId, ref.contactId);
  const first = contact?.decisions[0];
  if (first === undefined) throw new Error('A decided request names a contact that is not stored');
  return { contactId: ref.contactId, decision: decisionOf(first), replayed: true };
}

/**
 * Decides and records a request. A request already decided answers its first decision and
 * writes nothing; a marketing send that lost the ledger to another is decided again.
 */
export async function requestContact(
  deps: ContactPathDeps,
  request: ContactRequest,
): Promise<RequestOutcome> {
  const known = await deps.store.contactOfRequest(request.requestId);
  if (known !== undefined) return firstDecision(deps, known);
  const attempts = deps.settings.marketingCap + extraAttempts;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const context = await readContext(deps, request);
    const decision = decide(
      deps,
      request,
      context.facts,
      context.template,
      context.ledger,
      context.now.toISOString(),
    );
    const contact: ContactRecord = {
      contactId: newId('con', context.now),
      customerId: request.customerId,
      requestId: request.requestId,
      purpose: request.purpose,
      templateId: request.templateId,
      preferredChannel: request.preferredChannel,
      // Only parameters checked against their template are kept: a value refused as looking
      // like a personal identifier is never written.
      parameters: fitsTemplate(context.template, request) ? request.parameters : undefined,
      earliestAt: request.earliestAt,
      latestAt: request.latestAt,
      customerRequested: request.customerRequested,
      regarding: request.regarding,
      requestedBy: request.requestedBy,
      createdAt: context.now.toISOString(),
      status: decision.outcome,
      rule: decision.rule,
      decisions: [],
      revision: 0,
    };
    const outcome = await deps.store.record(decisionWrite(deps, contact, undefined, decision, context));
    switch (outcome) {
      case 'written':
        return { contactId: contact.contactId, decision, replayed: false };
      case 'duplicate-request': {
        const winner = await deps.store.contactOfRequest(request.requestId);
        if (winner === undefined) throw new Error('A request was decided meanwhile but its record is gone');
        return firstDecision(deps, winner);
      }
      case 'ledger-moved':
      case 'contact-moved':
        continue;
    }
  }
  throw new Error('The marketing ledger kept moving while the request was decided; it will be retried');
}

/**
 * Decides a deferred contact again, with the facts as they are now (the minute job). `gone`:
 * it was decided meanwhile (by another run, a withdrawal, an erasure).
 */
export async function decideAgain(deps: ContactPathDeps, ref: DueContactRef): Promise<'decided' | 'gone'> {
  const attempts = deps.settings.marketingCap + extraAttempts;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const contact = await deps.store.contact(ref.customerId, ref.contactId);
    if (contact === undefined || contact.status !== 'deferred') return 'gone';
    const request = requestOf(contact);
    const context = await readContext(deps, request);
    const decision = decide(
      deps,
      request,
      context.facts,
      context.template,
      context.ledger,
      context.now.toISOString(),
    );
    const outcome = await deps.store.record(
      decisionWrite(deps, contact, contact.revision, decision, context),
    );
    if (outcome === 'written') return 'decided';
    // The contact moved (another run decided it) or the ledger did (read again and decide).
  }
  throw new Error('A deferred contact kept moving while it was decided again; the next run takes it');
}

/**
 * Refuses the customer's deferred contacts `refuses` says no longer hold, with `rule` (a
 * withdrawn consent, an erasure). Idempotent: a contact no longer deferred is left as it is.
 */
export async function refuseDeferred(
  deps: ContactPathDeps,
  customerId: string,
  rule: ContactRule,
  refuses: (contact: ContactRecord) => boolean,
): Promise<number> {
  let refused = 0;
  for (const listed of await deps.store.deferredOf(customerId)) {
    let contact: ContactRecord | undefined = listed;
    for (let attempt = 0; contact !== undefined && attempt < extraAttempts; attempt += 1) {
      if (contact.status !== 'deferred' || !refuses(contact)) break;
      const facts = customerFactsOf(await deps.facts.get(customerId));
      const decision: ContactDecision = { outcome: 'refused', rule };
      const outcome = await deps.store.record(
        decisionWrite(deps, contact, contact.revision, decision, {
          facts,
          template: undefined,
          ledger: { sends: [], version: 0 },
          now: deps.clock.now(),
        }),
      );
      if (outcome === 'written') {
        refused += 1;
        break;
      }
      contact = await deps.store.contact(customerId, contact.contactId);
    }
  }
  return refused;
}

/** The contact path as the other areas ask it (surveys), in process. */
export function contactRequester(deps: ContactPathDeps): ContactRequester {
  return { request: (request) => requestContact(deps, request) };
}
