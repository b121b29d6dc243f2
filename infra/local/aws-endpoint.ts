import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LocalBus, PutEventsEntry } from './bus.js';
import { errorSummary } from './bus.js';
import { closeNow, listenOnLoopback, parseJson, readBody, sendJson } from './http-util.js';
import { notifyAwsRequest } from './observers.js';
import { SqsApiError, sendMessage } from './sqs.js';
import type { ExecutionRecord, LocalStepFunctions } from './step-functions.js';
import { StatesApiError } from './task-tokens.js';
import type { LocalWorkQueues } from './work-queues.js';

/**
 * The AWS JSON protocol for the few operations handlers call, so the real SDK clients work
 * against the local cloud through `AWS_ENDPOINT_URL_SFN` / `AWS_ENDPOINT_URL_EVENTBRIDGE` /
 * `AWS_ENDPOINT_URL_SQS`: Step Functions (awsJson1_0) StartExecution, StopExecution,
 * DescribeExecution, SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat; EventBridge (awsJson1_1) PutEvents;
 * SQS (awsJson1_0) SendMessage, which queues a coalesced work's request on its FIFO queue or
 * records a dead letter (see sqs.ts).
 * Requests are not authenticated (the signature is ignored).
 */
export class AwsEndpoint {
  readonly #server: Server;
  readonly #stepFunctions: LocalStepFunctions;
  readonly #bus: LocalBus;
  readonly #workQueues: LocalWorkQueues | undefined;

  constructor(stepFunctions: LocalStepFunctions, bus: LocalBus, workQueues?: LocalWorkQueues) {
    this.#stepFunctions = stepFunctions;
    this.#bus = bus;
    this.#workQueues = workQueues;
    this.#server = createServer((request, response) => {
      void this.#handle(request, response);
    });
  }

  /** Listens on 127.0.0.1 (port 0: any free port) and returns the endpoint URL. */
  async listen(port = 0): Promise<string> {
    return listenOnLoopback(this.#server, port);
  }

  close(): Promise<void> {
    return closeNow(this.#server);
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const target = String(request.headers['x-amz-target'] ?? '');
    const [service = '', operation = ''] = target.split('.');
    const contentType = service === 'AWSEvents' ? 'application/x-amz-json-1.1' : 'application/x-amz-json-1.0';
    try {
      const body = parseJson(await readBody(request));
      const input = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
      notifyAwsRequest({ target, input });
      const output =
        service === 'AWSStepFunctions'
          ? this.#stepFunctionsOperation(operation, input)
          : service === 'AWSEvents' && operation === 'PutEvents'
            ? this.#putEvents(input)
            : service === 'AmazonSQS' && operation === 'SendMessage'
              ? sendMessage(
                  this.#workQueues === undefined
                    ? { bus: this.#bus }
                    : { bus: this.#bus, workQueues: this.#workQueues },
                  input,
                )
              : undefined;
      if (output === undefined) {
        throw new StatesApiError('UnknownOperationException', `The local cloud does not emulate ${target}`);
      }
      sendJson(response, 200, output, {}, contentType);
    } catch (error) {
      const { name, message } = errorSummary(error);
      const type =
        error instanceof StatesApiError || error instanceof SqsApiError ? name : 'ValidationException';
      sendJson(response, 400, { __type: type, message }, { 'x-amzn-errortype': type }, contentType);
    }
  }

  #stepFunctionsOperation(operation: string, input: Record<string, unknown>): unknown {
    const sfn = this.#stepFunctions;
    const token = String(input.taskToken ?? '');
    switch (operation) {
      case 'StartExecution': {
        const parsed = input.input === undefined ? {} : parseJson(String(input.input));
        if (parsed === undefined)
          throw new StatesApiError('InvalidExecutionInput', 'Invalid execution input');
        const record = sfn.startExecution(
          String(input.stateMachineArn ?? ''),
          parsed,
          typeof input.name === 'string' ? input.name : undefined,
        );
        return { executionArn: record.executionArn, startDate: epochSeconds(record.startDate) };
      }
      case 'StopExecution': {
        const record = sfn.stopExecution(
          String(input.executionArn ?? ''),
          typeof input.error === 'string' ? input.error : undefined,
          typeof input.cause === 'string' ? input.cause : undefined,
        );
        return { stopDate: epochSeconds(record.stopDate ?? record.startDate) };
      }
      case 'DescribeExecution':
        return describe(sfn.describeExecution(String(input.executionArn ?? '')));
      case 'SendTaskSuccess':
        sfn.sendTaskSuccess(token, String(input.output ?? ''));
        return {};
      case 'SendTaskFailure':
        sfn.sendTaskFailure(
          token,
          typeof input.error === 'string' ? input.error : undefined,
          typeof input.cause === 'string' ? input.cause : undefined,
        );
        return {};
      case 'SendTaskHeartbeat':
        sfn.sendTaskHeartbeat(token);
        return {};
      default:
        return undefined;
    }
  }

  #putEvents(input: Record<string, unknown>): unknown {
    const entries = Array.isArray(input.Entries) ? (input.Entries as PutEventsEntry[]) : [];
    return this.#bus.putEvents(entries);
  }
}

function describe(record: ExecutionRecord): Record<string, unknown> {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: epochSeconds(record.startDate),
    ...(record.stopDate ? { stopDate: epochSeconds(record.stopDate) } : {}),
    input: JSON.stringify(record.input),
    ...(record.output === undefined ? {} : { output: JSON.stringify(record.output) }),
    ...(record.error === undefined ? {} : { error: record.error }),
    ...(record.cause === undefined ? {} : { cause: record.cause }),
  };
}

/** Timestamps travel as epoch seconds in the AWS JSON protocols. */
function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}
