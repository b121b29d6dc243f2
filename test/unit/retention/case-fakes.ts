import {
  CHURN_SIGNALS,
  type ChurnFeatures,
  type ChurnScore,
  type ChurnSignal,
  type RiskLevel,
} from '../../../functions/retention/domain/model.js';
import { DEFAULT_RETENTION_SETTINGS } from '../../../functions/retention/domain/settings.js';
import {
  type CaseChange,
  type CaseChangeOutcome,
  type CaseKpi,
  type CaseOpenOutcome,
  type CaseOpenWrite,
  type CaseStore,
  RECENT_OFFERS_KEPT,
  type StoredCase,
} from '../../../functions/retention/service/cases/case-store.js';
import type { CaseDeps } from '../../../functions/retention/service/cases/deps.js';
import type {
  CaseAttempt,
  CaseOpening,
  Rescorer,
  StoredRisk,
} from '../../../functions/retention/service/ports.js';
import type { AuditEntry } from '../../../shared/audit/index.js';
import type { OutboxEvent } from '../../../shared/outbox/index.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { RecordingTaskGateway } from '../../support/complaints-fakes.js';
import { FakeCalendarMirror } from '../complaints/workflow-fakes.js';

/**
 * An in-memory CaseStore with the DynamoDB store's guarantees (the open-case marker, the
 * revision guard, one change = case + attempt + events + counts + audit, or nothing), keeping
 * what it was given for the assertions.
 */
export class InMemoryCaseStore implements CaseStore {
  readonly cases = new Map<string, StoredCase>();
  readonly markers = new Map<string, string>();
  readonly attemptsOf = new Map<string, CaseAttempt[]>();
  readonly attemptKeys = new Map<string, { attempt: CaseAttempt; fingerprint: string }>();
  readonly events: OutboxEvent[] = [];
  readonly kpis: CaseKpi[] = [];
  readonly audit: AuditEntry[] = [];
  readonly offers = new Map<string, { recommendationId: string; at: string }[]>();
  /** Runs once before the next change is written: a concurrent write winning the race. */
  beforeNextChange: (() => void) | undefined;

  async open(write: CaseOpenWrite): Promise<CaseOpenOutcome> {
    const open = this.markers.get(write.case.customerId);
    if (open !== undefined) return { opened: false, openCaseId: open };
    this.markers.set(write.case.customerId, write.case.caseId);
    this.cases.set(write.case.caseId, { case: write.case, revision: 1, prepared: false });
    this.events.push(write.event);
    this.kpis.push(write.kpi);
    return { opened: true };
  }

  async get(caseId: string): Promise<StoredCase | undefined> {
    return this.cases.get(caseId);
  }

  async attempts(caseId: string): Promise<readonly CaseAttempt[]> {
    return this.attemptsOf.get(caseId) ?? [];
  }

  async change(change: CaseChange): Promise<CaseChangeOutcome> {
    const race = this.beforeNextChange;
    this.beforeNextChange = undefined;
    race?.();
    const current = this.cases.get(change.case.caseId);
    if (current === undefined) return 'not-found';
    if (current.revision !== change.from.revision) return 'conflict';
    this.cases.set(change.case.caseId, {
      case: change.case,
      revision: current.revision + 1,
      prepared: change.prepared ?? current.prepared,
      auditHead:
        change.audit === undefined
          ? current.auditHead
          : { seq: (current.auditHead?.seq ?? 0) + 1, hash: `hash-${change.audit.action}` },
    });
    if (change.attempt !== undefined && change.attemptKey !== undefined) {
      this.attemptKeys.set(`${change.case.caseId}#${change.attempt.by}#${change.attemptKey.key}`, {
        attempt: change.attempt,
        fingerprint: change.attemptKey.fingerprint,
      });
    }
    if (change.attempt !== undefined) {
      this.attemptsOf.set(change.case.caseId, [
        ...(this.attemptsOf.get(change.case.caseId) ?? []),
        change.attempt,
      ]);
    }
    if (change.releaseMarker === true && this.markers.get(change.case.customerId) === change.case.caseId) {
      this.markers.delete(change.case.customerId);
    }
    this.events.push(...change.events);
    if (change.kpi !== undefined) this.kpis.push(change.kpi);
    if (change.audit !== undefined) this.audit.push(change.audit);
    return 'written';
  }

  async attemptByKey(caseId: string, by: string, key: string) {
    return this.attemptKeys.get(`${caseId}#${by}#${key}`);
  }

  async openCaseOf(customerId: string): Promise<string | undefined> {
    return this.markers.get(customerId);
  }

  async recentOffers(customerId: string): Promise<readonly string[]> {
    return (this.offers.get(customerId) ?? []).map((offer) => offer.recommendationId);
  }

  async rememberOffer(customerId: string, recommendationId: string, at: string): Promise<void> {
    const offers = this.offers.get(customerId) ?? [];
    if (offers.some((offer) => offer.recommendationId === recommendationId)) return;
    this.offers.set(
      customerId,
      [...offers, { recommendationId, at }]
        .sort((a, b) => b.at.localeCompare(a.at))
        .slice(0, RECENT_OFFERS_KEPT),
    );
  }

  async countOutreachOverdue(now: Date): Promise<number> {
    return [...this.cases.values()].filter(
      ({ case: c }) =>
        (c.status === 'outreach' || c.status === 'escalated') && c.outreachDueAt < now.toISOString(),
    ).length;
  }

  /** The detail types of the events written, in order. */
  eventTypes(): string[] {
    return this.events.map((event) => event.detailType);
  }

  /** The details of the events of one type written, in order. */
  detailsOf(detailType: string): Record<string, unknown>[] {
    return this.events
      .filter((event) => event.detailType === detailType)
      .map((event) => ({ ...event.detail }));
  }

  /** Every count added, summed by counter. */
  counted(): Record<string, number> {
    const sums: Record<string, number> = {};
    for (const { increments } of this.kpis) {
      for (const [counter, value] of Object.entries(increments)) {
        if (value !== undefined && value !== 0) sums[counter] = (sums[counter] ?? 0) + value;
      }
    }
    return sums;
  }
}

/** A score at `level` with the signals `on` (the contributions add up to the score). */
export function scoreOf(level: RiskLevel, on: readonly ChurnSignal[]): ChurnScore {
  const score = level === 'high' ? 0.8 : level === 'medium' ? 0.5 : 0.1;
  const share = on.length === 0 ? 0 : (score - 0.1) / on.length;
  return {
    score,
    level,
    contributions: [
      { signal: 'baseline', value: 1, contribution: on.length === 0 ? score : 0.1 },
      ...CHURN_SIGNALS.map((signal) => ({
        signal,
        value: on.includes(signal) ? (1 as const) : (0 as const),
        contribution: on.includes(signal) ? share : 0,
      })),
    ],
    reasons: [...on],
    valueAtRisk: { amount: 100_000, currency: 'CNY' },
    priority: score * 100_000,
    modelVersion: 1,
    scoredAt: '2026-03-05T02:00:00.000Z',
  };
}

export function featuresOf(customerId: string, overrides: Partial<ChurnFeatures> = {}): ChurnFeatures {
  return {
    customerId,
    relationship: 'active',
    branch: 'BJ01',
    rmId: 'rm-1',
    complaints: { open: [] },
    holdings: {},
    failedChannels: [],
    ...overrides,
  };
}

/** Thursday 2026-03-05 10:00 CST: the outreach is due by the end of Tuesday 2026-03-10 (CST). */
export const ALERT_AT = '2026-03-05T02:00:00.000Z';
export const OUTREACH_DUE_AT = '2026-03-10T15:59:59.999Z';
export const WINDOW_ENDS_AT = '2026-04-04T02:00:00.000Z';

/** An alert for `customerId`, at ALERT_AT unless told. */
export function openingOf(
  customerId: string,
  level: 'medium' | 'high',
  on: readonly ChurnSignal[],
  options: { readonly at?: string; readonly features?: Partial<ChurnFeatures> } = {},
): CaseOpening {
  return {
    customerId,
    branch: 'BJ01',
    rmId: 'rm-1',
    score: scoreOf(level, on),
    features: featuresOf(customerId, options.features),
    at: options.at ?? ALERT_AT,
  };
}

/** The re-score a close asks for: what each customer scores now (absent: erased or unknown). */
export class FakeRescorer implements Rescorer {
  readonly scores = new Map<string, { level: RiskLevel; features: ChurnFeatures }>();
  readonly asked: string[] = [];

  async rescore(customerId: string) {
    this.asked.push(customerId);
    const found = this.scores.get(customerId);
    if (found === undefined) return undefined;
    const risk: StoredRisk = { customerId, branch: found.features.branch, score: scoreOf(found.level, []) };
    return { risk, features: found.features };
  }
}

export interface CaseFixture {
  readonly deps: CaseDeps;
  readonly store: InMemoryCaseStore;
  readonly workflows: RecordingTaskGateway;
  readonly rescorer: FakeRescorer;
  readonly clock: ControlledClock;
}

export function caseFixture(start = new Date(ALERT_AT)): CaseFixture {
  const store = new InMemoryCaseStore();
  const workflows = new RecordingTaskGateway();
  const rescorer = new FakeRescorer();
  const clock = new ControlledClock(start);
  const deps: CaseDeps = {
    store,
    workflows,
    rescorer,
    calendarMirror: new FakeCalendarMirror(),
    settings: DEFAULT_RETENTION_SETTINGS,
    clock,
  };
  return { deps, store, workflows, rescorer, clock };
}
