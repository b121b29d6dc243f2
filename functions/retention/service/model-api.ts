import { appendAuditRecord, canonicalJson } from '../../../shared/audit/index.js';
import type { Actor } from '../../../shared/http/caller.js';
import {
  type IfMatchVersion,
  staleVersion,
  ValidationError,
  versionMatches,
} from '../../../shared/http/index.js';
import type { Clock } from '../../../shared/time/clock.js';
import type { ChurnModel } from '../domain/model.js';
import { type ChurnModelBody, checkChurnModel } from '../domain/model-schema.js';
import { MODEL_AUDIT_SUBJECT } from '../store/keys.js';
import type { ChurnModelStore, StoredChurnModel } from './ports.js';

/**
 * The churn model as configuration (docs/domain-rules.md §20.3): read with its version as ETag,
 * replaced by an admin with If-Match, every change a new immutable version with an audit record
 * naming the sections that changed (never their values), in one transaction. A new model applies
 * at each customer's next scoring (the consumer's reader caches it for at most a minute).
 */

/** A model as an admin edits it: everything but its version. */
export type ChurnModelDocument = ChurnModelBody;

/** The detail of each refusal of a model's invariants (docs/domain-rules.md §20.3). */
const INVARIANT_DETAIL = {
  validation: 'The model is not valid',
  'thresholds-out-of-order': 'The level thresholds must satisfy 0 < medium < high < 1',
  'inactivity-not-a-warning':
    '180 days without a transaction must be a warning in itself: the inactive signal alone must reach the medium level',
} as const;

/** What `GET /v1/churn-risk/model` shows; who and when are absent for the shipped default. */
export interface ChurnModelView {
  /** 1: the shipped default (never saved); each saved change adds one. Also the ETag. */
  readonly version: number;
  readonly model: ChurnModelDocument;
  readonly updatedAt?: string | undefined;
  readonly updatedBy?: string | undefined;
}

const RESOURCE = 'churn model';

/** The audit action of a saved model. */
export const MODEL_UPDATED_ACTION = 'churn-model.updated';

function viewOf(stored: StoredChurnModel | undefined, fallback: ChurnModel): ChurnModelView {
  const { version, ...model } = stored?.model ?? fallback;
  return {
    version,
    model,
    ...(stored === undefined ? {} : { updatedAt: stored.updatedAt, updatedBy: stored.updatedBy }),
  };
}

/**
 * The sections (`intercept`, `weights`, …) whose content differs, in the document's order: the
 * audit record's `fields`. Names only, never values.
 */
export function changedModelSections(before: ChurnModelDocument, after: ChurnModelDocument): string[] {
  const sections = Object.keys(after) as (keyof ChurnModelDocument)[];
  return sections.filter((section) => canonicalJson(before[section]) !== canonicalJson(after[section]));
}

export interface ModelApiDeps {
  readonly models: ChurnModelStore;
  /** The model in force while none was saved (DEFAULT_CHURN_MODEL). */
  readonly defaultModel: ChurnModel;
  readonly clock: Clock;
}

/** The model in force: the last saved version, or the shipped default. */
export async function readModel(
  deps: Pick<ModelApiDeps, 'models' | 'defaultModel'>,
): Promise<ChurnModelView> {
  return viewOf(await deps.models.current(), deps.defaultModel);
}

/**
 * Saves `document` (its shape validated by the route; its invariants here: 422
 * `thresholds-out-of-order`, `inactivity-not-a-warning`, nothing written) as the next version if
 * the current one is `expected` (else 412 `stale-version`, nothing written). A document equal to
 * the model in force writes nothing and answers it.
 */
export async function putModel(
  deps: ModelApiDeps,
  expected: IfMatchVersion,
  document: ChurnModelDocument,
  actor: Actor,
): Promise<ChurnModelView> {
  const checked = checkChurnModel(document);
  if (!checked.ok)
    throw new ValidationError(checked.errors, INVARIANT_DETAIL[checked.code], { code: checked.code });
  const current = await deps.models.current();
  const before = viewOf(current, deps.defaultModel);
  if (!versionMatches(expected, before.version)) throw staleVersion(RESOURCE, expected, before.version);
  const fields = changedModelSections(before.model, checked.model);
  if (fields.length === 0) return before;

  const at = deps.clock.now().toISOString();
  const audit = appendAuditRecord(current?.audit, {
    subject: MODEL_AUDIT_SUBJECT,
    at,
    actor: actor.sub,
    role: actor.role,
    action: MODEL_UPDATED_ACTION,
    fields,
    ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
  });
  const stored: StoredChurnModel = {
    model: { version: expected + 1, ...checked.model },
    updatedAt: at,
    updatedBy: actor.sub,
    audit: { seq: audit.seq, hash: audit.hash },
  };
  const outcome = await deps.models.save({ expectedVersion: expected, stored, audit });
  if (!outcome.ok) {
    const now = await deps.models.current();
    throw staleVersion(RESOURCE, expected, now?.model.version ?? deps.defaultModel.version);
  }
  return viewOf(outcome.stored, deps.defaultModel);
}
