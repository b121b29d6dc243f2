import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { retentionApi } from '../../functions/retention/api/route-handlers.js';
import { DEFAULT_CHURN_MODEL } from '../../functions/retention/domain/default-model.js';
import type { EarlyCloseReason } from '../../functions/retention/domain/model.js';
import {
  CHURN_SIGNALS,
  type ChurnFeatures,
  type ChurnScore,
  type ChurnSignal,
  type RiskLevel,
} from '../../functions/retention/domain/model.js';
import {
  DEFAULT_RETENTION_SETTINGS,
  type RetentionSettings,
} from '../../functions/retention/domain/settings.js';
import { retentionPolicy } from '../../functions/retention/policy.js';
import type { RetentionApiDeps } from '../../functions/retention/service/api-deps.js';
import { caseActions } from '../../functions/retention/service/cases/actions.js';
import type { CaseDeps } from '../../functions/retention/service/cases/deps.js';
import type { ScoringDeps } from '../../functions/retention/service/deps.js';
import type {
  AttemptInput,
  CaseActions,
  CaseActor,
  CaseAttempt,
  ChurnModelSave,
  ChurnModelStore,
  KpiBucket,
  LevelCounts,
  ListScope,
  Page,
  RetentionCase,
  RetentionReader,
  RiskHistoryEntry,
  StoredChurnModel,
  StoredFeatures,
  StoredRisk,
} from '../../functions/retention/service/ports.js';
import { rescorer } from '../../functions/retention/service/rescore.js';
import { DynamoCaseStore } from '../../functions/retention/store/dynamo-case-store.js';
import { DynamoRetentionReader } from '../../functions/retention/store/dynamo-retention-reader.js';
import { priorityListKey } from '../../functions/retention/store/keys.js';
import type { AuditSigner } from '../../shared/audit/index.js';
import { createHttpApi } from '../../shared/http/index.js';
import { type Clock, ControlledClock } from '../../shared/time/clock.js';
import { DynamoCalendarMirror } from '../../shared/time/dynamo-calendar-mirror.js';
import type { TaskTokenGateway } from '../../shared/workflows/task-gateway.js';
import { type RouteCall, routeCaller } from './route-caller.js';

/**
 * The retention API over `deps`, called in process as API Gateway calls the deployed function
 * (claims, path, body): the routes, the policy's role check, the request validation and the
 * problems exactly as deployed. Give it the DynamoDB reader and stores (integration, e2e) or the
 * in-memory ones below (unit).
 * @example const call = retentionApiCaller(deps); const risk = await call(RM, 'GET', '/v1/customers/cus-1/churn-risk');
 */
export function retentionApiCaller(deps: RetentionApiDeps): RouteCall {
  return routeCaller(createHttpApi(retentionApi(deps), { policy: retentionPolicy }));
}

/**
 * The API's deps on real tables, as the deployed function builds them (setup-api.ts) but with the
 * test's clock, signer, scoring side and workflow gateway: the DynamoDB reader, the model's
 * audited store, the case service's actions (their rescore the scoring side's). Returns the case
 * deps too, so a test can open a case through the same service.
 * @example const { deps, cases } = dynamoRetentionApiDeps({ db, table, auditTable, clock, signer, scoring, modelStore, workflows });
 */
export function dynamoRetentionApiDeps(options: {
  readonly db: DynamoDBDocumentClient;
  readonly table: string;
  readonly auditTable: string;
  readonly clock: Clock;
  readonly signer: AuditSigner;
  readonly scoring: ScoringDeps;
  readonly modelStore: ChurnModelStore;
  readonly workflows: TaskTokenGateway;
  readonly settings?: RetentionSettings;
}): { readonly deps: RetentionApiDeps; readonly cases: CaseDeps } {
  const { db, table, auditTable, clock, signer } = options;
  const settings = options.settings ?? DEFAULT_RETENTION_SETTINGS;
  const cases: CaseDeps = {
    store: new DynamoCaseStore(db, { retention: table, audit: auditTable }, clock, signer),
    workflows: options.workflows,
    rescorer: rescorer(options.scoring),
    calendarMirror: new DynamoCalendarMirror(db, table, clock),
    settings,
    clock,
  };
  const deps: RetentionApiDeps = {
    reader: new DynamoRetentionReader(db, table),
    models: options.modelStore,
    cases: caseActions(cases),
    clock,
    settings,
    defaultModel: DEFAULT_CHURN_MODEL,
  };
  return { deps, cases };
}

/** Friday 2026-12-04 10:00 in Shanghai. */
export const RETENTION_NOW = new Date('2026-12-04T02:00:00.000Z');

/** Features of a registered customer at `branch` in `rmId`'s book. */
export function testFeatures(customerId: string, branch: string, rmId?: string): ChurnFeatures {
  return {
    customerId,
    registeredAt: '2025-01-02T02:00:00.000Z',
    relationship: 'active',
    branch,
    ...(rmId === undefined ? {} : { rmId }),
    complaints: { open: [] },
    holdings: {},
    failedChannels: [],
  };
}

/**
 * A score as the scorer writes it: the baseline and every signal, the `on` ones sharing what is
 * above the baseline, adding up to `score`.
 */
export function testScore(
  score: number,
  level: RiskLevel,
  on: readonly ChurnSignal[],
  amount = 1_000_000,
): ChurnScore {
  const baseline = 0.047;
  const share = on.length === 0 ? 0 : Math.round(((score - baseline) / on.length) * 1000) / 1000;
  const rest = Math.round((score - baseline - share * on.length) * 1000) / 1000;
  return {
    score,
    level,
    contributions: [
      { signal: 'baseline', value: 1, contribution: on.length === 0 ? score : baseline },
      ...CHURN_SIGNALS.map((signal) => {
        const index = on.indexOf(signal);
        return {
          signal,
          value: index < 0 ? (0 as const) : (1 as const),
          contribution: index < 0 ? 0 : Math.round((share + (index === 0 ? rest : 0)) * 1000) / 1000,
        };
      }),
    ],
    reasons: [...on],
    valueAtRisk: { amount, currency: 'CNY' },
    priority: Math.round(score * amount),
    modelVersion: 1,
    scoredAt: '2026-12-03T16:15:00.000Z',
  };
}

/** Offset cursors for the in-memory pages, tied to the partition they page through. */
function pageOfList<T>(
  items: readonly T[],
  partition: string,
  limit: number,
  cursor: string | undefined,
): Page<T> {
  let start = 0;
  if (cursor !== undefined) {
    const [owner, offset] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
    if (owner !== partition || offset === undefined || !/^\d+$/.test(offset)) {
      throw new Error('The in-memory reader got a cursor of another list');
    }
    start = Number(offset);
  }
  const end = start + limit;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { cursor: Buffer.from(`${partition}|${end}`).toString('base64url') } : {}),
  };
}

const scopeKey = (scope: ListScope) => (scope.kind === 'branch' ? `b:${scope.branch}` : `r:${scope.rmId}`);
const inScope = (scope: ListScope, record: { branch: string; rmId?: string | undefined }) =>
  scope.kind === 'branch' ? record.branch === scope.branch : record.rmId === scope.rmId;

/**
 * An in-memory RetentionReader with the key layout's order: the worklist by priority (as
 * priorityListKey sorts it), cases oldest opened first, history newest first. Fill it with `put…`.
 */
export class InMemoryRetentionReader implements RetentionReader {
  readonly featuresById = new Map<string, StoredFeatures>();
  readonly risks = new Map<string, StoredRisk>();
  readonly histories = new Map<string, RiskHistoryEntry[]>();
  readonly counts = new Map<string, LevelCounts>();
  readonly cases = new Map<string, RetentionCase>();
  buckets: KpiBucket[] = [];
  /** Every read, to show that a refused request read nothing it should not. */
  reads = 0;

  putCustomer(features: ChurnFeatures, score?: ChurnScore, openCaseId?: string): void {
    this.featuresById.set(features.customerId, { features, revision: 1, erased: false });
    if (score !== undefined) {
      this.risks.set(features.customerId, {
        customerId: features.customerId,
        branch: features.branch,
        rmId: features.rmId,
        score,
        ...(openCaseId === undefined ? {} : { openCaseId }),
      });
    }
  }

  async features(customerId: string) {
    this.reads += 1;
    return this.featuresById.get(customerId);
  }

  async risk(customerId: string) {
    this.reads += 1;
    return this.risks.get(customerId);
  }

  async history(customerId: string, limit: number) {
    this.reads += 1;
    return (this.histories.get(customerId) ?? []).slice(0, limit);
  }

  async riskPage(scope: ListScope, level: RiskLevel, limit: number, cursor: string | undefined) {
    this.reads += 1;
    const matching = [...this.risks.values()]
      .filter((risk) => risk.score.level === level && inScope(scope, risk))
      .sort((a, b) =>
        priorityListKey(a.score.priority, a.customerId) < priorityListKey(b.score.priority, b.customerId)
          ? -1
          : 1,
      );
    return pageOfList(matching, `${scopeKey(scope)}#${level}`, limit, cursor);
  }

  async levelCounts(branch: string | undefined) {
    this.reads += 1;
    return [...this.counts.values()]
      .filter((counts) => branch === undefined || counts.branch === branch)
      .sort((a, b) => (a.branch < b.branch ? -1 : 1));
  }

  async casePage(
    scope: ListScope,
    status: RetentionCase['status'],
    limit: number,
    cursor: string | undefined,
  ) {
    this.reads += 1;
    const matching = [...this.cases.values()]
      .filter((stored) => stored.status === status && inScope(scope, stored))
      .sort((a, b) => (`${a.openedAt}#${a.caseId}` < `${b.openedAt}#${b.caseId}` ? -1 : 1));
    return pageOfList(matching, `${scopeKey(scope)}#${status}`, limit, cursor);
  }

  async kpiBuckets(from: string, to: string, branch: string | undefined) {
    this.reads += 1;
    return this.buckets.filter(
      (bucket) =>
        bucket.day >= from && bucket.day <= to && (branch === undefined || bucket.branch === branch),
    );
  }
}

/** An in-memory ChurnModelStore with the port's version guard. */
export class InMemoryModelStore implements ChurnModelStore {
  stored: StoredChurnModel | undefined;
  readonly saves: ChurnModelSave[] = [];

  async current() {
    return this.stored;
  }

  async save(save: ChurnModelSave) {
    const version = this.stored?.model.version ?? 1;
    if (version !== save.expectedVersion) return { ok: false as const, reason: 'version-conflict' as const };
    this.saves.push(save);
    this.stored = save.stored;
    return { ok: true as const, stored: save.stored };
  }
}

/**
 * CaseActions recording what the API asked of it, answering with the stored case (its version
 * moved) or throwing `refuse`'s error: the API's side of the contract only; the case service's
 * own rules are tested with the case service.
 */
export class RecordingCaseActions implements CaseActions {
  readonly cases = new Map<string, { case: RetentionCase; attempts: CaseAttempt[] }>();
  readonly calls: {
    kind: 'attempt' | 'close-early';
    caseId: string;
    expectedVersion?: number | undefined;
    idempotencyKey?: string | undefined;
    input: AttemptInput | EarlyCloseReason;
    actor: CaseActor;
  }[] = [];
  /** The error the next action throws, once. */
  refuse: Error | undefined;
  replay = false;

  constructor(private readonly clock: { now(): Date } = new ControlledClock(RETENTION_NOW)) {}

  put(stored: RetentionCase): void {
    this.cases.set(stored.caseId, { case: stored, attempts: [] });
  }

  async get(caseId: string) {
    return this.cases.get(caseId);
  }

  #refusal(): void {
    const error = this.refuse;
    this.refuse = undefined;
    if (error !== undefined) throw error;
  }

  async recordAttempt(
    caseId: string,
    input: AttemptInput,
    actor: CaseActor,
    expectedVersion?: number,
    idempotencyKey?: string,
  ) {
    this.#refusal();
    const entry = this.cases.get(caseId);
    if (entry === undefined) throw new Error('no such case in the fake');
    this.calls.push({ kind: 'attempt', caseId, expectedVersion, idempotencyKey, input, actor });
    const attempt: CaseAttempt = {
      attempt: entry.attempts.length + 1,
      ...input,
      by: actor.sub,
      at: this.clock.now().toISOString(),
    };
    entry.attempts.push(attempt);
    entry.case = { ...entry.case, attempts: entry.attempts.length, version: entry.case.version + 1 };
    return { case: entry.case, attempt, replayed: this.replay };
  }

  async closeEarly(caseId: string, reason: EarlyCloseReason, actor: CaseActor, expectedVersion?: number) {
    this.#refusal();
    const entry = this.cases.get(caseId);
    if (entry === undefined) throw new Error('no such case in the fake');
    this.calls.push({ kind: 'close-early', caseId, expectedVersion, input: reason, actor });
    const { waiting: _waiting, ...open } = entry.case;
    entry.case = {
      ...open,
      status: 'closed',
      outcome: 'retained',
      earlyReason: reason,
      closedAt: this.clock.now().toISOString(),
      closedBy: actor.sub,
      version: entry.case.version + 1,
    };
    return entry.case;
  }
}

/** A case open in `outreach` for `customerId`, waiting on its outreach token. */
export function testCase(
  caseId: string,
  customerId: string,
  branch: string,
  rmId: string,
  openedAt: string,
): RetentionCase {
  return {
    caseId,
    customerId,
    branch,
    rmId,
    assignedTo: 'rm',
    level: 'high',
    strategy: 'care-contact',
    reasons: ['inactive'],
    score: 0.731,
    status: 'outreach',
    openedAt,
    outreachDueAt: '2026-12-09T15:59:59.999Z',
    windowEndsAt: '2027-01-03T02:00:00.000Z',
    attempts: 0,
    wasInactive: true,
    waiting: { step: 'outreach', taskToken: 'TOKEN-SECRET-outreach' },
    version: 1,
  };
}

/** In-memory deps of the API and the fakes behind them. */
export function retentionApiFixture(settings: Partial<RetentionSettings> = {}) {
  const clock = new ControlledClock(RETENTION_NOW);
  const reader = new InMemoryRetentionReader();
  const models = new InMemoryModelStore();
  const cases = new RecordingCaseActions(clock);
  const deps: RetentionApiDeps = {
    reader,
    models,
    cases,
    clock,
    settings: { ...DEFAULT_RETENTION_SETTINGS, ...settings },
    defaultModel: DEFAULT_CHURN_MODEL,
  };
  return { deps, reader, models, cases, clock, call: retentionApiCaller(deps) };
}
