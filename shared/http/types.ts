import type { AuthContext } from '../auth/types.js';
import type { AnyRouteContract, RouteContract } from './contract.js';

/** A request after parsing, validation and authentication: what a route handler sees. */
export interface ApiRequest<TBody = unknown, TQuery = unknown, TParams = unknown> {
  readonly method: string;
  /** The route key's path template, e.g. `/v1/customers/{customerId}`. */
  readonly routePath: string;
  /** The path parameters, validated by the contract's `params` schema. */
  readonly params: TParams;
  readonly query: TQuery;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The parsed and schema-validated JSON body (undefined when the route takes none). */
  readonly body: TBody;
  /** Present on every guarded route; absent only on public ones (the health check). */
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

/** The request a contract's handler receives, typed by the contract's schemas. */
export type RequestOf<C> = C extends RouteContract<infer B, infer Q, infer P> ? ApiRequest<B, Q, P> : never;

/** A contract bound to its implementation: what the HTTP API Lambda serves. */
export interface RouteDefinition {
  readonly contract: AnyRouteContract;
  handle(request: ApiRequest): Promise<ApiResult>;
}

/** One implementation per contract of `R`, each typed by its contract. */
export type RouteImplementations<R extends Readonly<Record<string, AnyRouteContract>>> = {
  readonly [K in keyof R]: (request: RequestOf<R[K]>) => Promise<ApiResult>;
};
