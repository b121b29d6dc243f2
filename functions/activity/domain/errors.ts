/**
 * The activity capability's own errors. (An inbound event that can never be applied is an
 * UnprocessableEventError with a code of the shared dead-letter vocabulary: shared/messaging.)
 */

/**
 * The stored items of the segmentation configuration disagree with each other (a version item
 * or audit record exists beyond the pointer, or a version does not parse). Never expected; a
 * 500 and an alarm, not something a client can fix.
 */
export class ConfigStoreInconsistentError extends Error {
  override readonly name = 'ConfigStoreInconsistentError';
  readonly code = 'CONFIG_STORE_INCONSISTENT';
}
