/**
 * Why a suitable product is ranked where it is (docs/domain-rules.md §19.4): the codes the RM
 * sees with each recommendation and RecommendationMade carries. C1 codes, never values.
 * - `holds-category`: the customer holds a product of the same category;
 * - `matured-in-category`: a holding of the same category matured recently (reinvestment);
 * - `segment-affinity`: the category suits the customer's asset tier and composite grade;
 * - `lifecycle-affinity`: the category suits the customer's lifecycle stage;
 * - `objective-match`: the category suits the investment objective stated in the assessment;
 * - `declined-before`: the customer declined or was not interested in this category before
 *   (outside the exclusion window): ranked lower.
 */
export const AFFINITY_REASONS = [
  'holds-category',
  'matured-in-category',
  'segment-affinity',
  'lifecycle-affinity',
  'objective-match',
  'declined-before',
] as const;
export type AffinityReason = (typeof AFFINITY_REASONS)[number];
