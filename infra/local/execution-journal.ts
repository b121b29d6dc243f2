import { z } from 'zod';
import type { ExecutionRecord } from './execution-record.js';
import { readJsonFile } from './json-file.js';
import type { WaitingWork } from './state-runner.js';

/**
 * Where a running execution is, in enough detail to take it up again after a restart: the
 * top-level state it is in, that state's raw input (before InputPath and Parameters), and
 * what the state waits on once its work is handed off (a task token, a Wait's end).
 */
export interface ResumePoint {
  readonly state: string;
  readonly input: unknown;
  readonly waiting?: WaitingWork;
}

/** One execution as the journal file keeps it. */
export interface JournalEntry {
  readonly execution: ExecutionRecord;
  /** Running executions only. */
  readonly resume?: ResumePoint;
}

/**
 * Finished executions the file keeps, newest first, besides every running one: enough for
 * `GET /local/executions` to show recent history after a restart, without the file growing
 * for ever.
 */
export const FINISHED_EXECUTIONS_KEPT = 1000;

const instant = z.iso.datetime();

const waitingSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('callback'),
    stateName: z.string(),
    token: z.string(),
    since: instant,
    deadline: instant.optional(),
  }),
  z.object({ kind: z.literal('wait'), stateName: z.string(), until: instant }),
]);

const entrySchema = z.object({
  executionArn: z.string(),
  stateMachineArn: z.string(),
  stateMachineId: z.string(),
  name: z.string(),
  status: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']),
  input: z.unknown(),
  output: z.unknown().optional(),
  error: z.string().optional(),
  cause: z.string().optional(),
  startDate: instant,
  stopDate: instant.optional(),
  history: z.array(z.string()),
  resume: z.object({ state: z.string(), input: z.unknown(), waiting: waitingSchema.optional() }).optional(),
});

const journalSchema = z.object({ version: z.literal(1), executions: z.array(entrySchema) });

/**
 * The executions recorded in `file`, oldest first ([] when there is none yet). A file that
 * cannot be read stops the start-up: silently starting without it would drop every workflow.
 */
export async function loadJournal(file: string): Promise<JournalEntry[]> {
  const content = await readJsonFile(file);
  if (content === undefined) return [];
  const parsed = journalSchema.safeParse(content);
  if (!parsed.success) {
    throw new Error(
      `${file} is not a Step Functions journal of this version (${z.prettifyError(parsed.error)}); ` +
        'delete it, or start with --fresh',
    );
  }
  return parsed.data.executions.map(({ resume, startDate, stopDate, ...execution }) => ({
    execution: {
      ...execution,
      startDate: new Date(startDate),
      ...(stopDate === undefined ? {} : { stopDate: new Date(stopDate) }),
    },
    ...(resume === undefined || execution.status !== 'RUNNING' ? {} : { resume }),
  }));
}

/** What the file holds for `entries` (oldest first): every running execution, the latest finished ones. */
export function journalContent(entries: readonly JournalEntry[]): unknown {
  let finishedToSkip = Math.max(
    0,
    entries.filter(({ execution }) => execution.status !== 'RUNNING').length - FINISHED_EXECUTIONS_KEPT,
  );
  const kept = entries.filter(({ execution }) => {
    if (execution.status === 'RUNNING' || finishedToSkip === 0) return true;
    finishedToSkip -= 1;
    return false;
  });
  return {
    version: 1,
    executions: kept.map(({ execution, resume }) => ({
      ...execution,
      startDate: execution.startDate.toISOString(),
      stopDate: execution.stopDate?.toISOString(),
      ...(resume === undefined ? {} : { resume }),
    })),
  };
}
