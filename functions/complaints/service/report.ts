import type { AuthContext } from '../../../shared/auth/types.js';
import { ForbiddenError, ValidationError } from '../../../shared/http/problem.js';
import {
  type ComplaintReport,
  complaintReport,
  periodDays,
  periodInstants,
  REPORT_MAX_DAYS,
  type ReportPeriod,
} from '../domain/report.js';
import { complaintsPolicy } from '../policy.js';
import type { ComplaintStore } from '../store/complaint-store.js';
import type { ComplaintDeps } from './deps.js';

/** What the report reads: the complaints of the period and the customer count, nothing else. */
export interface ReportDeps {
  readonly store: Pick<ComplaintStore, 'receivedBetween' | 'customerCount'>;
  readonly clock: ComplaintDeps['clock'];
}

export interface ReportQuery extends ReportPeriod {
  readonly branch?: string | undefined;
}

/**
 * The complaints report for a period (docs/domain-rules.md, complaints: the report). The
 * complaints unit, compliance officers and analysts see every branch, or the one they ask for;
 * a supervisor sees their own branch only, and asking for another is refused (403
 * `branch-out-of-scope`, as the segment summary does). Complaints per 10,000 customers count
 * the customers the complaint mirror knows in the same scope, at the time of the report.
 */
export async function reportFor(
  deps: ReportDeps,
  auth: AuthContext,
  query: ReportQuery,
): Promise<ComplaintReport> {
  complaintsPolicy.authorize(auth, 'complaint:report');
  const scope = complaintsPolicy.scopeFilter(auth, 'complaint:report');
  let branch = query.branch;
  if (scope.kind === 'branch') {
    if (branch !== undefined && branch !== scope.branch) {
      throw new ForbiddenError('A supervisor sees the report of their own branch only', {
        code: 'branch-out-of-scope',
      });
    }
    branch = scope.branch;
  }
  const period = checkedPeriod(query);
  const instants = periodInstants(period);
  const [complaints, customers] = await Promise.all([
    deps.store.receivedBetween(instants.from, instants.to, branch),
    deps.store.customerCount(branch),
  ]);
  return complaintReport({ period, branch, complaints, customers, now: deps.clock.now() });
}

/** `from` on or before `to`, at most {@link REPORT_MAX_DAYS} days in all (422 otherwise). */
function checkedPeriod(query: ReportQuery): ReportPeriod {
  const days = periodDays(query);
  if (days < 1 || days > REPORT_MAX_DAYS) {
    throw new ValidationError(
      [{ path: 'query.to', message: `must be on or after from, and at most ${REPORT_MAX_DAYS} days on` }],
      `A report covers 1 to ${REPORT_MAX_DAYS} days`,
      { code: 'report-period-out-of-range' },
    );
  }
  return { from: query.from, to: query.to };
}
