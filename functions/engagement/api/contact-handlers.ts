import type { AuthContext } from '../../../shared/auth/types.js';
import { callerOf, idempotencyKeyOf, idOfIdempotencyKey } from '../../../shared/http/caller.js';
import { implementRoutes } from '../../../shared/http/implement.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../shared/http/index.js';
import type { ApiResult, RouteDefinition } from '../../../shared/http/types.js';
import { newId } from '../../../shared/ids.js';
import { customerFactsOf } from '../domain/facts-mirror.js';
import type { ContactRequest, CustomerFacts } from '../domain/model.js';
import { parameterProblems } from '../domain/templates.js';
import { type EngagementAction, engagementPolicy } from '../policy.js';
import { requestOf, sameRequest } from '../service/contact-records.js';
import { type ContactPathDeps, requestContact } from '../service/contacts.js';
import { contactDecisionView, contactView } from './contact-responses.js';
import { contactRoutes } from './contact-routes.js';

/** The one answer for a customer engagement does not know and one outside the caller's scope. */
const customerNotFound = () =>
  new NotFoundError('No customer with this id is visible to you', { code: 'customer-not-found' });

/** The customer's facts, if the caller may perform `action` on the customer (their scope). */
async function factsInScope(
  deps: ContactPathDeps,
  auth: AuthContext,
  action: EngagementAction,
  customerId: string,
): Promise<CustomerFacts> {
  const facts = customerFactsOf(await deps.facts.get(customerId));
  if (facts === undefined) throw customerNotFound();
  if (!engagementPolicy.decide(auth, action, { branch: facts.branch, rmId: facts.rmId }).allowed) {
    throw customerNotFound();
  }
  return facts;
}

/**
 * The request id of a staff request: from the caller and their Idempotency-Key (so a retry is
 * the same request, and two callers' keys never meet), else a new one.
 */
function staffRequestId(sub: string, key: string | undefined, now: Date): string {
  return key === undefined ? newId('req', now) : idOfIdempotencyKey('staff', sub, key);
}

/** A retried request must be the same request: the same key with another body is a 409. */
async function refuseReusedKey(deps: ContactPathDeps, request: ContactRequest): Promise<void> {
  const known = await deps.store.contactOfRequest(request.requestId);
  const first = known === undefined ? undefined : await deps.store.contact(known.customerId, known.contactId);
  if (first !== undefined && !sameRequest(requestOf(first), request)) {
    throw new ConflictError('This Idempotency-Key was used for a different request', {
      code: 'idempotency-key-reused',
    });
  }
}

const json = (statusCode: number, body: unknown, headers?: Record<string, string>): ApiResult => ({
  statusCode,
  body,
  ...(headers === undefined ? {} : { headers }),
});

/** The contact routes bound to the contact path. */
export function contactApi(deps: ContactPathDeps): RouteDefinition[] {
  return implementRoutes(contactRoutes, {
    listContacts: async (request) => {
      const { auth } = callerOf(request);
      const { customerId } = request.params;
      await factsInScope(deps, auth, 'contact:list', customerId);
      const page = await deps.store.contactsOf(customerId, request.query.limit, request.query.cursor);
      return json(200, {
        items: page.items.map(contactView),
        ...(page.cursor === undefined ? {} : { cursor: page.cursor }),
      });
    },
    requestContact: async (request) => {
      const { auth } = callerOf(request);
      const key = idempotencyKeyOf(request);
      const { customerId } = request.params;
      await factsInScope(deps, auth, 'contact:request', customerId);
      const body = request.body;
      if (body.earliestAt !== undefined && Date.parse(body.earliestAt) > Date.parse(body.latestAt)) {
        throw new ValidationError(
          [{ path: 'latestAt', message: 'must not be before earliestAt' }],
          undefined,
          {
            code: 'latest-before-earliest',
          },
        );
      }
      // A staff request that cannot be rendered is the client's mistake: refused here, nothing written.
      const template = await deps.templates.current(body.templateId);
      if (template === undefined) {
        throw new ValidationError(
          [{ path: 'templateId', message: 'is not a known template' }],
          'Unknown template',
          {
            code: 'unknown-template',
          },
        );
      }
      const problems = parameterProblems(template, body.parameters);
      if (problems.length > 0) {
        throw new ValidationError(problems, 'The parameters do not fit the template', {
          code: 'template-parameters',
        });
      }
      const contactRequest: ContactRequest = {
        ...body,
        requestId: staffRequestId(auth.sub, key, deps.clock.now()),
        customerId,
        requestedBy: auth.sub,
      };
      if (key !== undefined) await refuseReusedKey(deps, contactRequest);
      const outcome = await requestContact(deps, contactRequest);
      return json(
        202,
        contactDecisionView(outcome.contactId, outcome.decision),
        outcome.replayed ? { 'idempotent-replayed': 'true' } : undefined,
      );
    },
  });
}
