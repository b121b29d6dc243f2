import { describe, expect, it } from 'vitest';
import { capabilities } from '../../../functions/capabilities.js';
import { buildOpenApiDocument } from '../../../infra/openapi.js';
import * as z from '../../../shared/zod.js';
import { stubCapability, stubRoute } from '../../support/capability-fixtures.js';

type Operation = {
  security: unknown[];
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: { required: boolean; content: { 'application/json': { schema: Record<string, unknown> } } };
};

describe('OpenAPI document', () => {
  const document = buildOpenApiDocument();
  const paths = document.paths as Record<string, Record<string, Operation>>;
  const op = (method: string, path: string): Operation => {
    const found = paths[path]?.[method];
    if (found === undefined) throw new Error(`${method} ${path} is not documented`);
    return found;
  };

  it('documents every route of every capability, and nothing else', () => {
    const documented = Object.entries(paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const declared = capabilities.flatMap((c) => (c.api?.routes ?? []).map((r) => `${r.method} ${r.path}`));

    expect(document.openapi).toBe('3.1.0');
    expect(documented.sort()).toEqual(declared.sort());
  });

  it('takes request bodies from the validation schemas, strict as they are', () => {
    const create = op('post', '/v1/customers').requestBody?.content['application/json'].schema;
    const text = JSON.stringify(create);

    expect(text).toContain('"individual"');
    expect(text).toContain('"corporate"');
    expect(text).toContain('"legalRepresentative"');
    expect(text).toContain('"additionalProperties":false');
    expect(text).not.toContain('password');
  });

  it('marks a request body optional only where every field has a default (an erasure request)', () => {
    const withBody = Object.entries(paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, operation]) => operation.requestBody !== undefined)
        .map(([method, operation]) => [`${method.toUpperCase()} ${path}`, operation.requestBody?.required]),
    );

    expect(Object.fromEntries(withBody)).toMatchObject({
      'POST /v1/customers/{customerId}/erasure-requests': false,
      'POST /v1/customers': true,
      'PUT /v1/customers/{customerId}/consents/{purpose}': true,
    });
    expect(withBody.filter(([, required]) => required === false)).toHaveLength(1);
  });

  it('describes query and path parameters, and which routes need a token', () => {
    const list = op('get', '/v1/customers');
    const read = op('get', '/v1/customers/{customerId}');

    expect(list.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['branch', 'rmId', 'customerType', 'relationship', 'limit', 'cursor']),
    );
    expect(read.parameters).toContainEqual(
      expect.objectContaining({ name: 'customerId', in: 'path', required: true }),
    );
    expect(op('get', '/v1/health').security).toEqual([]);
    expect(read.security).toEqual([{ jwt: [] }]);
  });

  describe('problem answers', () => {
    const components = document.components as {
      schemas: Record<string, { required?: string[]; additionalProperties?: unknown }>;
      responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }>;
    };
    const schemaOf = (response: string, mediaType: string) =>
      components.responses[response]?.content[mediaType]?.schema.$ref;

    it('are described by the schemas the responses are checked with: strict, and a 422 always has errors', () => {
      expect(components.schemas.Problem).toMatchObject({
        additionalProperties: false,
        required: ['type', 'title', 'status', 'detail', 'code'],
      });
      expect(components.schemas.ValidationProblem?.required).toContain('errors');
      expect(schemaOf('Problem422', 'application/problem+json')).toBe(
        '#/components/schemas/ValidationProblem',
      );
      expect(schemaOf('Problem404', 'application/problem+json')).toBe('#/components/schemas/Problem');
    });

    it('admit API Gateway’s own {"message"} body where AWS answers before the function, and only there', () => {
      const byGateway = Object.keys(components.responses).filter(
        (name) => schemaOf(name, 'application/json') === '#/components/schemas/GatewayError',
      );

      expect(byGateway.sort()).toEqual([
        'Problem401',
        'Problem413',
        'Problem429',
        'Problem500',
        'Problem503',
      ]);
      expect(components.schemas.GatewayError?.required).toEqual(['message']);
    });
  });

  it('documents an answer’s text forms (a CSV export) beside its JSON, each with its example', () => {
    const exportRoute = {
      ...stubRoute('GET', '/v1/stub/report'),
      responses: {
        200: {
          description: 'The report',
          schema: z.strictObject({ total: z.number() }),
          example: { total: 3 },
          textForms: [{ mediaType: 'text/csv', example: 'key,value\r\ntotal,3\r\n' }],
        },
      },
    };
    const withExport = buildOpenApiDocument([
      stubCapability({ name: 'stub', api: { functionId: 'Stub', routes: [exportRoute] } }),
    ]);
    const answer = (
      withExport.paths as Record<
        string,
        Record<string, { responses: Record<string, { content: Record<string, unknown> }> }>
      >
    )['/v1/stub/report']?.get?.responses['200'];

    expect(answer?.content).toEqual({
      'application/json': expect.objectContaining({ example: { total: 3 } }),
      'text/csv': { schema: { type: 'string' }, example: 'key,value\r\ntotal,3\r\n' },
    });
  });
});
