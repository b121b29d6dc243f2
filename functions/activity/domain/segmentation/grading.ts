/**
 * Segmentation and grading (docs/domain-rules.md §14): pure functions, no I/O. This module is
 * the capability's entry point to them; each rule lives in a module of its own.
 */
export {
  type CompositeInputs,
  type CompositeScore,
  compositeGrade,
  compositeScore,
  SCORE_DIMENSIONS,
  type ScoreContribution,
  type ScoreDimension,
} from './composite.js';
export { DAY_MS, wholeDaysBetween } from './days.js';
export {
  customerStatus,
  isDeclining,
  type LifecycleFacts,
  lifecycleStage,
  type StatusFacts,
} from './lifecycle.js';
export {
  diffSegments,
  SEGMENT_DIMENSIONS,
  type SegmentChange,
  type SegmentDimension,
  type SegmentFacts,
  type SegmentResult,
  type Segments,
  segment,
} from './segments.js';
export { activityTier, assetTier, countsAsActivity, privateBanking } from './tiers.js';
