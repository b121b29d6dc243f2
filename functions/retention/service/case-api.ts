import type { AuthContext } from '../../../shared/auth/types.js';
import type { Actor } from '../../../shared/http/caller.js';
import {
  ForbiddenError,
  type IfMatchVersion,
  staleVersion,
  versionMatches,
} from '../../../shared/http/index.js';
import { caseRefusalProblem } from '../domain/errors.js';
import type { AttemptBody, CaseListQuery, CloseEarlyBody } from '../domain/schemas.js';
import { retentionPolicy } from '../policy.js';
import { caseInScope } from './access.js';
import type { RetentionApiDeps } from './api-deps.js';
import { type CaseAttempt, CaseVersionConflictError, type ListScope, type RetentionCase } from './ports.js';

/**
 * The retention cases as the API serves them (docs/domain-rules.md §20.6–20.8): the RM of the
 * customer and the branch supervisor list, read and work them; the supervisor alone closes one
 * early. The case service (CaseActions) does the work; here: scope, If-Match and the problems.
 */

/** A case as the API shows it: never the waiting step or its task token. */
export type CaseView = Omit<RetentionCase, 'waiting'>;

export function caseViewOf(stored: RetentionCase): CaseView {
  const { waiting: _token, ...shown } = stored;
  return shown;
}

/** A case with every attempt recorded on it, oldest first. */
export interface CaseDetail extends CaseView {
  readonly attemptsRecorded: readonly CaseAttempt[];
}

const SCOPE_ACTION = 'retention-case:list' as const;

/** Whose cases the caller lists: an RM their book, a supervisor their branch. */
function caseListScope(auth: AuthContext): ListScope {
  const scope = retentionPolicy.scopeFilter(auth, SCOPE_ACTION);
  if (scope.kind === 'branch' || scope.kind === 'rm') return scope;
  throw new ForbiddenError('You have no retention cases to list', { code: 'access-denied' });
}

/** A page of the caller's cases in `query.status`, oldest opened first. */
export async function listCases(
  deps: Pick<RetentionApiDeps, 'reader'>,
  auth: AuthContext,
  query: CaseListQuery,
): Promise<{ readonly items: readonly CaseView[]; readonly cursor?: string | undefined }> {
  const page = await deps.reader.casePage(caseListScope(auth), query.status, query.limit, query.cursor);
  return {
    items: page.items.map(caseViewOf),
    ...(page.cursor === undefined ? {} : { cursor: page.cursor }),
  };
}

/** One case in the caller's scope with its attempts (else 404 `case-not-found`). */
export async function readCase(
  deps: Pick<RetentionApiDeps, 'cases'>,
  auth: AuthContext,
  caseId: string,
): Promise<CaseDetail> {
  const found = await caseInScope(deps.cases, auth, 'retention-case:read', caseId);
  return { ...caseViewOf(found.case), attemptsRecorded: found.attempts };
}

/** Runs a case action, answering the case service's refusals with their problems. */
async function refusingAsProblems<T>(run: () => Promise<T>, basedOn: number): Promise<T> {
  try {
    return await run();
  } catch (error) {
    // Changed since it was read (by the caller's If-Match or by this request's own read): a 412.
    if (error instanceof CaseVersionConflictError) throw staleVersion('retention case', basedOn);
    throw caseRefusalProblem(error) ?? error;
  }
}

/** The If-Match the caller sent, checked against the case as read (412 `stale-version`). */
function expectedVersionOf(ifMatch: IfMatchVersion | undefined, current: RetentionCase): number | undefined {
  if (ifMatch === undefined) return undefined;
  if (!versionMatches(ifMatch, current.version))
    throw staleVersion('retention case', ifMatch, current.version);
  return ifMatch;
}

/**
 * Records an attempt on a case in the caller's scope (docs/domain-rules.md §20.6): If-Match
 * optional (a stale one is a 412, nothing written), an Idempotency-Key replays the first answer.
 */
export async function recordAttempt(
  deps: Pick<RetentionApiDeps, 'cases'>,
  actor: Actor,
  auth: AuthContext,
  caseId: string,
  body: AttemptBody,
  options: { readonly ifMatch?: IfMatchVersion | undefined; readonly idempotencyKey?: string | undefined },
): Promise<{ readonly case: CaseView; readonly attempt: CaseAttempt; readonly replayed: boolean }> {
  const found = await caseInScope(deps.cases, auth, 'retention-case:attempt', caseId);
  const expected = expectedVersionOf(options.ifMatch, found.case);
  const recorded = await refusingAsProblems(
    () =>
      deps.cases.recordAttempt(
        caseId,
        body,
        { sub: actor.sub, role: actor.role },
        expected,
        options.idempotencyKey,
      ),
    found.case.version,
  );
  return { case: caseViewOf(recorded.case), attempt: recorded.attempt, replayed: recorded.replayed };
}

/**
 * Closes a case of the supervisor's branch before its window ends (docs/domain-rules.md §20.6):
 * the outcome is decided now; If-Match optional.
 */
export async function closeCaseEarly(
  deps: Pick<RetentionApiDeps, 'cases'>,
  actor: Actor,
  auth: AuthContext,
  caseId: string,
  body: CloseEarlyBody,
  ifMatch: IfMatchVersion | undefined,
): Promise<CaseView> {
  const found = await caseInScope(deps.cases, auth, 'retention-case:close-early', caseId);
  const expected = expectedVersionOf(ifMatch, found.case);
  const closed = await refusingAsProblems(
    () => deps.cases.closeEarly(caseId, body.reason, { sub: actor.sub, role: actor.role }, expected),
    found.case.version,
  );
  return caseViewOf(closed);
}
