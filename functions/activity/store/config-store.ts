import type { AuditHead, AuditRecord } from '../../../shared/audit/index.js';
import type { SegmentationConfig } from '../domain/segmentation/config.js';

/** One saved version of the segmentation configuration. */
export interface StoredConfig {
  /** 1, 2, …; version 0 (nothing stored) means DEFAULT_SEGMENTATION_CONFIG. */
  readonly version: number;
  readonly config: SegmentationConfig;
  /** ISO 8601 UTC. */
  readonly updatedAt: string;
  /** The admin's subject (`sub`): an opaque id, no personal information. */
  readonly updatedBy: string;
  /** The last link of the configuration's audit chain (its `seq` equals `version`). */
  readonly audit: AuditHead;
}

/**
 * One save: the new version, the pointer moved to it and its audit record, all or nothing.
 * `stored.version` is `expectedVersion + 1` and `audit` chains onto the current head.
 */
export interface ConfigSave {
  readonly expectedVersion: number;
  readonly stored: StoredConfig;
  readonly audit: AuditRecord;
}

export type ConfigSaveOutcome =
  | { readonly ok: true; readonly stored: StoredConfig }
  | { readonly ok: false; readonly reason: 'version-conflict' };

/** Persistence port of the segmentation configuration (versioned, audited). */
export interface SegmentationConfigStore {
  /** The current version, read strongly consistent; undefined when none was ever saved. */
  current(): Promise<StoredConfig | undefined>;
  /**
   * Saves a new version if the current one is still `expectedVersion`; otherwise writes
   * nothing and answers `version-conflict`. Of concurrent saves from one version, one wins.
   */
  save(save: ConfigSave): Promise<ConfigSaveOutcome>;
}
