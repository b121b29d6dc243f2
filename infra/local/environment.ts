import { join } from 'node:path';
import { API_ROUTE_KEYS_ENV, apiRouteKeys } from '../../shared/capability/define.js';
import { resolveSettings } from '../../shared/capability/settings.js';
import type { CapabilityDefinition } from '../../shared/capability/types.js';
import type { LocalKeyFiles } from '../../shared/runtime/runtime.js';
import { upperSnake } from '../platform/naming.js';

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_BUS_NAME = 'fincrm-local';
/** The one dead-letter queue locally: every function shares one process environment. */
export const LOCAL_DEAD_LETTER_QUEUE = 'fincrm-local-dead-letters';

/** The capture sink's file under the data directory (`GET /local/messages` reads it). */
export const CAPTURED_MESSAGES_FILE = 'captured-messages.jsonl';

/** A local queue's URL, in the form SQS gives (`<endpoint>/<account>/<name>`). */
export function localQueueUrl(awsEndpoint: string, queueName: string): string {
  return `${awsEndpoint.replace(/\/+$/, '')}/${LOCAL_ACCOUNT}/${queueName}`;
}

/** A coalesced work's queue name locally (SQS's form: `.fifo` at the end). */
export function localWorkQueueName(workId: string): string {
  return `fincrm-local-${workId}.fifo`;
}

/** The ARN handlers get for a state machine, as CDK would hand them the real one. */
export function stateMachineArn(id: string): string {
  return `arn:aws:states:local:${LOCAL_ACCOUNT}:stateMachine:${id}`;
}

/** The environment variable through which a function learns a state machine's ARN (as in CDK). */
export function stateMachineEnvVar(id: string): string {
  return `STATE_MACHINE_${upperSnake(id)}_ARN`;
}

export interface LocalEnvironmentInput {
  readonly capabilities: readonly CapabilityDefinition[];
  /** TableSpec envVar → local table name. */
  readonly tableEnv: Readonly<Record<string, string>>;
  readonly dataDir: string;
  readonly dynamodbEndpoint: string;
  /** The local cloud's AWS JSON protocol endpoint (Step Functions, EventBridge, SQS). */
  readonly awsEndpoint: string;
}

/**
 * The local key files: handed to the functions in their runtime, in process, never through
 * the environment (a deployed function cannot be configured into local keys).
 */
export function localKeyFiles(dataDir: string): LocalKeyFiles {
  return {
    masterKeyFile: join(dataDir, 'master.key'),
    blindIndexKeyFile: join(dataDir, 'blind-index.key'),
    auditMacKeyFile: join(dataDir, 'audit-mac.key'),
    surveyTokenKeyFile: join(dataDir, 'survey-token.key'),
    auditAnchorDir: join(dataDir, 'audit-anchors'),
    capturedMessagesFile: join(dataDir, CAPTURED_MESSAGES_FILE),
  };
}

/**
 * The environment every handler runs with locally: the same variables CDK sets, pointing at
 * local resources. Handlers read nothing else, so they contain no local-only code.
 * Lambda environments are per function in AWS but one process here, so two functions that
 * declare the same variable with different values are refused.
 */
export function buildLocalEnvironment(input: LocalEnvironmentInput): Record<string, string> {
  const env: Record<string, string> = {
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: input.dynamodbEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: input.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SFN: input.awsEndpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: input.awsEndpoint,
    AWS_ENDPOINT_URL_SQS: input.awsEndpoint,
    DEAD_LETTER_QUEUE_URL: localQueueUrl(input.awsEndpoint, LOCAL_DEAD_LETTER_QUEUE),
    EVENT_BUS_NAME: LOCAL_BUS_NAME,
    // The fallback function's route table, as CDK sets it on that function.
    [API_ROUTE_KEYS_ENV]: apiRouteKeys(input.capabilities),
    // EMF metric lines on every request drown the console locally (in AWS CloudWatch
    // consumes them); a developer who wants them sets the variable to false.
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
    // Handlers log at INFO what is routine per item: each outbox batch relayed, each request
    // refused with a 4xx, each event processed. In AWS those lines go to each function's log
    // group, to be queried; here every function shares one process, one logger and the
    // console a person reads, where they come by the hundred a minute and bury the start-up
    // output. So locally the threshold is WARN, which makes them debug output: warnings and
    // errors (dead letters, unpublished events, failures) still show, and
    // `POWERTOOLS_LOG_LEVEL=INFO npm start` (or DEBUG) shows the rest. A level for the relay
    // functions alone, as AWS allows, cannot apply to the one logger they share here; and
    // lowering the lines themselves would take the refusals' reasons out of CloudWatch too.
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    ...input.tableEnv,
  };
  // Settings: the developer's own environment, else the defaults (as CDK does with context).
  Object.assign(
    env,
    resolveSettings(input.capabilities, (name) => process.env[name]),
  );
  for (const capability of input.capabilities) {
    for (const machine of capability.stateMachines ?? []) {
      env[stateMachineEnvVar(machine.id)] = stateMachineArn(machine.id);
    }
    // As CDK sets each coalesced work's queue URL on its senders.
    for (const work of capability.coalescedWork ?? []) {
      env[work.envVar] = localQueueUrl(input.awsEndpoint, localWorkQueueName(work.id));
    }
  }
  const declaredBy = new Map<string, string>();
  for (const fn of input.capabilities.flatMap((capability) => capability.functions)) {
    for (const [name, value] of Object.entries(fn.environment ?? {})) {
      const other = declaredBy.get(name);
      if (other !== undefined && env[name] !== value) {
        throw new Error(
          `Functions ${other} and ${fn.id} set ${name} to different values; locally they share one`,
        );
      }
      declaredBy.set(name, fn.id);
      env[name] = value;
    }
  }
  return env;
}
