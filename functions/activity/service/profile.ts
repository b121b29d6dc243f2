import type { AuthContext } from '../../../shared/auth/types.js';
import { NotFoundError } from '../../../shared/http/index.js';
import { assetHistory, productsHeld, RETAINED_MONTHS } from '../domain/aggregate.js';
import { lastMonths } from '../domain/months.js';
import { activityPolicy } from '../policy.js';
import type { SegmentChangeRecord } from '../store/grading-store.js';
import type { ActivityDeps } from './deps.js';

/** How many segment changes a profile shows, newest first. */
export const PROFILE_HISTORY_LIMIT = 100;

/** A month's counters as a tree: `success.byType.deposit.amount.CNY` → `{success:{byType:{deposit:{amount:{CNY}}}}}`. */
export type CounterTree = { [name: string]: number | CounterTree };

export function counterTree(counters: Readonly<Record<string, number>>): CounterTree {
  const root: CounterTree = {};
  for (const [name, value] of Object.entries(counters)) {
    const path = name.split('.');
    let node = root;
    for (const part of path.slice(0, -1)) {
      const child = node[part];
      if (typeof child === 'object') node = child;
      else {
        const created: CounterTree = {};
        node[part] = created;
        node = created;
      }
    }
    const leaf = path.at(-1);
    if (leaf !== undefined) node[leaf] = value;
  }
  return root;
}

/**
 * A customer's profile: the 12 monthly buckets (successful apart from failed, aborted and
 * pending review; by type and by channel), the last successful transaction, AUM now and 3 and
 * 6 months ago, products held, the current segments with the score's explanation, and the
 * segment history. Visible as the customer record is (on the branch and RM mirrored from the
 * customers capability): an RM sees their own book, a supervisor their branch, and a customer
 * outside the caller's scope answers exactly as one that does not exist (404), so no id is
 * revealed. The route has already refused a role that may read no profile at all (403).
 */
export async function customerProfile(deps: ActivityDeps, auth: AuthContext, customerId: string) {
  const now = deps.clock.now();
  const partition = await deps.grading.readCustomer(customerId, now);
  const facts = partition.facts;
  const visible =
    facts !== undefined &&
    activityPolicy.decide(auth, 'customer-profile:read', { branch: facts.branch, rmId: facts.rmId }).allowed;
  if (facts === undefined || !visible) {
    throw new NotFoundError('No customer with this id is visible to you', { code: 'customer-not-found' });
  }
  const { aggregate } = partition;
  const assets = assetHistory(aggregate, now);
  const history: SegmentChangeRecord[] = await deps.grading.segmentHistory(customerId, PROFILE_HISTORY_LIMIT);
  const segments = partition.segments?.state;
  return {
    customerId,
    branch: facts.branch,
    rmId: facts.rmId,
    customerType: facts.customerType,
    onboardedAt: facts.onboardedAt,
    relationship: facts.relationship,
    asOf: now.toISOString(),
    activity: {
      months: lastMonths(now, RETAINED_MONTHS).map((month) => ({
        month,
        counters: counterTree(Object.hasOwn(aggregate.months, month) ? (aggregate.months[month] ?? {}) : {}),
      })),
      lastSuccessfulTransactionAt: aggregate.lastSuccessfulAt ?? null,
      aum: {
        now: assets.current ?? null,
        threeMonthsAgo: assets.threeMonthsAgo ?? null,
        sixMonthsAgo: assets.sixMonthsAgo ?? null,
      },
      productsHeld: productsHeld(aggregate),
    },
    segments:
      segments === undefined
        ? null
        : {
            assetTier: segments.assetTier,
            privateBanking: segments.privateBanking,
            activityTier: segments.activityTier,
            creditGrade: segments.creditGrade,
            complianceStatus: segments.complianceStatus,
            compositeScore: segments.compositeScore,
            compositeGrade: segments.compositeGrade,
            lifecycleStage: segments.lifecycleStage,
            status: segments.status,
            contributions: segments.contributions,
            gradedAt: segments.gradedAt,
            configVersion: segments.configVersion,
          },
    history: history.map(({ dimension, from, to, at }) => ({ dimension, from, to, at })),
  };
}
