import type { SettingSpec } from '../../../shared/capability/types.js';

/**
 * What a bank configures about suitability and recommendations (docs/domain-rules.md §19).
 * (Skeleton: the suitability engineer declares the settings, their readers and defaults.)
 */
export function recommendationsSettingSpecs(_functions: readonly string[]): SettingSpec[] {
  return [];
}
