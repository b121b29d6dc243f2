import { randomBytes } from 'node:crypto';
import { surveyApi } from '../../functions/engagement/api/survey-handlers.js';
import type {
  ContactDecision,
  ContactRequest,
  CustomerFacts,
} from '../../functions/engagement/domain/model.js';
import {
  DEFAULT_ENGAGEMENT_SETTINGS,
  type EngagementSettings,
} from '../../functions/engagement/domain/settings.js';
import { SURVEY_TOKEN_LABEL, type Survey } from '../../functions/engagement/domain/survey.js';
import type { ContactRequester } from '../../functions/engagement/service/ports.js';
import type { SurveyDeps } from '../../functions/engagement/service/surveys.js';
import type { CustomerKeys } from '../../functions/engagement/store/customer-keys.js';
import type {
  SurveyAnswerOutcome,
  SurveyAnswerWrite,
  SurveyCandidate,
  SurveyStore,
} from '../../functions/engagement/store/survey-store.js';
import { LocalMacSigner } from '../../shared/crypto/mac-signer.js';
import { FieldSealer } from '../../shared/crypto/record-cipher.js';
import type { CrmEvent } from '../../shared/events/define.js';
import type { SegmentPage } from '../../shared/passes/segment.js';
import { ControlledClock } from '../../shared/time/clock.js';
import { engagementApi, routesArea } from './engagement-api.js';
import type { TestResponse } from './route-caller.js';

/** The surveys of one test, in memory, with the same rules as the DynamoDB store. */
export class InMemorySurveyStore implements SurveyStore {
  readonly surveys = new Map<string, Survey>();
  readonly texts = new Map<string, string>();
  readonly events: CrmEvent[] = [];
  readonly kpis: SurveyAnswerWrite['kpis'][] = [];
  readonly facts: SurveyCandidate[] = [];

  async create(survey: Survey) {
    const stored = this.surveys.get(survey.surveyId);
    if (stored !== undefined) return { created: false, survey: stored };
    this.surveys.set(survey.surveyId, survey);
    return { created: true, survey };
  }

  async get(surveyId: string) {
    return this.surveys.get(surveyId);
  }

  async markSent(surveyId: string, contactId: string, event: CrmEvent) {
    const survey = this.surveys.get(surveyId);
    if (survey?.status !== 'pending') return false;
    this.surveys.set(surveyId, { ...survey, status: 'sent', contactId });
    this.events.push(event);
    return true;
  }

  async markNotSent(surveyId: string, contactId: string, rule: string) {
    const survey = this.surveys.get(surveyId);
    if (survey?.status !== 'pending') return false;
    this.surveys.set(surveyId, { ...survey, status: 'not-sent', contactId, rule });
    return true;
  }

  async answer(write: SurveyAnswerWrite): Promise<SurveyAnswerOutcome> {
    const current = this.surveys.get(write.survey.surveyId);
    if (current === undefined) return 'not-found';
    if (current.status === 'answered') return 'already-answered';
    if (current.status === 'expired' || current.expiresAt <= write.answeredAt) return 'expired';
    this.surveys.set(current.surveyId, {
      ...current,
      status: 'answered',
      answeredAt: write.answeredAt,
      scores: write.scores,
    });
    if (write.sealedText !== undefined) this.texts.set(current.surveyId, write.sealedText);
    this.events.push(write.event);
    this.kpis.push(write.kpis);
    return 'answered';
  }

  async sealedText(surveyId: string) {
    return this.texts.get(surveyId);
  }

  async dueExpiries(now: string, limit: number) {
    return [...this.surveys.values()]
      .filter((survey) => survey.status === 'sent' && survey.expiresAt <= now)
      .slice(0, limit)
      .map((survey) => survey.surveyId);
  }

  async expire(surveyId: string) {
    const survey = this.surveys.get(surveyId);
    if (survey?.status !== 'sent') return false;
    this.surveys.set(surveyId, { ...survey, status: 'expired' });
    return true;
  }

  /** The facts cut into segments by their place (modulo the segment count), paged by an index cursor. */
  async candidatesPage(
    segment: { readonly segment: number; readonly totalSegments: number },
    cursor: string | undefined,
    limit: number,
  ): Promise<SegmentPage<SurveyCandidate>> {
    const mine = this.facts.filter((_, n) => n % segment.totalSegments === segment.segment);
    const start = cursor === undefined ? 0 : Number(cursor);
    const keys = mine.slice(start, start + limit);
    return start + limit < mine.length ? { keys, cursor: String(start + limit) } : { keys };
  }
}

/** The contact path as surveys see it: records each request and answers `decide(request)`. */
export class FakeContactRequester implements ContactRequester {
  readonly requests: ContactRequest[] = [];
  decide: (request: ContactRequest) => ContactDecision = () => ({
    outcome: 'sent',
    rule: 'allowed',
    channel: 'sms',
  });

  async request(request: ContactRequest) {
    this.requests.push(request);
    const first = this.requests.findIndex((seen) => seen.requestId === request.requestId);
    return { contactId: `con_${String(first + 1).padStart(4, '0')}`, decision: this.decide(request) };
  }
}

/** One data key per customer, in memory; `shred` forgets it. */
export class InMemoryCustomerKeys implements CustomerKeys {
  readonly keys = new Map<string, FieldSealer>();
  async sealerFor(customerId: string) {
    let sealer = this.keys.get(customerId);
    if (sealer === undefined) {
      sealer = new FieldSealer(randomBytes(32));
      this.keys.set(customerId, sealer);
    }
    return sealer;
  }
  async existingSealerFor(customerId: string) {
    return this.keys.get(customerId);
  }
  async shred(customerId: string) {
    this.keys.delete(customerId);
  }
}

export interface SurveyFixture {
  readonly deps: SurveyDeps;
  readonly store: InMemorySurveyStore;
  readonly contacts: FakeContactRequester;
  readonly keys: InMemoryCustomerKeys;
  readonly clock: ControlledClock;
  readonly facts: Map<string, CustomerFacts>;
}

export const SURVEY_NOW = new Date('2026-03-02T02:00:00.000Z');

/** Survey use cases over fakes: a clock at {@link SURVEY_NOW}, a random token key. */
export function surveyFixture(settings: Partial<EngagementSettings> = {}): SurveyFixture {
  const store = new InMemorySurveyStore();
  const contacts = new FakeContactRequester();
  const keys = new InMemoryCustomerKeys();
  const clock = new ControlledClock(SURVEY_NOW);
  const facts = new Map<string, CustomerFacts>();
  const tokens = new LocalMacSigner(randomBytes(32), SURVEY_TOKEN_LABEL);
  const deps: SurveyDeps = {
    store,
    contacts,
    facts: { factsOf: async (customerId) => facts.get(customerId) },
    keys: () => keys,
    tokens: () => tokens,
    settings: { ...DEFAULT_ENGAGEMENT_SETTINGS, ...settings },
    clock,
  };
  return { deps, store, contacts, keys, clock, facts };
}

/** The public survey routes as deployed, called as API Gateway calls them: no claims. */
export function publicSurveyApi(deps: SurveyDeps) {
  const call = engagementApi([routesArea(() => surveyApi(deps))]);
  return (method: 'GET' | 'POST', path: string, body?: unknown): Promise<TestResponse> =>
    call(undefined, method, path, body === undefined ? {} : { body });
}

/** The token at the end of a survey link. */
export function tokenOf(link: string): string {
  return link.slice(link.lastIndexOf('/') + 1);
}
