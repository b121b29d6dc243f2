import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Clock } from '../../shared/time/clock.js';
import {
  buildHttpApiEvent,
  gatewayProblem,
  type HttpResponse,
  internalServerError,
  toHttpResponse,
  type VerifiedAuthorizer,
} from './api-event.js';
import { flattenClaims } from './dev-issuer.js';
import { closeNow, listenOnLoopback, PayloadTooLargeError, readBody, sendJson } from './http-util.js';
import { type FunctionInvoker, LambdaTimeoutError } from './lambda-runtime.js';
import { handleLocalRequest, type LocalControl } from './local-routes.js';
import type { ApiRouter } from './routes.js';

export interface ApiServerOptions {
  readonly router: ApiRouter;
  readonly invoke: FunctionInvoker;
  readonly clock: Clock;
  readonly control: LocalControl;
}

/**
 * API Gateway (HTTP API with a JWT authorizer) on 127.0.0.1: requests become payload v2
 * events for the capability's API function; `/local/*`, `/docs` (OpenAPI) and `/docs/events`
 * (AsyncAPI) are local extras.
 */
export class ApiServer {
  readonly #server: Server;
  readonly #options: ApiServerOptions;

  constructor(options: ApiServerOptions) {
    this.#options = options;
    this.#server = createServer((request, response) => {
      void this.#handle(request, response).catch((error: unknown) => {
        console.error('Local API:', error);
        if (!response.headersSent) write(response, internalServerError(randomUUID()));
      });
    });
  }

  /** Listens on 127.0.0.1 and returns the base URL (port 0: a free port). */
  async listen(port: number): Promise<string> {
    return listenOnLoopback(this.#server, port);
  }

  close(): Promise<void> {
    return closeNow(this.#server);
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const url = request.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    let body: string;
    try {
      body = await readBody(request);
    } catch (error) {
      if (error instanceof PayloadTooLargeError) {
        const detail = 'The request body is larger than the gateway accepts';
        const problem = { status: 413, slug: 'payload-too-large', title: 'Payload too large', detail };
        return write(response, gatewayProblem(problem, randomUUID()));
      }
      throw error;
    }
    if (path === '/local' || path.startsWith('/local/')) {
      if (await handleLocalRequest(this.#options.control, method, path, body, response)) return;
      const detail = 'No local endpoint has this method and path';
      const problem = { status: 404, slug: 'not-found', title: 'Not found', detail };
      return write(response, gatewayProblem(problem, randomUUID()));
    }
    if (method === 'GET' && (path === '/docs' || path === '/docs/openapi.json')) return this.#docs(response);
    if (method === 'GET' && path === '/docs/events') return this.#eventDocs(response);
    const match = this.#options.router.match(method, path) ?? this.#options.router.fallback(method, path);
    if (match === undefined) {
      const problem = { status: 404, slug: 'not-found', title: 'Not found', detail: 'No such route' };
      return write(response, gatewayProblem(problem, randomUUID()));
    }
    let authorizer: VerifiedAuthorizer | undefined;
    if (match.route.authorized) {
      authorizer = await this.#authorize(request.headers.authorization);
      if (authorizer === undefined) {
        const problem = {
          status: 401,
          slug: 'unauthorized',
          title: 'Unauthorized',
          detail: 'A valid bearer token is required',
          headers: { 'www-authenticate': 'Bearer' },
        };
        return write(response, gatewayProblem(problem, randomUUID()));
      }
    }
    const event = buildHttpApiEvent(
      { method, url, headers: request.headers, body, sourceIp: request.socket.remoteAddress ?? '127.0.0.1' },
      match,
      authorizer,
      this.#options.clock.now(),
    );
    const requestId = event.requestContext.requestId;
    let result: unknown;
    try {
      result = await this.#options.invoke(match.route.functionId, event);
    } catch (error) {
      console.error(`Local API: ${match.route.functionId} failed on ${match.route.routeKey}:`, error);
      const timedOut = error instanceof LambdaTimeoutError;
      const unavailable = {
        status: 503,
        slug: 'service-unavailable',
        title: 'Service unavailable',
        detail: 'The function did not answer in time',
      };
      return write(
        response,
        timedOut ? gatewayProblem(unavailable, requestId) : internalServerError(requestId),
      );
    }
    write(response, toHttpResponse(result, requestId));
  }

  /** The JWT authorizer: `Authorization: Bearer <jwt>` (the prefix is optional, as in AWS). */
  async #authorize(header: string | undefined): Promise<VerifiedAuthorizer | undefined> {
    const token = header?.replace(/^Bearer\s+/i, '').trim();
    if (!token) return undefined;
    try {
      const payload = await this.#options.control.issuer().verify(token);
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
      return { claims: flattenClaims(payload), scopes };
    } catch {
      return undefined;
    }
  }

  /** `GET /docs`: the OpenAPI document generated from the capabilities and their request schemas. */
  async #docs(response: ServerResponse): Promise<void> {
    const { buildOpenApiDocument } = await import('../openapi.js');
    sendJson(response, 200, buildOpenApiDocument());
  }

  /** `GET /docs/events`: the AsyncAPI document of the event catalogue (what goes over the bus). */
  async #eventDocs(response: ServerResponse): Promise<void> {
    // Built on request, like the OpenAPI document: starting the gateway does not pay for it.
    const [{ buildEventCatalogueDocument }, { eventCatalogue }] = await Promise.all([
      import('../event-catalogue-doc.js'),
      import('../../functions/capabilities.js'),
    ]);
    sendJson(response, 200, buildEventCatalogueDocument(eventCatalogue.definitions));
  }
}

function write(response: ServerResponse, result: HttpResponse): void {
  response.writeHead(result.statusCode, result.headers);
  response.end(result.body);
}
