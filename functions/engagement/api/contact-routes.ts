import { defineRoute } from '../../../shared/http/contract.js';
import {
  customerContactsParams,
  listContactsQuerySchema,
  requestContactSchema,
} from '../domain/contact-schemas.js';
import {
  contactDecisionExample,
  contactDecisionSchema,
  contactPageExample,
  contactPageSchema,
} from './contact-responses.js';

/**
 * The contact routes (docs/domain-rules.md §18.1): a customer's contact history, every decision
 * with the rule that decided, and a staff member's contact request through the one contact
 * path. Implemented by `api/contact-handlers.ts`.
 */
export const contactRoutes = {
  listContacts: defineRoute({
    method: 'GET',
    path: '/v1/customers/{customerId}/contacts',
    summary: "List a customer's contacts and their decisions",
    description:
      "Every contact engagement decided for the customer, newest first: the purpose, the template, the non-personal parameters, the status (sent, delivered, failed, deferred, refused, dropped) and every decision taken on it with the rule that decided (`allowed`, `no-consent`, `quiet-hours`, `marketing-cap`, ...). An RM sees their own book, a supervisor their branch, compliance every customer; a customer outside the caller's scope is a 404 `customer-not-found`, like one engagement does not know. Never a name, an address or a text. Paginated with an opaque cursor.",
    action: 'contact:list',
    params: customerContactsParams,
    query: listContactsQuerySchema,
    responses: {
      200: {
        description: 'One page of contacts, newest first',
        schema: contactPageSchema,
        example: contactPageExample,
      },
    },
    problems: [404],
  }),
  requestContact: defineRoute({
    method: 'POST',
    path: '/v1/customers/{customerId}/contacts',
    summary: 'Ask to contact a customer',
    description:
      "Decided at once under the contact policy (consent per purpose and channel, restrictions, quiet hours, the marketing cap, the channel) and recorded: the answer is the decision and its rule. A sent contact is handed to delivery; a deferred one is decided again at `dueAt`. `parameters` are the template's named values, never a name or an address (a value that looks like an ID, mobile or card number, a missing or unknown parameter is a 422 `template-parameters`; an unknown template a 422 `unknown-template`). An RM asks for their own book, a supervisor for their branch (else 404 `customer-not-found`). With an Idempotency-Key, a repeated request answers the first decision and decides nothing again; the same key with another body is a 409 `idempotency-key-reused`.",
    action: 'contact:request',
    params: customerContactsParams,
    body: requestContactSchema,
    headers: { 'idempotency-key': 'optional' },
    responses: {
      202: {
        description: 'The decision: sent, deferred (with `dueAt`), refused or dropped, and the rule',
        schema: contactDecisionSchema,
        example: contactDecisionExample,
        headers: ['idempotent-replayed'],
      },
    },
    problems: [404, 409],
  }),
};
