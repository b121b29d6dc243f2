import { ForbiddenError } from '../http/problem.js';
import type { Policy } from './policy.js';
import type { AuthContext } from './types.js';

/**
 * The branch a report of aggregates (KPIs) covers for the caller of `action`: a role that sees
 * every branch gets the one it asks for, or every branch (undefined); a role limited to its
 * branch (a supervisor) gets its own whether it names it or not, and naming another is a 403
 * `branch-out-of-scope`; a role with no branch-wide scope a 403 `access-denied` (the route's
 * role check has normally refused it before).
 * @example const branch = reportBranch(engagementPolicy, auth, 'engagement:kpis', query.branch);
 */
export function reportBranch<A extends string>(
  policy: Policy<A>,
  auth: AuthContext,
  action: A,
  requested: string | undefined,
): string | undefined {
  const scope = policy.scopeFilter(auth, action);
  if (scope.kind === 'all') return requested;
  if (scope.kind === 'branch') {
    if (requested !== undefined && requested !== scope.branch) {
      throw new ForbiddenError('You see the figures of your own branch only', {
        code: 'branch-out-of-scope',
      });
    }
    return scope.branch;
  }
  throw new ForbiddenError('You have no figures to read', { code: 'access-denied' });
}
