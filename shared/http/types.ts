import type { AuthContext } from '../auth/types.js';
import type * as z from '../zod.js';

/** A request after parsing, validation and authentication: what a route handler sees. */
export interface ApiRequest<TBody = unknown, TQuery = Record<string, string | undefined>> {
  readonly method: string;
  /** The route key's path template, e.g. `/v1/customers/{customerId}`. */
  readonly routePath: string;
  readonly pathParameters: Readonly<Record<string, string>>;
  readonly query: TQuery;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The parsed and schema-validated JSON body (undefined when the route takes none). */
  readonly body: TBody;
  /** Present on every authorised route; absent only on public ones (the health check). */
  readonly auth: AuthContext | undefined;
  /** API Gateway's request id, used as the correlation id. */
  readonly requestId: string;
}

/** What a route handler returns; the HTTP layer serialises it. */
export interface ApiResult {
  readonly statusCode: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RouteDefinition<TBody = unknown, TQuery = Record<string, string | undefined>> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  /**
   * Strict zod schema for the JSON body; a route without one refuses a body. Typed with zod's
   * core type so that zod mini (product code) and zod classic schemas both fit.
   */
  readonly body?: z.core.$ZodType<TBody>;
  /** Strict zod schema for the query string. */
  readonly query?: z.core.$ZodType<TQuery>;
  /** Default true: the route needs a verified caller. */
  readonly authenticated?: boolean;
  handle(request: ApiRequest<TBody, TQuery>): Promise<ApiResult>;
}
