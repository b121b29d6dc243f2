import { type Clock, systemClock } from '../time/clock.js';

/** A function's environment variables. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Key files the local cloud uses instead of KMS and Secrets Manager. Only the local cloud puts
 * them in a runtime, in process: no environment variable can select them, so a deployed
 * function cannot be configured into local keys.
 */
export interface LocalKeyFiles {
  /** AES-256 master key that wraps data keys (created if missing). */
  readonly masterKeyFile: string;
  /** HMAC key of the blind indexes (created if missing). */
  readonly blindIndexKeyFile: string;
  /** HMAC key that signs audit records (created if missing), KMS's HMAC key locally. */
  readonly auditMacKeyFile: string;
  /** HMAC key that signs survey links (created if missing), KMS's survey token key locally. */
  readonly surveyTokenKeyFile: string;
  /** The write-once directory of the audit anchors, S3 Object Lock's stand-in. */
  readonly auditAnchorDir: string;
  /** Where the capture sink keeps the messages it would have sent (SES, SMS, the gateway's stand-in). */
  readonly capturedMessagesFile: string;
}

/**
 * What a function is built from: its environment and its clock, injected once when the
 * handler is created. In Lambda that is `process.env` and the system clock
 * ({@link lambdaRuntime}); the local cloud and the tests create handlers with their own clock
 * (which they move) and, for the local cloud only, local key files.
 */
export interface Runtime {
  readonly env: Env;
  readonly clock: Clock;
  readonly localKeys?: LocalKeyFiles;
}

/**
 * The runtime of a deployed function: `process.env` and the system clock.
 * @example export const handler = createHandler(lambdaRuntime());
 */
export function lambdaRuntime(env: Env = process.env): Runtime {
  return { env, clock: systemClock };
}

/**
 * Whether this process is a deployed Lambda function: Lambda sets `AWS_LAMBDA_FUNCTION_NAME`
 * (a reserved variable no configuration can set or remove), the local cloud does not.
 */
export function isDeployedLambda(env: Env): boolean {
  return (env.AWS_LAMBDA_FUNCTION_NAME ?? '') !== '';
}
