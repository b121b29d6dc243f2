import type { AuthContext } from '../../../shared/auth/types.js';
import { idOfIdempotencyKey } from '../../../shared/http/caller.js';
import { newId } from '../../../shared/ids.js';
import {
  PRODUCT_RISK_LEVELS,
  type AnnouncedProduct as Product,
  type ProductRiskLevel,
} from '../../products/events.js';
import {
  customerFactsChanged,
  idempotencyKeyReused,
  recommendationUnsuitable,
  seniorConfirmationNotApplicable,
  unknownProduct,
} from '../domain/errors.js';
import type { MakeRecommendationInput } from '../domain/schemas.js';
import type { RecommendationsSettings } from '../domain/settings.js';
import type { SeniorConfirmation } from '../domain/suitability.js';
import { customerInScope } from './access.js';
import type { RecommendationsApiDeps } from './deps.js';
import { evaluate } from './evaluation.js';
import { countExclusions } from './exclusion-counts.js';
import {
  CustomerFactsChangedError,
  type CustomerView,
  ProductChangedError,
  type RecommendationRecord,
} from './ports.js';
import { madeEvents } from './recommendation-events.js';
import { contactRequestIdOf, sendsContact } from './send.js';

/**
 * Recording a recommendation an RM makes (docs/domain-rules.md §19.5): checked by the same
 * suitability module as the list, at the moment it is recorded, whoever asks; refused (422 with
 * every reason, counted as `refused`) when unsuitable; recorded with the rule version, its score
 * and reasons, RecommendationMade and, on a sending channel, the contact request, in one
 * transaction guarded by the customer's facts revision as read, so facts that change between the
 * check and the write (a restriction, a new assessment, a decline) are never bypassed.
 */

/** How many times a recommendation whose customer's facts changed meanwhile is checked again. */
export const MAKE_ATTEMPTS = 3;

export interface MadeRecommendation {
  readonly recommendation: RecommendationRecord;
  /** The answer replays an earlier request with the same Idempotency-Key (nothing written). */
  readonly replayed: boolean;
}

/**
 * §19.3: a confirmation is recorded only where it counts: for a senior customer and a product
 * above the level they may be shown without one. Anywhere else it would be recorded for nothing.
 */
function confirmationApplies(
  customer: CustomerView,
  product: Product,
  settings: RecommendationsSettings,
): boolean {
  const level = (code: ProductRiskLevel) => PRODUCT_RISK_LEVELS.indexOf(code);
  return (
    customer.suitability?.senior === true &&
    level(product.riskLevel) > level(settings.seniorMaxRiskWithoutConfirmation)
  );
}

/**
 * The recommendation a retried request recorded, if any: the same customer, product, channel and
 * confirmation reason, else the key was used for another request (409).
 */
async function replayOf(
  deps: RecommendationsApiDeps,
  recommendationId: string,
  customerId: string,
  input: MakeRecommendationInput,
): Promise<RecommendationRecord | undefined> {
  const recorded = await deps.store.get(recommendationId);
  if (recorded === undefined) return undefined;
  const same =
    recorded.customerId === customerId &&
    recorded.productId === input.productId &&
    recorded.channel === input.channel &&
    recorded.seniorConfirmation?.reason === input.seniorConfirmation?.reason;
  if (!same) throw idempotencyKeyReused();
  return recorded;
}

/**
 * The recommendation to record, from a suitable verdict and its rank (an RM's, or a retention
 * case's offer with its `caseId`).
 */
export function recordOf(
  recommendationId: string,
  customer: CustomerView,
  product: Product,
  input: Pick<MakeRecommendationInput, 'channel'>,
  judged: {
    readonly score: number;
    readonly reasons: RecommendationRecord['reasons'];
    readonly satisfied: RecommendationRecord['satisfied'];
    readonly ruleVersion: string;
  },
  made: {
    readonly by: string;
    readonly at: string;
    readonly confirmation?: SeniorConfirmation | undefined;
    readonly caseId?: string | undefined;
  },
): RecommendationRecord {
  return {
    recommendationId,
    customerId: customer.customerId,
    branch: customer.branch,
    rmId: customer.rmId,
    productId: product.productId,
    productVersion: product.version,
    category: product.category,
    riskLevel: product.riskLevel,
    channel: input.channel,
    score: judged.score,
    reasons: judged.reasons,
    satisfied: judged.satisfied,
    ruleVersion: judged.ruleVersion,
    seniorConfirmation: made.confirmation,
    madeBy: made.by,
    madeAt: made.at,
    caseId: made.caseId,
    contactRequestId: sendsContact(input.channel) ? contactRequestIdOf(recommendationId) : undefined,
  };
}

/**
 * Records the recommendation of `input.productId` to the customer by the caller, now. A product
 * not in the catalogue, or a confirmation that does not apply, is a 422 before suitability; an
 * unsuitable product a 422 `recommendation-unsuitable` with every reason, whatever the caller's
 * role. With an Idempotency-Key, a retry answers what the first request recorded.
 */
export async function makeRecommendation(
  deps: RecommendationsApiDeps,
  auth: AuthContext,
  customerId: string,
  input: MakeRecommendationInput,
  idempotencyKey?: string,
): Promise<MadeRecommendation> {
  const recommendationId =
    idempotencyKey === undefined
      ? newId('rec', deps.clock.now())
      : // The same caller and key: the same id, so a retry finds what the first request recorded.
        idOfIdempotencyKey('rec', auth.sub, idempotencyKey);
  for (let attempt = 0; attempt < MAKE_ATTEMPTS; attempt += 1) {
    const customer = await customerInScope(deps, auth, 'recommendation:make', customerId);
    if (idempotencyKey !== undefined) {
      const replay = await replayOf(deps, recommendationId, customerId, input);
      if (replay !== undefined) return { recommendation: replay, replayed: true };
    }
    // The product itself by key (a consistent read), the catalogue for the ranking only: the
    // write is guarded by the version judged here.
    const [product, catalogue] = await Promise.all([
      deps.store.product(input.productId),
      deps.store.catalogue(),
    ]);
    if (product === undefined) throw unknownProduct();
    if (input.seniorConfirmation !== undefined && !confirmationApplies(customer, product, deps.settings)) {
      throw seniorConfirmationNotApplicable();
    }
    const now = deps.clock.now();
    const at = now.toISOString();
    const confirmation =
      input.seniorConfirmation === undefined
        ? undefined
        : { confirmedBy: auth.sub, confirmedAt: at, reason: input.seniorConfirmation.reason };
    const { suitable, excluded } = evaluate(customer, [product], {
      catalogue,
      now: at,
      settings: deps.settings,
      confirmation,
    });
    const chosen = suitable[0];
    if (chosen === undefined) {
      const reasons = excluded[0]?.verdict.reasons ?? [];
      await countExclusions(deps, now, customer.branch, 'refused', [reasons]);
      throw recommendationUnsuitable(reasons);
    }
    const recommendation = recordOf(
      recommendationId,
      customer,
      product,
      input,
      {
        score: chosen.score,
        reasons: chosen.reasons,
        satisfied: chosen.verdict.satisfied,
        ruleVersion: chosen.verdict.ruleVersion,
      },
      { by: auth.sub, at, confirmation },
    );
    try {
      await deps.store.record(
        recommendation,
        { customerRevision: customer.revision },
        madeEvents(recommendation, product, now),
      );
    } catch (error) {
      // The facts or the product moved between the read and the write: read and check again.
      if (error instanceof CustomerFactsChangedError || error instanceof ProductChangedError) continue;
      throw error;
    }
    if (idempotencyKey === undefined) return { recommendation, replayed: false };
    // An id already recorded writes nothing: a concurrent retry with the same key may have
    // recorded first, and then its recommendation is the answer.
    const recorded = await replayOf(deps, recommendationId, customerId, input);
    if (recorded === undefined || recorded.madeAt === recommendation.madeAt) {
      return { recommendation, replayed: false };
    }
    return { recommendation: recorded, replayed: true };
  }
  throw customerFactsChanged();
}
