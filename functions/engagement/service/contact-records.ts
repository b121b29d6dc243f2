import { buildEvent, type CrmEvent } from '../../../shared/events/index.js';
import type { ContactDecision, ContactRequest, CustomerFacts } from '../domain/model.js';
import { renderTemplate } from '../domain/templates.js';
import { ContactDecided, ContactDispatched } from '../events.js';
import type { ContactRecord, DecisionEntry, KpiAddition } from '../store/contact-store.js';
import type { KpiIncrements } from '../store/kpi-counters.js';
import type { TemplateVersion } from './ports.js';

/**
 * What a contact decision records and announces (docs/domain-rules.md §18.3): the contact after
 * the decision, with the decision in its history; the events (ContactDecided, and
 * ContactDispatched with the rendered text when sent); the KPI counters; and the way back from a
 * recorded contact to its request and decision (a replayed request, a deferred contact decided
 * again). Pure: `contacts.ts` reads, decides and writes.
 */

/** The decision a recorded entry stands for. */
export function decisionOf(entry: DecisionEntry): ContactDecision {
  switch (entry.outcome) {
    case 'sent':
      if (entry.channel === undefined) throw new Error('A sent decision without its channel was stored');
      return { outcome: 'sent', rule: 'allowed', channel: entry.channel };
    case 'deferred':
      if (entry.dueAt === undefined) throw new Error('A deferred decision without its due time was stored');
      return {
        outcome: 'deferred',
        rule: entry.rule,
        dueAt: entry.dueAt,
        ...(entry.channel === undefined ? {} : { channel: entry.channel }),
      };
    case 'refused':
    case 'dropped':
      return { outcome: entry.outcome, rule: entry.rule };
  }
}

/** The request a contact was made from (what a deferred contact is decided again on). */
export function requestOf(contact: ContactRecord): ContactRequest {
  return {
    requestId: contact.requestId,
    customerId: contact.customerId,
    purpose: contact.purpose,
    preferredChannel: contact.preferredChannel,
    templateId: contact.templateId,
    parameters: contact.parameters,
    earliestAt: contact.earliestAt,
    latestAt: contact.latestAt,
    customerRequested: contact.customerRequested,
    regarding: contact.regarding,
    requestedBy: contact.requestedBy,
  };
}

/**
 * Whether two requests ask for the same contact (a retried staff request with its
 * Idempotency-Key): every field but who asked.
 */
export function sameRequest(a: ContactRequest, b: ContactRequest): boolean {
  const fields = (request: ContactRequest) =>
    JSON.stringify([
      request.customerId,
      request.purpose,
      request.preferredChannel ?? null,
      request.templateId,
      Object.entries(request.parameters ?? {}).sort(([x], [y]) => x.localeCompare(y)),
      request.earliestAt ?? null,
      request.latestAt,
      request.customerRequested ?? false,
      request.regarding ?? null,
    ]);
  return fields(a) === fields(b);
}

/** The KPI counters one decision adds (docs/domain-rules.md §18.7). */
export function decisionCounters(
  decision: ContactDecision,
  purpose: ContactRequest['purpose'],
): KpiIncrements {
  const counters: { -readonly [K in keyof KpiIncrements]: number } = {};
  switch (decision.outcome) {
    case 'sent':
      counters[`sent:${decision.channel}`] = 1;
      if (purpose === 'marketing') counters.marketingSent = 1;
      break;
    case 'deferred':
      counters[`deferred:${decision.rule}`] = 1;
      break;
    case 'refused':
      counters[`refused:${decision.rule}`] = 1;
      break;
    case 'dropped':
      counters[`dropped:${decision.rule}`] = 1;
      break;
  }
  return counters;
}

export const kpiFor = (
  facts: CustomerFacts | undefined,
  at: string,
  increments: KpiIncrements,
): KpiAddition | undefined =>
  // A customer the mirror does not know has no branch to count in.
  facts === undefined ? undefined : { branch: facts.branch, at, increments };

/** The contact after `decision`, with the decision appended to its history. */
export function decided(
  contact: ContactRecord,
  decision: ContactDecision,
  template: TemplateVersion | undefined,
  now: string,
): ContactRecord {
  const channel =
    decision.outcome === 'sent' || decision.outcome === 'deferred' ? decision.channel : undefined;
  const dueAt = decision.outcome === 'deferred' ? decision.dueAt : undefined;
  const entry: DecisionEntry = {
    at: now,
    outcome: decision.outcome,
    rule: decision.rule,
    ...(channel === undefined ? {} : { channel }),
    ...(dueAt === undefined ? {} : { dueAt }),
  };
  return {
    ...contact,
    status: decision.outcome,
    rule: decision.rule,
    channel: channel ?? contact.channel,
    dueAt,
    templateVersion: decision.outcome === 'sent' ? template?.version : contact.templateVersion,
    decisions: [...contact.decisions, entry],
  };
}

/** ContactDecided, and ContactDispatched with the rendered text when the contact is sent. */
export function decisionEvents(
  contact: ContactRecord,
  decision: ContactDecision,
  template: TemplateVersion | undefined,
  now: Date,
): CrmEvent[] {
  const at = now.toISOString();
  const events: CrmEvent[] = [
    buildEvent(
      ContactDecided,
      {
        contactId: contact.contactId,
        requestId: contact.requestId,
        customerId: contact.customerId,
        purpose: contact.purpose,
        outcome: decision.outcome,
        rule: decision.rule,
        ...(decision.outcome === 'sent' || (decision.outcome === 'deferred' && decision.channel !== undefined)
          ? { channel: decision.channel }
          : {}),
        ...(decision.outcome === 'deferred' ? { dueAt: decision.dueAt } : {}),
        at,
      },
      now,
    ),
  ];
  if (decision.outcome !== 'sent') return events;
  const variant = template?.variants[decision.channel];
  if (template === undefined || variant === undefined) {
    throw new Error('The policy sent a contact on a channel its template has no variant for');
  }
  const rendered = renderTemplate(variant, contact.parameters ?? {});
  events.push(
    buildEvent(
      ContactDispatched,
      {
        contactId: contact.contactId,
        customerId: contact.customerId,
        purpose: contact.purpose,
        channel: decision.channel,
        templateId: template.templateId,
        templateVersion: template.version,
        locale: template.locale,
        ...(rendered.subject === undefined ? {} : { subject: rendered.subject }),
        text: rendered.text,
        at,
      },
      now,
    ),
  );
  return events;
}
