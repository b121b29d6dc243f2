import type { AuthContext } from '../../../shared/auth/types.js';
import { ForbiddenError } from '../../../shared/http/index.js';
import type { ChurnScore, RiskLevel } from '../domain/model.js';
import type { WorklistQuery } from '../domain/schemas.js';
import { retentionPolicy } from '../policy.js';
import type { RetentionApiDeps } from './api-deps.js';
import type { LevelCounts, ListScope, StoredRisk } from './ports.js';

/**
 * The churn worklist (docs/domain-rules.md §20.7–20.8): the customers at one level, highest
 * priority (score × value at risk) first. An RM gets their own book, a supervisor their branch
 * (naming another is a 403 `branch-out-of-scope`); an analyst the level counts per branch only,
 * never a customer.
 */

/** One customer of the worklist: what the RM needs to choose whom to call first. */
export interface WorklistItem {
  readonly customerId: string;
  readonly branch: string;
  readonly rmId?: string | undefined;
  readonly score: number;
  readonly level: RiskLevel;
  readonly reasons: ChurnScore['reasons'];
  readonly valueAtRisk: ChurnScore['valueAtRisk'];
  readonly priority: number;
  readonly scoredAt: string;
  readonly openCaseId?: string | undefined;
}

/** A page of the worklist (RM, supervisor) or the aggregates (analyst: `counts`, no `items`). */
export type WorklistAnswer =
  | {
      readonly level: RiskLevel;
      readonly items: readonly WorklistItem[];
      readonly cursor?: string | undefined;
    }
  | {
      readonly level: RiskLevel;
      readonly branch?: string | undefined;
      /** Customers at each level now, per branch: aggregates only. */
      readonly counts: readonly LevelCounts[];
    };

export function worklistItemOf(risk: StoredRisk): WorklistItem {
  const { score } = risk;
  return {
    customerId: risk.customerId,
    branch: risk.branch,
    ...(risk.rmId === undefined ? {} : { rmId: risk.rmId }),
    score: score.score,
    level: score.level,
    reasons: score.reasons,
    valueAtRisk: score.valueAtRisk,
    priority: score.priority,
    scoredAt: score.scoredAt,
    ...(risk.openCaseId === undefined ? {} : { openCaseId: risk.openCaseId }),
  };
}

const otherBranch = () =>
  new ForbiddenError('You see the worklist of your own branch only', { code: 'branch-out-of-scope' });

/** Whose worklist the caller reads, or `aggregates` for a role that sees every branch's counts. */
function worklistScope(auth: AuthContext, branch: string | undefined): ListScope | 'aggregates' {
  const scope = retentionPolicy.scopeFilter(auth, 'churn-risk:worklist');
  switch (scope.kind) {
    case 'all':
      return 'aggregates';
    case 'branch':
      if (branch !== undefined && branch !== scope.branch) throw otherBranch();
      return scope;
    case 'rm':
      // An RM's book is theirs whatever branch the customers are at; naming another branch than
      // their own asks for something they do not see.
      if (branch !== undefined && branch !== auth.branch) throw otherBranch();
      return scope;
    case 'none':
      throw new ForbiddenError('You have no worklist to read', { code: 'access-denied' });
  }
}

/** The caller's worklist at `query.level`, or the aggregates. */
export async function readWorklist(
  deps: Pick<RetentionApiDeps, 'reader'>,
  auth: AuthContext,
  query: WorklistQuery,
): Promise<WorklistAnswer> {
  const scope = worklistScope(auth, query.branch);
  if (scope === 'aggregates') {
    return {
      level: query.level,
      ...(query.branch === undefined ? {} : { branch: query.branch }),
      counts: await deps.reader.levelCounts(query.branch),
    };
  }
  const page = await deps.reader.riskPage(scope, query.level, query.limit, query.cursor);
  return {
    level: query.level,
    items: page.items.map(worklistItemOf),
    ...(page.cursor === undefined ? {} : { cursor: page.cursor }),
  };
}
