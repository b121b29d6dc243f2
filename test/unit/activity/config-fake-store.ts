import type {
  ConfigSave,
  ConfigSaveOutcome,
  SegmentationConfigStore,
  StoredConfig,
} from '../../../functions/activity/store/config-store.js';
import type { AuditRecord } from '../../../shared/audit/index.js';

/**
 * An in-memory SegmentationConfigStore with the adapter's semantics: a save succeeds only from
 * the expected version and writes pointer, version and audit record together. Counts reads,
 * and can be told to lose the next save to a concurrent writer.
 */
export class InMemoryConfigStore implements SegmentationConfigStore {
  readonly versions = new Map<number, StoredConfig>();
  readonly audit: AuditRecord[] = [];
  pointer: StoredConfig | undefined;
  reads = 0;
  saves = 0;
  /** Makes the next save answer `version-conflict`, as if another admin saved first. */
  loseNextSave = false;
  /** Makes every read fail, as DynamoDB might. */
  failReads = false;

  async current(): Promise<StoredConfig | undefined> {
    this.reads += 1;
    if (this.failReads) throw new Error('read failed');
    return this.pointer;
  }

  async save(save: ConfigSave): Promise<ConfigSaveOutcome> {
    this.saves += 1;
    if (this.loseNextSave || (this.pointer?.version ?? 0) !== save.expectedVersion) {
      this.loseNextSave = false;
      return { ok: false, reason: 'version-conflict' };
    }
    this.versions.set(save.stored.version, save.stored);
    this.audit.push(save.audit);
    this.pointer = save.stored;
    return { ok: true, stored: save.stored };
  }

  /** Everything stored, to compare before and after a refused write. */
  snapshot(): string {
    return JSON.stringify({ pointer: this.pointer, versions: [...this.versions], audit: this.audit });
  }
}
