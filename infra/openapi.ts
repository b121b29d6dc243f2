import { toJSONSchema } from 'zod/v4/core';
import { activityRoutes } from '../functions/activity/handlers/api-routes.js';
import {
  type ConfigRouteDeps,
  segmentationConfigRoutes,
} from '../functions/activity/handlers/config-routes.js';
import type { ActivityDeps } from '../functions/activity/service/deps.js';
import { customerRoutes } from '../functions/customers/handlers/api-routes.js';
import type { CustomerDeps } from '../functions/customers/service/deps.js';
import type { RouteDefinition } from '../shared/http/types.js';
import { capabilities } from './manifest/index.js';
import type { CapabilityManifest, RouteSpec } from './manifest/types.js';

type AnyRoute = RouteDefinition<unknown, unknown>;
type JsonObject = Record<string, unknown>;

/**
 * Dependencies that must never be used: the routes are built only to read their schemas.
 * Any access means a documentation build tried to run a handler, which is a bug.
 */
function documentationOnly<T extends object>(): T {
  return new Proxy({} as T, {
    get(_target, property) {
      throw new Error(`Documentation build touched dependency ${String(property)}`);
    },
  });
}

/** Each capability's route definitions (schemas and all), by capability name. */
const ROUTE_SOURCES: Readonly<Record<string, () => readonly AnyRoute[]>> = {
  customers: () => customerRoutes(documentationOnly<CustomerDeps>()),
  activity: () => [
    ...activityRoutes(documentationOnly<ActivityDeps>()),
    ...segmentationConfigRoutes(documentationOnly<ConfigRouteDeps>()),
  ],
};

const PROBLEM_SCHEMA: JsonObject = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

function jsonSchema(schema: NonNullable<AnyRoute['body']>): JsonObject {
  // Refinements (checksums, cross-field rules) have no JSON Schema form; the API enforces them.
  const { $schema: _dialect, ...rest } = toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonObject;
  return rest;
}

function queryParameters(route: AnyRoute | undefined): JsonObject[] {
  if (route?.query === undefined) return [];
  const schema = jsonSchema(route.query);
  const properties = (schema.properties ?? {}) as Record<string, JsonObject>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.has(name),
    schema: property,
  }));
}

function pathParameters(path: string): JsonObject[] {
  return [...path.matchAll(/\{([^/}]+)\}/g)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
}

function operation(manifest: CapabilityManifest, spec: RouteSpec, route: AnyRoute | undefined): JsonObject {
  const problem = {
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
  return {
    operationId: `${manifest.name}:${spec.method} ${spec.path}`,
    tags: [manifest.name],
    ...(spec.authorized ? { security: [{ jwt: [] }] } : { security: [] }),
    parameters: [...pathParameters(spec.path), ...queryParameters(route)],
    ...(route?.body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(route.body) } },
          },
        }),
    responses: {
      '200': { description: 'Success (201 for a creation, 202 for an accepted erasure request)' },
      '4XX': { description: 'The request was refused; nothing was written', ...problem },
      '5XX': { description: 'A server fault', ...problem },
    },
  };
}

/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the manifests' routes and the
 * same zod schemas the handlers validate with. Served by the local cloud at `/docs`.
 */
export function buildOpenApiDocument(manifests: readonly CapabilityManifest[] = capabilities): JsonObject {
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const manifest of manifests) {
    const routes = ROUTE_SOURCES[manifest.name]?.() ?? [];
    for (const spec of manifest.api?.routes ?? []) {
      const route = routes.find(
        (candidate) => candidate.method === spec.method && candidate.path === spec.path,
      );
      paths[spec.path] ??= {};
      const item = paths[spec.path];
      if (item !== undefined) item[spec.method.toLowerCase()] = operation(manifest, spec, route);
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'FinCRM API',
      version: '1',
      description:
        'Serverless CRM for financial institutions. Errors are RFC 9457 problem documents; updates use ETag/If-Match.',
    },
    paths,
    components: {
      securitySchemes: { jwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: PROBLEM_SCHEMA },
    },
  };
}
