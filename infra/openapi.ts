import { toJSONSchema } from 'zod/v4/core';
import { capabilities } from '../functions/capabilities.js';
import type { CapabilityDefinition } from '../shared/capability/types.js';
import {
  type AnyRouteContract,
  type ProblemStatus,
  problemStatusesOf,
  REQUEST_HEADERS,
  RESPONSE_HEADERS,
} from '../shared/http/contract.js';
import { PROBLEM_TYPE_BASE } from '../shared/http/problem.js';
import {
  gatewayErrorSchema,
  problemDocumentSchema,
  validationProblemSchema,
} from '../shared/http/problem-schema.js';
import * as z from '../shared/zod.js';

type JsonObject = Record<string, unknown>;

/** What each problem status means, as documented on every operation that can answer it. */
const PROBLEM_DESCRIPTIONS: Readonly<Record<ProblemStatus, string>> = {
  400: 'The request cannot be read: malformed JSON, a body the operation does not take, or a malformed header',
  401: 'No valid bearer token',
  403: 'The caller’s role may not perform this action, or not on this record',
  404: 'No such resource, or one outside the caller’s scope (the two are not told apart)',
  405: 'The path exists, but not with this method; `Allow` lists the methods it has',
  409: 'The request conflicts with the resource’s current state',
  410: 'The resource is gone for good (an expired link)',
  412: 'If-Match names a version that is not the current one, or is a weak tag (which never matches): read the resource again. `code` is `stale-version`',
  413: 'The body is larger than the operation accepts',
  415: 'The body is not application/json',
  422: 'The request breaks a rule of the schema or of the domain; `errors` says where',
  428: 'The update needs an If-Match header',
  429: 'Too many requests; `Retry-After` says when to try again',
  503: 'The service did not answer in time',
};

const PROBLEM_HEADERS: Partial<Record<ProblemStatus, JsonObject>> = {
  401: { 'WWW-Authenticate': { schema: { type: 'string' }, description: '`Bearer`' } },
  405: { Allow: { schema: { type: 'string' }, description: 'The methods the path has' } },
  429: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' } },
};

/**
 * Statuses API Gateway answers itself in AWS, before or instead of the function: the JWT
 * authorizer's 401, a body over its 10 MB (413), throttling (429), an integration failure or
 * timeout (500, 503). Those bodies are its own `{"message": …}` in `application/json`, which
 * no configuration of an HTTP API changes; the local cloud's gateway writes problem documents.
 */
export const GATEWAY_STATUSES: ReadonlySet<number> = new Set([401, 413, 429, 500, 503]);

function jsonSchema(schema: z.core.$ZodType, io: 'input' | 'output'): JsonObject {
  // Refinements (checksums, cross-field rules) have no JSON Schema form; the API enforces them.
  const { $schema: _dialect, ...rest } = toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  return rest;
}

function objectProperties(schema: z.core.$ZodType): {
  properties: Record<string, JsonObject>;
  required: Set<string>;
} {
  const json = jsonSchema(schema, 'input');
  return {
    properties: (json.properties ?? {}) as Record<string, JsonObject>,
    required: new Set((json.required as string[] | undefined) ?? []),
  };
}

function parameters(contract: AnyRouteContract): JsonObject[] {
  const result: JsonObject[] = [];
  for (const [location, schema] of [
    ['path', contract.params],
    ['query', contract.query],
  ] as const) {
    if (schema === undefined) continue;
    const { properties, required } = objectProperties(schema);
    for (const [name, property] of Object.entries(properties)) {
      result.push({
        name,
        in: location,
        required: location === 'path' || required.has(name),
        schema: property,
      });
    }
  }
  for (const [name, presence] of Object.entries(contract.headers ?? {})) {
    result.push({
      name: headerName(name),
      in: 'header',
      required: presence === 'required',
      description: REQUEST_HEADERS[name as keyof typeof REQUEST_HEADERS],
      schema: { type: 'string' },
    });
  }
  return result;
}

/** `if-match` → `If-Match`: documented as people write them (HTTP header names ignore case). */
function headerName(lowerCase: string): string {
  return lowerCase
    .split('-')
    .map((part) => (part === 'etag' ? 'ETag' : `${part.charAt(0).toUpperCase()}${part.slice(1)}`))
    .join('-');
}

function successResponses(contract: AnyRouteContract): Record<string, JsonObject> {
  const responses: Record<string, JsonObject> = {};
  for (const [status, response] of Object.entries(contract.responses)) {
    const headers = Object.fromEntries(
      (response.headers ?? []).map((name) => [
        headerName(name),
        { schema: { type: 'string' }, description: RESPONSE_HEADERS[name] },
      ]),
    );
    responses[status] = {
      description: response.description,
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
      ...(response.schema === undefined
        ? {}
        : {
            content: {
              'application/json': {
                schema: jsonSchema(response.schema, 'output'),
                ...(response.example === undefined ? {} : { example: response.example }),
              },
              ...Object.fromEntries(
                (response.textForms ?? []).map((form) => [
                  form.mediaType,
                  { schema: { type: 'string' }, example: form.example },
                ]),
              ),
            },
          }),
    };
  }
  return responses;
}

function problemResponses(contract: AnyRouteContract): Record<string, JsonObject> {
  const responses: Record<string, JsonObject> = {};
  for (const status of problemStatusesOf(contract)) {
    responses[String(status)] = { $ref: `#/components/responses/Problem${status}` };
  }
  responses['500'] = { $ref: '#/components/responses/Problem500' };
  return responses;
}

function rolesOf(definition: CapabilityDefinition, contract: AnyRouteContract): string[] {
  if (contract.action === null) return [];
  return Object.keys(definition.policy.rowOf(contract.action).roles);
}

function operation(definition: CapabilityDefinition, contract: AnyRouteContract): JsonObject {
  const roles = rolesOf(definition, contract);
  const access =
    contract.action === null
      ? 'Public: no token.'
      : `Policy action \`${contract.action}\`: ${roles.map((role) => `\`${role}\``).join(', ')}.`;
  return {
    operationId: operationId(contract),
    summary: contract.summary,
    description: [contract.description, access].filter((part) => part !== undefined).join('\n\n'),
    tags: [definition.name],
    ...(contract.action === null ? { security: [] } : { security: [{ jwt: [] }] }),
    'x-policy-action': contract.action,
    parameters: parameters(contract),
    ...(contract.body === undefined
      ? {}
      : {
          requestBody: {
            // A body whose every field has a default may be left out (an erasure request).
            required: !z.safeParse(contract.body, undefined).success,
            content: {
              'application/json': { schema: jsonSchema(contract.documentedBody ?? contract.body, 'input') },
            },
          },
        }),
    responses: { ...successResponses(contract), ...problemResponses(contract) },
  };
}

/** A stable, generator-friendly name: the contract's path and method in camelCase. */
function operationId(contract: AnyRouteContract): string {
  const words = contract.path
    .split('/')
    .filter((part) => part !== '' && part !== 'v1')
    .map((part) => part.replace(/[{}]/g, '').replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()));
  const pascal = words.map((word) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`).join('');
  return `${contract.method.toLowerCase()}${pascal}`;
}

/**
 * The problem bodies, from the zod schemas problem responses are checked against (contract and
 * e2e tests), so the document says exactly what is sent: strict objects, `type` under
 * {@link PROBLEM_TYPE_BASE}, and on a 422 `errors` always present (a client reads it without
 * testing for its absence).
 */
function problemSchemas(): Record<string, JsonObject> {
  return {
    Problem: {
      ...jsonSchema(problemDocumentSchema, 'output'),
      description: `RFC 9457 problem details. \`type\` is ${PROBLEM_TYPE_BASE}<slug>; \`code\` is stable and machine-readable.`,
    },
    ValidationProblem: {
      ...jsonSchema(validationProblemSchema, 'output'),
      description:
        'RFC 9457 problem details of a 422: `errors` has one entry per field at fault (the value is never echoed).',
    },
    GatewayError: {
      ...jsonSchema(gatewayErrorSchema, 'output'),
      description: 'What API Gateway answers itself in AWS (not RFC 9457): `{"message": "Unauthorized"}`',
    },
  };
}

function problemComponents(): Record<string, JsonObject> {
  const components: Record<string, JsonObject> = {};
  const described: [status: string, description: string][] = [
    ...Object.entries(PROBLEM_DESCRIPTIONS),
    ['500', 'A server fault; the body reveals nothing (quote its requestId)'],
  ];
  for (const [status, description] of described) {
    const headers = PROBLEM_HEADERS[Number(status) as ProblemStatus];
    const byGateway = GATEWAY_STATUSES.has(Number(status));
    components[`Problem${status}`] = {
      description: byGateway
        ? `${description}. In AWS, API Gateway may answer this itself, with \`{"message": …}\``
        : description,
      ...(headers === undefined ? {} : { headers }),
      content: {
        'application/problem+json': {
          schema: { $ref: `#/components/schemas/${status === '422' ? 'ValidationProblem' : 'Problem'}` },
        },
        ...(byGateway
          ? { 'application/json': { schema: { $ref: '#/components/schemas/GatewayError' } } }
          : {}),
      },
    };
  }
  return components;
}

/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the capabilities' route contracts
 * (the same zod schemas the handlers validate with). Served by the local cloud at `/docs`;
 * the typed client of the e2e tests is generated from it.
 */
export function buildOpenApiDocument(
  definitions: readonly CapabilityDefinition[] = capabilities,
): JsonObject {
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const definition of definitions) {
    for (const contract of definition.api?.routes ?? []) {
      paths[contract.path] ??= {};
      const item = paths[contract.path];
      if (item !== undefined) item[contract.method.toLowerCase()] = operation(definition, contract);
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'FinCRM API',
      version: '1',
      description: [
        'Serverless CRM for financial institutions. JSON, camelCase; money in integer minor units with a currency; times in ISO 8601 UTC.',
        'Errors are RFC 9457 `application/problem+json` documents with a stable `type` and `code`. A path asked with a method it does not have answers 405 with `Allow`; an unknown path answers 404.',
        'Updates use optimistic concurrency: send the ETag you read in If-Match (strong comparison: a weak tag `W/"…"` never matches; 428 without it, 412 `stale-version` when it does not match). Creates accept an Idempotency-Key.',
      ].join('\n\n'),
    },
    tags: definitions
      .filter((definition) => (definition.api?.routes.length ?? 0) > 0)
      .map((definition) => ({ name: definition.name, description: definition.summary })),
    paths,
    components: {
      securitySchemes: { jwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: problemSchemas(),
      responses: problemComponents(),
    },
  };
}
