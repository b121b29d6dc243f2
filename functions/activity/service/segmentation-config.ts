import { appendAuditRecord, canonicalJson } from '../../../shared/audit/index.js';
import {
  type CachedReadOptions,
  CONFIG_CACHE_TTL_MS,
  cachedRead,
} from '../../../shared/config/cached-read.js';
// By module, not through shared/http/index.js: the grader imports this file and needs no router.
import { type IfMatchVersion, staleVersion, versionMatches } from '../../../shared/http/headers.js';
import { parseWith } from '../../../shared/http/validation.js';
import type { Clock } from '../../../shared/time/clock.js';
import {
  DEFAULT_SEGMENTATION_CONFIG,
  type SegmentationConfig,
  segmentationConfigSchema,
} from '../domain/segmentation/config.js';
import type { SegmentationConfigStore, StoredConfig } from '../store/config-store.js';
import { SEGMENTATION_CONFIG_AUDIT_SUBJECT } from '../store/keys.js';

/** The configuration in force and the version that names it (0: the defaults, never saved). */
export interface ActiveConfig {
  readonly version: number;
  readonly config: SegmentationConfig;
}

/** What `GET /v1/config/segmentation` shows; who and when are absent for the defaults. */
export interface ConfigView extends ActiveConfig {
  readonly updatedAt?: string;
  readonly updatedBy?: string;
}

/** Who is changing the configuration, for the audit trail. */
export interface ConfigActor {
  readonly sub: string;
  readonly role: string;
  readonly requestId?: string | undefined;
}

function viewOf(stored: StoredConfig | undefined): ConfigView {
  if (stored === undefined) return { version: 0, config: DEFAULT_SEGMENTATION_CONFIG };
  return {
    version: stored.version,
    config: stored.config,
    updatedAt: stored.updatedAt,
    updatedBy: stored.updatedBy,
  };
}

/**
 * The top-level sections (`assets`, `composite`, …) whose content differs, in the schema's
 * order: the audit record's `fields`. Names only, never values.
 * @example changedSections(DEFAULT_SEGMENTATION_CONFIG, { ...DEFAULT_SEGMENTATION_CONFIG, currency: 'HKD' }) // ['currency']
 */
export function changedSections(before: SegmentationConfig, after: SegmentationConfig): string[] {
  const sections = Object.keys(after) as (keyof SegmentationConfig)[];
  return sections.filter((section) => canonicalJson(before[section]) !== canonicalJson(after[section]));
}

const RESOURCE = 'segmentation configuration';

/**
 * The current segmentation configuration: the last saved version, or the defaults as version 0.
 * @example const { version, config } = await getConfig(store);
 */
export async function getConfig(store: SegmentationConfigStore): Promise<ConfigView> {
  return viewOf(await store.current());
}

export interface PutConfigOptions {
  /**
   * The `version` of the document the client read and sends back (`GET` answers it), when it
   * does. A second precondition beside If-Match: an ETag and a document from two different reads
   * must not overwrite a version the edit never saw.
   */
  readonly basedOn?: number | undefined;
}

/**
 * Saves `config` as the next version if the current one is `expectedVersion` (and `basedOn`,
 * when given), else 412 `stale-version` with nothing written, with an audit record naming the
 * sections that changed, in one transaction. The config is validated again here (422, nothing
 * written), whoever the caller. A configuration equal to the current one writes nothing and
 * answers the current version.
 * @example await putConfig(store, 3, nextConfig, { sub: 'admin-1', role: 'admin' }, clock); // version 4
 */
export async function putConfig(
  store: SegmentationConfigStore,
  expectedVersion: IfMatchVersion,
  config: SegmentationConfig,
  actor: ConfigActor,
  clock: Clock,
  options: PutConfigOptions = {},
): Promise<ConfigView> {
  const valid = parseWith(segmentationConfigSchema, config, 'body');
  const current = await store.current();
  const before = viewOf(current);
  if (
    !versionMatches(expectedVersion, before.version) ||
    (options.basedOn !== undefined && options.basedOn !== before.version)
  ) {
    throw staleVersion(RESOURCE, expectedVersion, before.version);
  }
  const fields = changedSections(before.config, valid);
  if (fields.length === 0) return before;

  const at = clock.now().toISOString();
  const audit = appendAuditRecord(current?.audit, {
    subject: SEGMENTATION_CONFIG_AUDIT_SUBJECT,
    at,
    actor: actor.sub,
    role: actor.role,
    action: 'config.updated',
    fields,
    ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
  });
  const stored: StoredConfig = {
    version: expectedVersion + 1,
    config: valid,
    updatedAt: at,
    updatedBy: actor.sub,
    audit: { seq: audit.seq, hash: audit.hash },
  };
  const outcome = await store.save({ expectedVersion, stored, audit });
  if (!outcome.ok) {
    const now = await store.current();
    throw staleVersion(RESOURCE, expectedVersion, now?.version ?? 0);
  }
  return viewOf(outcome.stored);
}

/** Where the grader gets the configuration for each grading. */
export interface ConfigSource {
  current(): Promise<ActiveConfig>;
}

export type ConfigSourceOptions = CachedReadOptions;

/** Default lifetime of a cached configuration: a saved change reaches every grader within it. */
export { CONFIG_CACHE_TTL_MS };

/**
 * The configuration for the grader, cached per Lambda container for `ttlMs` (one minute by
 * default) as every versioned configuration is read (shared/config/cached-read.ts): a saved
 * change applies to the next grading that starts after the cache expires.
 * @example const source = cachedConfigSource(store, { clock }); const { config } = await source.current();
 */
export function cachedConfigSource(
  store: SegmentationConfigStore,
  options: ConfigSourceOptions,
): ConfigSource {
  const current = cachedRead(async (): Promise<ActiveConfig> => {
    const { version, config } = await getConfig(store);
    return { version, config };
  }, options);
  return { current };
}
