import {
  type DeclaredSetting,
  parseCodeList,
  parseTimeOfDay,
  parseTimeZone,
  readSetting,
  settingSpecsOf,
  wholeNumberReader,
} from '../../../shared/capability/setting-readers.js';
import type { SettingSpec } from '../../../shared/capability/types.js';
import type { Env } from '../../../shared/runtime/runtime.js';
import { DELIVERY_CHANNELS } from '../events.js';
import type { DeliveryChannel } from './model.js';

/**
 * What a bank configures about contacting its customers, surveys and return visits
 * (docs/domain-rules.md §18). Parsed once per cold start; a malformed value fails the synthesis
 * and the cold start with a message naming the setting, never the value.
 */
export interface EngagementSettings {
  /** Quiet hours start, minutes after local midnight (21:00 → 1260). */
  readonly quietHoursStart: number;
  /** Quiet hours end, minutes after local midnight (08:00 → 480); the end itself is allowed. */
  readonly quietHoursEnd: number;
  /** The zone quiet hours count in for a customer without one (Asia/Shanghai). */
  readonly defaultTimeZone: string;
  /** Marketing contacts allowed per customer in the rolling window (2). */
  readonly marketingCap: number;
  /** The rolling window of the marketing cap, in days (7). */
  readonly marketingCapDays: number;
  /** The order channels are tried in after the preferred one. */
  readonly channelOrder: readonly DeliveryChannel[];
  /** A survey link expires this many days after it is sent (14). */
  readonly surveyLinkDays: number;
  /** A survey's contact must go out within this many days of its trigger, or it is dropped (3). */
  readonly surveyContactDays: number;
  /** Percentage of active customers sampled by the quarterly relationship survey (10). */
  readonly relationshipSamplePercent: number;
  /** A CSAT at or below this opens a follow-up for the supervisor (2). */
  readonly followUpCsatAtOrBelow: number;
  /** A follow-up is due this many working days after the answer (2). */
  readonly followUpWorkingDays: number;
  /** A complaint's return visit is due this many working days after closure (3). */
  readonly returnVisitWorkingDays: number;
  /** A visit counts as done after this many failed attempts (3). */
  readonly visitMaxAttempts: number;
  /** Periodic RM visits, months between visits by composite grade (0: none). */
  readonly periodicVisitMonths: Readonly<Record<'vip' | 'premium' | 'standard', number>>;
  /** Return-visit coverage below this percentage raises the alarm (90). */
  readonly coverageTargetPercent: number;
  /** Where a survey link points: `<base>/<token>` (the local cloud's public survey route). */
  readonly surveyLinkBaseUrl: string;
}

/**
 * An absolute http(s) URL without query or fragment, trailing slashes dropped (the token is
 * appended after a slash). The message names the setting, never the value.
 */
function linkBaseUrl(value: string): string {
  const refuse = (): never => {
    throw new Error('SURVEY_LINK_BASE_URL must be an absolute http(s) URL without query or fragment');
  };
  if (!/^https?:\/\/[^\s?#]+$/.test(value)) refuse();
  try {
    const url = new URL(value);
    if (url.username !== '' || url.password !== '') refuse();
  } catch {
    refuse();
  }
  return value.replace(/\/+$/, '');
}

function channelOrder(value: string): DeliveryChannel[] {
  const codes = parseCodeList('ENGAGEMENT_CHANNEL_ORDER', value);
  const known: readonly string[] = DELIVERY_CHANNELS;
  const unknown = codes.findIndex((code) => !known.includes(code));
  if (unknown >= 0) {
    throw new Error(
      `ENGAGEMENT_CHANNEL_ORDER entry ${unknown + 1} is not one of ${DELIVERY_CHANNELS.join(', ')}`,
    );
  }
  return codes as DeliveryChannel[];
}

const months = (name: string, grade: string, fallback: string): DeclaredSetting<number> => ({
  name,
  kind: 'non-negative-integer',
  default: fallback,
  description: `Months between periodic RM visits to a ${grade} customer (0: none; 0 to 24)`,
  parse: wholeNumberReader(name, 0, 24),
});

type Flat = Omit<EngagementSettings, 'periodicVisitMonths'> & {
  readonly vipVisitMonths: number;
  readonly premiumVisitMonths: number;
  readonly standardVisitMonths: number;
};

/** Every engagement setting, in the order the docs list them (REFERENCE defaults). */
const SETTINGS: { readonly [K in keyof Flat]: DeclaredSetting<Flat[K]> } = {
  quietHoursStart: {
    name: 'ENGAGEMENT_QUIET_HOURS_START',
    kind: 'time-of-day',
    default: '21:00',
    description:
      "Quiet hours start, in the customer's local time: nothing but an update the customer asked for is sent from then",
    parse: (value) => parseTimeOfDay('ENGAGEMENT_QUIET_HOURS_START', value),
  },
  quietHoursEnd: {
    name: 'ENGAGEMENT_QUIET_HOURS_END',
    kind: 'time-of-day',
    default: '08:00',
    description: "Quiet hours end, in the customer's local time (contacts may go from this minute)",
    parse: (value) => parseTimeOfDay('ENGAGEMENT_QUIET_HOURS_END', value),
  },
  defaultTimeZone: {
    name: 'ENGAGEMENT_DEFAULT_TIME_ZONE',
    kind: 'time-zone',
    default: 'Asia/Shanghai',
    description: 'The time zone of a customer who has none recorded (IANA name)',
    parse: (value) => parseTimeZone('ENGAGEMENT_DEFAULT_TIME_ZONE', value),
  },
  marketingCap: {
    name: 'ENGAGEMENT_MARKETING_CAP',
    kind: 'positive-integer',
    default: '2',
    description: 'Marketing contacts allowed per customer in the rolling window, across channels (1 to 50)',
    parse: wholeNumberReader('ENGAGEMENT_MARKETING_CAP', 1, 50),
  },
  marketingCapDays: {
    name: 'ENGAGEMENT_MARKETING_CAP_DAYS',
    kind: 'positive-integer',
    default: '7',
    description: 'The rolling window of the marketing cap, in days (1 to 90)',
    parse: wholeNumberReader('ENGAGEMENT_MARKETING_CAP_DAYS', 1, 90),
  },
  channelOrder: {
    name: 'ENGAGEMENT_CHANNEL_ORDER',
    kind: 'code-list',
    default: 'sms,email,app-push',
    description: "The order delivery channels are tried in when the customer's preferred one is not allowed",
    parse: channelOrder,
  },
  surveyLinkDays: {
    name: 'ENGAGEMENT_SURVEY_LINK_DAYS',
    kind: 'positive-integer',
    default: '14',
    description: 'A survey link expires this many days after the survey is sent (1 to 90)',
    parse: wholeNumberReader('ENGAGEMENT_SURVEY_LINK_DAYS', 1, 90),
  },
  surveyContactDays: {
    name: 'ENGAGEMENT_SURVEY_CONTACT_DAYS',
    kind: 'positive-integer',
    default: '3',
    description:
      "A survey's contact must go out within this many days of its trigger, or it is dropped (1 to 30)",
    parse: wholeNumberReader('ENGAGEMENT_SURVEY_CONTACT_DAYS', 1, 30),
  },
  relationshipSamplePercent: {
    name: 'ENGAGEMENT_RELATIONSHIP_SAMPLE_PERCENT',
    kind: 'non-negative-integer',
    default: '10',
    description:
      'Percentage of active customers the quarterly relationship survey samples (0 to 100; the yearly census asks everyone)',
    parse: wholeNumberReader('ENGAGEMENT_RELATIONSHIP_SAMPLE_PERCENT', 0, 100),
  },
  followUpCsatAtOrBelow: {
    name: 'ENGAGEMENT_FOLLOW_UP_CSAT_AT_OR_BELOW',
    kind: 'positive-integer',
    default: '2',
    description: "A survey CSAT at or below this opens a follow-up for the complaint's supervisor (1 to 4)",
    parse: wholeNumberReader('ENGAGEMENT_FOLLOW_UP_CSAT_AT_OR_BELOW', 1, 4),
  },
  followUpWorkingDays: {
    name: 'ENGAGEMENT_FOLLOW_UP_WORKING_DAYS',
    kind: 'positive-integer',
    default: '2',
    description: 'A survey follow-up is due this many working days after the answer (1 to 30)',
    parse: wholeNumberReader('ENGAGEMENT_FOLLOW_UP_WORKING_DAYS', 1, 30),
  },
  returnVisitWorkingDays: {
    name: 'ENGAGEMENT_RETURN_VISIT_WORKING_DAYS',
    kind: 'positive-integer',
    default: '3',
    description:
      "A closed complaint's return visit is due this many working days after closure, then escalated (1 to 30)",
    parse: wholeNumberReader('ENGAGEMENT_RETURN_VISIT_WORKING_DAYS', 1, 30),
  },
  visitMaxAttempts: {
    name: 'ENGAGEMENT_VISIT_MAX_ATTEMPTS',
    kind: 'positive-integer',
    default: '3',
    description: 'A visit counts as done after this many attempts that did not reach the customer (1 to 10)',
    parse: wholeNumberReader('ENGAGEMENT_VISIT_MAX_ATTEMPTS', 1, 10),
  },
  vipVisitMonths: months('ENGAGEMENT_VISIT_MONTHS_VIP', 'vip', '1'),
  premiumVisitMonths: months('ENGAGEMENT_VISIT_MONTHS_PREMIUM', 'premium', '3'),
  standardVisitMonths: months('ENGAGEMENT_VISIT_MONTHS_STANDARD', 'standard', '6'),
  coverageTargetPercent: {
    name: 'ENGAGEMENT_COVERAGE_TARGET_PERCENT',
    kind: 'positive-integer',
    default: '90',
    description:
      'Return-visit coverage (closed complaints with a completed visit) below this percentage raises the alarm (1 to 100)',
    parse: wholeNumberReader('ENGAGEMENT_COVERAGE_TARGET_PERCENT', 1, 100),
  },
  surveyLinkBaseUrl: {
    name: 'SURVEY_LINK_BASE_URL',
    kind: 'url',
    default: 'http://localhost:3000/v1/public/surveys',
    description:
      "Where survey links point, the token appended after a slash: the bank's customer portal page that shows the survey and posts to `POST /v1/public/surveys/{token}` (default: the local cloud's public route)",
    parse: linkBaseUrl,
  },
};

/**
 * Reads the engagement settings from the environment (absent or empty: the default), refusing
 * a malformed or out-of-range value at cold start.
 * @example engagementSettingsFromEnv({ ENGAGEMENT_MARKETING_CAP: '3' }).marketingCap // 3
 */
export function engagementSettingsFromEnv(env: Env): EngagementSettings {
  const value = <K extends keyof Flat>(key: K): Flat[K] => readSetting(env, SETTINGS[key]);
  return {
    quietHoursStart: value('quietHoursStart'),
    quietHoursEnd: value('quietHoursEnd'),
    defaultTimeZone: value('defaultTimeZone'),
    marketingCap: value('marketingCap'),
    marketingCapDays: value('marketingCapDays'),
    channelOrder: value('channelOrder'),
    surveyLinkDays: value('surveyLinkDays'),
    surveyContactDays: value('surveyContactDays'),
    relationshipSamplePercent: value('relationshipSamplePercent'),
    followUpCsatAtOrBelow: value('followUpCsatAtOrBelow'),
    followUpWorkingDays: value('followUpWorkingDays'),
    returnVisitWorkingDays: value('returnVisitWorkingDays'),
    visitMaxAttempts: value('visitMaxAttempts'),
    periodicVisitMonths: {
      vip: value('vipVisitMonths'),
      premium: value('premiumVisitMonths'),
      standard: value('standardVisitMonths'),
    },
    coverageTargetPercent: value('coverageTargetPercent'),
    surveyLinkBaseUrl: value('surveyLinkBaseUrl'),
  };
}

/** The defaults as the functions read them (what unit tests and fakes start from). */
export const DEFAULT_ENGAGEMENT_SETTINGS: EngagementSettings = engagementSettingsFromEnv({});

/** The engagement settings as the capability declares them, each given to `functions`. */
export function engagementSettingSpecs(functions: readonly string[]): SettingSpec[] {
  return settingSpecsOf(Object.values(SETTINGS), functions);
}
