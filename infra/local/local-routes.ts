import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  type CapturedMessage,
  readCapturedMessages,
} from '../../functions/customers/delivery/capture-sink.js';
import { BadRequestError, NotFoundError, ProblemError } from '../../shared/http/problem.js';
import { parseWith } from '../../shared/http/validation.js';
import type { LocalBus, PutEventsEntry } from './bus.js';
import type { AdvanceableClock } from './clock.js';
import { type DevIssuer, devTokenRequestSchema } from './dev-issuer.js';
import { parseJson, sendJson, sendProblem } from './http-util.js';
import type { LocalScheduler } from './scheduler.js';
import type { ExecutionRecord, LocalStepFunctions } from './step-functions.js';

/** What the `/local/*` endpoints (which do not exist in AWS) act on. */
export interface LocalControl {
  readonly issuer: () => DevIssuer;
  readonly bus: LocalBus;
  readonly clock: AdvanceableClock;
  readonly stepFunctions: LocalStepFunctions;
  readonly scheduler: LocalScheduler;
  /** The capture sink's file: what the delivery function would have sent (SES, SMS, the gateway). */
  readonly capturedMessagesFile: string;
}

const eventsSchema = z.strictObject({
  Entries: z
    .array(
      z.strictObject({
        Source: z.string().min(1),
        DetailType: z.string().min(1),
        Detail: z.union([z.string(), z.record(z.string(), z.unknown())]),
        Resources: z.array(z.string()).optional(),
        Time: z.string().optional(),
      }),
    )
    .min(1)
    .max(10),
});

const advanceSchema = z
  .strictObject({ ms: z.number().int().nonnegative().optional(), days: z.number().nonnegative().optional() })
  .refine((value) => value.ms !== undefined || value.days !== undefined, 'Give ms or days');

/**
 * The local cloud's own endpoints: dev tokens, injecting events, moving the clock, and
 * looking at executions, pending tasks, schedules, the dead-letter list and the messages the
 * delivery function captured instead of sending (newest first).
 * Returns false when no endpoint matches. Refusals are problem documents, as the API's are:
 * 400 for a body that is not JSON, 422 (with `errors`) for one that breaks the endpoint's schema.
 */
export async function handleLocalRequest(
  control: LocalControl,
  method: string,
  path: string,
  bodyText: string,
  response: ServerResponse,
): Promise<boolean> {
  try {
    return await serveLocal(control, method, path, bodyText, response);
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    sendProblem(response, error, path);
    return true;
  }
}

/** The body as JSON (undefined when empty); a 400 problem when it is not JSON. */
function jsonBody(text: string): unknown {
  const body = parseJson(text);
  if (body === undefined && text.trim() !== '') {
    throw new BadRequestError('The request body is not valid JSON', { code: 'malformed-json' });
  }
  return body;
}

async function serveLocal(
  control: LocalControl,
  method: string,
  path: string,
  bodyText: string,
  response: ServerResponse,
): Promise<boolean> {
  // Read only by the endpoints that take a body: anything else ignores it, as before.
  const body = () => jsonBody(bodyText);
  const route = `${method} ${path}`;
  const runSchedule = /^POST \/local\/schedules\/([^/]+)\/run$/.exec(route);
  switch (true) {
    case route === 'POST /local/dev-token': {
      const claims = parseWith(devTokenRequestSchema, body(), 'body');
      sendJson(response, 200, { token: await control.issuer().mint(claims) });
      return true;
    }
    case route === 'GET /local/.well-known/jwks.json':
      sendJson(response, 200, control.issuer().jwks());
      return true;
    case route === 'GET /local/.well-known/openid-configuration': {
      const issuer = control.issuer().issuer;
      sendJson(response, 200, { issuer, jwks_uri: `${issuer}/.well-known/jwks.json` });
      return true;
    }
    case route === 'POST /local/events': {
      const events = parseWith(eventsSchema, body(), 'body');
      const entries: PutEventsEntry[] = events.Entries.map((entry) => ({
        ...entry,
        Detail: typeof entry.Detail === 'string' ? entry.Detail : JSON.stringify(entry.Detail),
      }));
      // The door of the bank's systems: our own sources come from the outbox relays only.
      sendJson(
        response,
        200,
        control.bus.putEvents(entries, { defaultBusName: control.bus.name, fromOutside: true }),
      );
      return true;
    }
    case route === 'GET /local/clock':
      sendJson(response, 200, { now: control.clock.now().toISOString() });
      return true;
    case route === 'POST /local/clock/advance': {
      const advance = parseWith(advanceSchema, body(), 'body');
      const ms = (advance.ms ?? 0) + Math.round((advance.days ?? 0) * 86_400_000);
      sendJson(response, 200, { now: control.clock.advance(ms).toISOString() });
      return true;
    }
    case route === 'GET /local/executions':
      sendJson(response, 200, { executions: control.stepFunctions.listExecutions().map(executionJson) });
      return true;
    case route === 'GET /local/tasks':
      sendJson(response, 200, { tasks: control.stepFunctions.pendingTasks() });
      return true;
    case route === 'GET /local/dlq':
      sendJson(response, 200, { deadLetters: control.bus.deadLetters });
      return true;
    case route === 'GET /local/messages': {
      // The local demo sink, on loopback only: the one place an address is shown.
      const messages: CapturedMessage[] = await readCapturedMessages(control.capturedMessagesFile);
      sendJson(response, 200, { messages });
      return true;
    }
    case route === 'GET /local/schedules':
      sendJson(response, 200, { schedules: control.scheduler.list() });
      return true;
    case runSchedule !== null: {
      const id = decodeURIComponent(runSchedule?.[1] ?? '');
      if (!control.scheduler.has(id))
        throw new NotFoundError(`No schedule ${id}`, { code: 'schedule-not-found' });
      let result: unknown;
      try {
        result = await control.scheduler.runNow(id);
      } catch (error) {
        throw new ProblemError({
          status: 502,
          slug: 'bad-gateway',
          title: 'Bad gateway',
          // A developer's tool on loopback: the target's own message is what they need.
          detail: `The schedule's target failed: ${error instanceof Error ? error.message : String(error)}`,
          code: 'schedule-failed',
          cause: error,
        });
      }
      sendJson(response, 200, { result: result ?? null });
      return true;
    }
    default:
      return false;
  }
}

function executionJson(record: ExecutionRecord): Record<string, unknown> {
  return {
    ...record,
    startDate: record.startDate.toISOString(),
    stopDate: record.stopDate?.toISOString(),
  };
}
