import type { AuthContext } from '../../../shared/auth/types.js';
import { ForbiddenError } from '../../../shared/http/index.js';
import { activityPolicy } from '../policy.js';
import type { ActivityDeps } from './deps.js';

/**
 * Customers per segment dimension and value, by branch: counts only, no customer ids and
 * no personal information. Analysts and admins see every branch (or the one asked for); a
 * supervisor sees their own branch only, and asking for another is refused.
 */
export async function segmentSummary(deps: ActivityDeps, auth: AuthContext, branch: string | undefined) {
  activityPolicy.authorize(auth, 'segments:summary');
  const scope = activityPolicy.scopeFilter(auth, 'segments:summary');
  let only = branch;
  if (scope.kind === 'branch') {
    if (branch !== undefined && branch !== scope.branch) {
      throw new ForbiddenError('A supervisor sees the summary of their own branch only', {
        code: 'branch-out-of-scope',
      });
    }
    only = scope.branch;
  }
  const branches = await deps.grading.segmentSummary(only);
  return { asOf: deps.clock.now().toISOString(), branches };
}
