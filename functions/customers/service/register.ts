import { createHash } from 'node:crypto';
import type { AuthContext } from '../../../shared/auth/types.js';
import { customerKeyContext } from '../../../shared/crypto/index.js';
import { buildEvent } from '../../../shared/events/index.js';
import { ConflictError } from '../../../shared/http/problem.js';
import { newId } from '../../../shared/ids.js';
import type { CustomerRecord } from '../domain/customer.js';
import { nextReviewAt } from '../domain/policies.js';
import { onboardingDate, planRegistration } from '../domain/registration.js';
import { checkAssignment } from '../domain/rm-directory.js';
import type { CreateCustomerInput } from '../domain/schemas.js';
import { suitabilityFacts } from '../domain/suitability-facts.js';
import { type CustomerView, customerView } from '../domain/views.js';
import { CustomerRegistered } from '../events.js';
import { customersPolicy } from '../policy.js';
import { idempotencyKey } from '../store/keys.js';
import { identityLock } from '../store/side-items.js';
import { loadAuthorised } from './access.js';
import { auditEntry } from './audit-entry.js';
import type { Actor, CustomerDeps } from './deps.js';
import { IdentityDocumentRefusedError, referDuplicate } from './duplicate-document.js';
import { viewFor } from './read.js';
import { identityDocumentIndex, mobileIndex, sealAll, seniorDayIndex } from './secrets.js';

const IDEMPOTENCY_HOURS = 24;

export interface RegisterResult {
  readonly view: CustomerView;
  readonly version: number;
  readonly replayed: boolean;
}

function fingerprint(input: CreateCustomerInput): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

/**
 * Registers a customer: one data key from the key provider, every C2 field sealed, masked
 * forms and blind indexes computed, and record, uniqueness lock, audit record and
 * CustomerRegistered written in one transaction.
 */
export async function registerCustomer(
  deps: CustomerDeps,
  auth: AuthContext,
  actor: Actor,
  input: CreateCustomerInput,
  idempotency?: string,
): Promise<RegisterResult> {
  customersPolicy.authorize(auth, 'customer:create', { branch: input.branch, rmId: input.rmId });
  checkAssignment(deps.policies.rmDirectory, auth, input.branch, input.rmId);
  const requestFingerprint = fingerprint(input);
  if (idempotency !== undefined) {
    const replay = await replayed(deps, auth, idempotency, requestFingerprint);
    if (replay !== undefined) return replay;
  }

  const now = deps.clock.now();
  const plan = planRegistration(input, { now, masking: deps.masking, seniorAge: deps.policies.seniorAge });
  const onboardedAt = onboardingDate(input.onboardedAt, now);
  const customerId = newId('cus', now);
  const [documentIndex, phoneIndex, seniorIndex, { encryptedDataKey, sealer }] = await Promise.all([
    identityDocumentIndex(deps, plan.identityDocument),
    mobileIndex(deps, plan.mobile),
    plan.seniorDay === undefined ? undefined : seniorDayIndex(deps, plan.seniorDay),
    deps.cipher.newRecordKey(customerKeyContext(customerId)),
  ]);
  const audit = auditEntry(
    deps.clock.now(),
    customerId,
    undefined,
    actor,
    'customer.created',
    Object.keys(plan.secrets),
  );
  const record: CustomerRecord = {
    customerId,
    ...plan.plain,
    version: 1,
    onboardedAt,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    sealed: sealAll(sealer, customerId, plan.secrets),
    masked: plan.masked,
    encryptedDataKey,
    relationship: 'active',
    restricted: false,
    consents: {},
    complianceStatus: 'compliant',
    nextReviewAt: nextReviewAt(now, 'compliant', deps.policies).toISOString(),
    audit: { seq: audit.seq, hash: audit.hash },
    idDocumentIndex: documentIndex,
    mobileIndex: phoneIndex,
    ...(seniorIndex === undefined ? {} : { seniorDayIndex: seniorIndex }),
  };
  const outcome = await deps.store.create({
    record,
    audit,
    events: [
      buildEvent(
        CustomerRegistered,
        {
          customerId,
          customerType: record.customerType,
          branch: record.branch,
          rmId: record.rmId,
          onboardedAt: record.onboardedAt,
          suitability: suitabilityFacts(record),
          at: record.createdAt,
        },
        deps.clock.now(),
      ),
    ],
    identityLock: identityLock(documentIndex, customerId),
    ...(idempotency === undefined
      ? {}
      : {
          idempotency: {
            key: idempotencyKey(auth.sub, idempotency),
            attributes: {
              entityType: 'IDEMPOTENCY',
              customerId,
              fingerprint: requestFingerprint,
              expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_HOURS * 3600,
            },
            mustNotExist: true,
          },
        }),
  });
  if (!outcome.ok && outcome.reason === 'duplicate-document') {
    const field = plan.identityDocument.idType === 'uscc' ? 'uscc' : 'idNumber';
    throw new IdentityDocumentRefusedError(await referDuplicate(deps, auth, actor, documentIndex, field));
  }
  if (!outcome.ok && idempotency !== undefined) {
    // A concurrent request with the same key won the race: answer as it did.
    const replay = await replayed(deps, auth, idempotency, requestFingerprint);
    if (replay !== undefined) return replay;
  }
  if (!outcome.ok)
    throw new ConflictError('The request conflicts with another one', { code: outcome.reason });
  // The creator may see what they just typed; only the name is shown in full
  // (docs/domain-rules.md §4.5).
  return {
    view: customerView(record, deps.masking, { name: plan.secrets.name }),
    version: record.version,
    replayed: false,
  };
}

/**
 * The answer to a repeated request with the same Idempotency-Key: the customer as it is now,
 * authorised like a read (docs/domain-rules.md §6.3). It shows the record, not what was sent,
 * so a caller who may no longer read it (the customer moved to another RM's book) gets the 404
 * a read would get, never the record.
 */
async function replayed(
  deps: CustomerDeps,
  auth: AuthContext,
  key: string,
  requestFingerprint: string,
): Promise<RegisterResult | undefined> {
  const previous = await deps.store.findIdempotency(auth.sub, key);
  if (previous === undefined) return undefined;
  if (previous.fingerprint !== requestFingerprint) {
    throw new ConflictError('This Idempotency-Key was used for a different request', {
      code: 'idempotency-key-reused',
    });
  }
  const record = await loadAuthorised(deps, auth, 'customer:read', previous.customerId);
  return { view: await viewFor(deps, auth, record), version: record.version, replayed: true };
}
