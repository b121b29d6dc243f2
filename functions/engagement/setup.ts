import { requiredEnv } from '../../shared/config/env.js';
import type { RecordCipher } from '../../shared/crypto/record-cipher.js';
import { documentClient } from '../../shared/dynamodb/client.js';
import type { Runtime } from '../../shared/runtime/runtime.js';
import { DynamoCalendarMirror } from '../../shared/time/dynamo-calendar-mirror.js';
import { engagementSettingsFromEnv } from './domain/settings.js';
import type { EngagementBase } from './service/deps.js';
import type { SurveyTokenSigner } from './service/ports.js';

/**
 * The parts only some functions use, each passed by the handler that needs it, so that a
 * function's bundle carries only the SDK clients it calls (its definition grants the same way).
 */
export interface SetupParts {
  /** Data keys for survey free text and visit notes: the API and the consumer (erasure). */
  readonly keys?: (runtime: Runtime) => RecordCipher;
  /** The survey token key: the functions that send or check survey links. */
  readonly surveyTokens?: (runtime: Runtime) => SurveyTokenSigner;
}

function missing(part: string): never {
  throw new Error(`This function is not given ${part} (see its handler and the capability definition)`);
}

/**
 * Builds what every engagement area needs from a function's runtime, once per process (cold
 * start): a bad setting fails the cold start, not a request. The optional parts are built on
 * first use.
 * @example const base = setup(runtime, { keys: keyMaterial });
 */
export function setup(runtime: Runtime, parts: SetupParts = {}): EngagementBase {
  const { env, clock } = runtime;
  const db = documentClient();
  const engagement = requiredEnv(env, 'ENGAGEMENT_TABLE');
  let cipher: RecordCipher | undefined;
  let surveyTokens: SurveyTokenSigner | undefined;
  return {
    db,
    tables: { engagement, keys: env.ENGAGEMENT_KEYS_TABLE ?? '' },
    settings: engagementSettingsFromEnv(env),
    clock,
    calendarMirror: new DynamoCalendarMirror(db, engagement, clock),
    get cipher() {
      cipher ??= parts.keys?.(runtime) ?? missing('data keys');
      return cipher;
    },
    get surveyTokens() {
      surveyTokens ??= parts.surveyTokens?.(runtime) ?? missing('the survey token key');
      return surveyTokens;
    },
  };
}
