import type { AuthContext } from '../../../shared/auth/types.js';
import { ForbiddenError } from '../../../shared/http/problem.js';
import type { ListComplaintsQuery } from '../domain/schemas.js';
import { type ComplaintSummary, complaintSummary } from '../domain/views.js';
import { complaintsPolicy } from '../policy.js';
import type { ListScope } from '../store/complaint-store.js';
import type { ComplaintDeps } from './deps.js';

export interface ComplaintPage {
  readonly items: readonly ComplaintSummary[];
  readonly cursor?: string | undefined;
}

/**
 * The complaints a caller may list (docs/domain-rules.md, complaints: lists): the complaints
 * unit and compliance all, a supervisor their branch, an RM their book, a service agent those
 * assigned to them (`view=mine`) or their queue's unassigned ones (`view=queue`). Filters narrow
 * the scope, never widen it.
 */
export function listScopeOf(auth: AuthContext, view: ListComplaintsQuery['view']): ListScope {
  if (auth.role === 'service-agent') {
    if (auth.branch === undefined || auth.branch === '') {
      throw new ForbiddenError('A service agent without a branch has no complaints queue');
    }
    return { kind: 'agent', sub: auth.sub, queue: auth.branch, view };
  }
  const scope = complaintsPolicy.scopeFilter(auth, 'complaint:list');
  switch (scope.kind) {
    case 'all':
      return scope;
    case 'branch':
      return scope;
    case 'rm':
      if (auth.branch === undefined) break;
      return { kind: 'rm', rmId: scope.rmId, branch: auth.branch };
    case 'none':
      break;
  }
  throw new ForbiddenError('You have no complaints to list');
}

export async function listComplaints(
  deps: Pick<ComplaintDeps, 'store'>,
  auth: AuthContext,
  query: ListComplaintsQuery,
): Promise<ComplaintPage> {
  const scope = listScopeOf(auth, query.view);
  const page = await deps.store.list(
    scope,
    {
      status: query.status,
      assignee: query.assignee,
      branch: query.branch,
      priority: query.priority,
      category: query.category,
      dueBefore:
        query.dueBefore === undefined ? undefined : new Date(Date.parse(query.dueBefore)).toISOString(),
    },
    query.limit,
    query.cursor,
  );
  return {
    items: page.items.map(complaintSummary),
    ...(page.cursor === undefined ? {} : { cursor: page.cursor }),
  };
}
