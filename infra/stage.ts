import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** Deployment stages the app knows. One stack per stage and account. */
export const STAGES = ['dev', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

/** Narrows a context value to a Stage, or throws a message naming the allowed values. */
export function parseStage(value: unknown): Stage {
  const found = STAGES.find((stage) => stage === value);
  if (found === undefined) {
    throw new Error(
      `Unknown stage ${JSON.stringify(value)}: pass -c stage=${STAGES.join('|')} (for example: npx cdk synth -c stage=dev)`,
    );
  }
  return found;
}

/** Settings that differ between stages; everything stage-dependent is decided here. */
export interface StageSettings {
  readonly stage: Stage;
  /** Data stores and keys survive stack deletion outside dev. */
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  readonly logRetention: RetentionDays;
  /** Events kept in the bus archive for replay. */
  readonly archiveRetention: Duration;
  /**
   * How long each daily anchor of the audit chain heads stays locked (S3 Object Lock,
   * COMPLIANCE): in prod the 10 years identity data is kept after a relationship ends
   * (docs/domain-rules.md §9.1), so an anchor outlives what it vouches for; a day in dev, whose
   * stack is deleted.
   */
  readonly auditAnchorRetention: Duration;
  /** HTTP API default-route throttling (every GET route). */
  readonly throttle: Throttle;
  /**
   * Tighter throttling of the write routes, of the lookups by personal data (search) and, tightest
   * of all, of the public routes anyone may call without a token (survey links), per route across
   * all callers; the per-caller search limit is the function's (docs/operations.md). HTTP APIs
   * cannot be fronted by AWS WAF (only REST APIs, CloudFront and load balancers can), so per-IP
   * rate rules are not available here: the stage's route throttle is the limit.
   */
  readonly routeThrottles: RouteThrottles;
}

/** The per-route throttles by route class (the `read` class uses the stage's default throttle). */
export interface RouteThrottles {
  readonly write: Throttle;
  readonly lookup: Throttle;
  readonly public: Throttle;
}

export interface Throttle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/** The settings of a stage; `overrides` lets a caller (context, tests) change the throttle. */
export function stageSettings(
  stage: Stage,
  overrides: Partial<Pick<StageSettings, 'throttle'>> = {},
): StageSettings {
  const production = stage === 'prod';
  return {
    stage,
    removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    deletionProtection: production,
    logRetention: production ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
    archiveRetention: Duration.days(365),
    auditAnchorRetention: production ? Duration.days(3653) : Duration.days(1),
    throttle:
      overrides.throttle ??
      (production ? { rateLimit: 200, burstLimit: 400 } : { rateLimit: 20, burstLimit: 40 }),
    routeThrottles: production
      ? {
          write: { rateLimit: 50, burstLimit: 100 },
          lookup: { rateLimit: 20, burstLimit: 40 },
          public: { rateLimit: 10, burstLimit: 20 },
        }
      : {
          write: { rateLimit: 10, burstLimit: 20 },
          lookup: { rateLimit: 5, burstLimit: 10 },
          public: { rateLimit: 2, burstLimit: 5 },
        },
  };
}
