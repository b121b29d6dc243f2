import type { PreparedStateMachine } from './asl.js';
import { LOCAL_ACCOUNT } from './environment.js';
import type { ExecutionRecord } from './execution-record.js';
import type { TaskTokens } from './task-tokens.js';

/**
 * The context object (`$$`) of one execution, and the task token its states mint: reading
 * `$$.Task.Token` mints a token each time a state's Parameters read it, and the state's local
 * handler (called synchronously right after) takes it with `takeToken`.
 */
export function executionContext(
  prepared: PreparedStateMachine,
  record: Pick<ExecutionRecord, 'executionArn' | 'name' | 'startDate'>,
  tokens: TaskTokens,
): { readonly context: Record<string, unknown>; readonly takeToken: () => string | undefined } {
  const minted: { token?: string | undefined } = {};
  const context = {
    Execution: {
      Id: record.executionArn,
      Name: record.name,
      RoleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/local`,
      // `$$.Execution.StartTime` as the definitions read it locally (asl.ts LOCAL_START_TIME_PATH):
      // the start on the local clock, also after a resume.
      LocalStartTime: record.startDate.toISOString(),
    },
    StateMachine: { Id: prepared.arn, Name: prepared.id },
    Task: {
      get Token(): string {
        minted.token = tokens.mint();
        return minted.token;
      },
    },
  };
  const takeToken = (): string | undefined => {
    const token = minted.token;
    minted.token = undefined;
    return token;
  };
  return { context, takeToken };
}
