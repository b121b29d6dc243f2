import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { capabilities } from '../../functions/capabilities.js';
import { buildApp } from '../../infra/build-app.js';
import type { CrmStack } from '../../infra/crm-stack.js';
import { stageSettings } from '../../infra/stage.js';
import { appTemplate, logicalId, referencedIds } from './support.js';

let stack: CrmStack;
let template: Template;

beforeAll(() => {
  stack = buildApp({ stage: 'dev', bundle: false, throttle: { rateLimit: 7, burstLimit: 11 } }).stack;
  template = appTemplate(stack);
});

type Resource = { Properties: Record<string, unknown> };
const routes = (): Resource[] =>
  Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as Resource[];

describe('HTTP API routes', () => {
  it('has exactly one route per route contract, and the $default route for everything else', () => {
    const expected = [
      ...capabilities.flatMap((capability) =>
        (capability.api?.routes ?? []).map((route) => `${route.method} ${route.path}`),
      ),
      '$default',
    ];
    const actual = routes().map((route) => route.Properties.RouteKey);
    expect([...actual].sort()).toEqual([...expected].sort());
  });

  it('puts the JWT authorizer on every route except the public health check and the public survey routes', () => {
    const authorizerId = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'))[0];
    for (const capability of capabilities) {
      for (const spec of capability.api?.routes ?? []) {
        const route = routes().find((entry) => entry.Properties.RouteKey === `${spec.method} ${spec.path}`);
        if (spec.action !== null) {
          expect(route?.Properties.AuthorizationType, spec.path).toBe('JWT');
          expect(route?.Properties.AuthorizerId, spec.path).toEqual({ Ref: authorizerId });
        } else {
          expect(spec.path === '/v1/health' || spec.path.startsWith('/v1/public/'), spec.path).toBe(true);
          expect(route?.Properties.AuthorizationType ?? 'NONE', spec.path).toBe('NONE');
          expect(route?.Properties.AuthorizerId, spec.path).toBeUndefined();
        }
      }
    }
  });

  it('sends unmatched requests ($default, no authorizer) to the platform function, which knows every route key', () => {
    const fallback = routes().find((entry) => entry.Properties.RouteKey === '$default');
    const platform = stack.capabilities.find((capability) => capability.definition.api?.fallback === true);
    const fn = platform?.functions.get(platform.definition.api?.functionId ?? '');
    if (fallback === undefined || fn === undefined) throw new Error('no $default route or platform function');
    expect(fallback.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    const target = JSON.stringify(fallback.Properties.Target);
    const integrationId = Object.keys(integrations).find((id) => target.includes(id)) ?? '';
    expect(referencedIds(integrations[integrationId]?.Properties.IntegrationUri).has(logicalId(fn.fn))).toBe(
      true,
    );
    const functions = template.findResources('AWS::Lambda::Function');
    const properties = functions[logicalId(fn.fn)]?.Properties as
      | { Environment: { Variables: Record<string, string> } }
      | undefined;
    const variables = properties?.Environment.Variables ?? {};
    const keys = variables.API_ROUTE_KEYS?.split(';') ?? [];
    expect(keys).toContain('POST /v1/customers');
    expect(keys).toContain('GET /v1/customers/{customerId}/profile');
    // Lambda allows 4 KB of environment per function: the route table must stay well inside it.
    expect(JSON.stringify(variables).length).toBeLessThan(3000);
  });

  it("sends each capability's routes to that capability's API function", () => {
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    for (const capability of stack.capabilities) {
      const api = capability.definition.api;
      if (!api) continue;
      const fn = capability.functions.get(api.functionId);
      expect(fn).toBeDefined();
      const fnId = fn ? logicalId(fn.fn) : '';
      for (const spec of api.routes) {
        const route = routes().find((entry) => entry.Properties.RouteKey === `${spec.method} ${spec.path}`);
        const target = JSON.stringify(route?.Properties.Target);
        const integrationId = Object.keys(integrations).find((id) => target.includes(id));
        expect(integrationId, spec.path).toBeDefined();
        const uri = integrationId ? integrations[integrationId]?.Properties.IntegrationUri : undefined;
        expect(referencedIds(uri).has(fnId), spec.path).toBe(true);
      }
    }
  });
});

describe('JWT authorizer', () => {
  it('trusts the user pool issuer (built on the partition URL suffix) for the app clients', () => {
    const auth = stack.auth;
    expect(auth).toBeDefined();
    if (!auth) return;
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: logicalId(auth.frontEndClient) }, { Ref: logicalId(auth.ingestClient) }],
        Issuer: {
          'Fn::Join': [
            '',
            [
              'https://cognito-idp.',
              { Ref: 'AWS::Region' },
              '.',
              { Ref: 'AWS::URLSuffix' },
              '/',
              { Ref: logicalId(auth.userPool) },
            ],
          ],
        },
      },
    });
  });
});

describe('default stage', () => {
  it('throttles the default route with the configured limits', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 7, ThrottlingBurstLimit: 11 },
    });
  });

  it('writes JSON access logs with ids, route, status and latency only', () => {
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    const settings = stage?.Properties.AccessLogSettings;
    expect(referencedIds(settings?.DestinationArn).size).toBe(1);
    const format: Record<string, string> = JSON.parse(settings?.Format);
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
      latency: '$context.responseLatency',
    });
    // No headers, query strings, raw paths, source IPs, user agents or identities.
    for (const value of Object.values(format)) {
      expect(value).not.toMatch(/header|querystring|path|sourceIp|userAgent|identity|authorizer\.claims/i);
    }
  });
});

describe('HTTP API route throttling', () => {
  const stageResource = (): { Properties: Record<string, unknown>; DependsOn?: string[] } => {
    const stages = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stages).toHaveLength(1);
    return stages[0] as { Properties: Record<string, unknown>; DependsOn?: string[] };
  };

  it('throttles the search by personal data tighter than writes, and every write route, per route on the stage', () => {
    const { routeThrottles } = stageSettings('dev');
    const settings = stageResource().Properties.RouteSettings as Record<string, Record<string, number>>;
    const contracts = capabilities.flatMap((capability) => capability.api?.routes ?? []);
    expect(contracts.filter((route) => route.lookup === true).map((route) => route.path)).toEqual([
      '/v1/customers/search',
    ]);
    for (const route of contracts) {
      const key = `${route.method} ${route.path}`;
      if (route.action === null && route.path.startsWith('/v1/public/')) {
        expect(settings[key], key).toEqual({
          ThrottlingRateLimit: routeThrottles.public.rateLimit,
          ThrottlingBurstLimit: routeThrottles.public.burstLimit,
        });
      } else if (route.lookup === true) {
        expect(settings[key], key).toEqual({
          ThrottlingRateLimit: routeThrottles.lookup.rateLimit,
          ThrottlingBurstLimit: routeThrottles.lookup.burstLimit,
        });
      } else if (route.method !== 'GET') {
        expect(settings[key], key).toEqual({
          ThrottlingRateLimit: routeThrottles.write.rateLimit,
          ThrottlingBurstLimit: routeThrottles.write.burstLimit,
        });
      } else {
        expect(settings[key], key).toBeUndefined();
      }
    }
    expect(routeThrottles.lookup.rateLimit).toBeLessThan(routeThrottles.write.rateLimit);
    // Anyone may call a public route (a survey link): the strictest class, GET and POST alike.
    expect(
      contracts.filter((route) => route.path.startsWith('/v1/public/')).map((route) => route.method),
    ).toEqual(['GET', 'POST']);
    for (const stage of ['dev', 'prod'] as const) {
      const limits = stageSettings(stage).routeThrottles;
      expect(limits.public.rateLimit, stage).toBeLessThan(limits.lookup.rateLimit);
      expect(limits.public.burstLimit, stage).toBeLessThan(limits.lookup.burstLimit);
    }
    // Reads keep the stage's default throttle.
    expect(stageResource().Properties.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: 7,
      ThrottlingBurstLimit: 11,
    });
  });

  it('creates the stage after the routes it throttles (their settings need the route keys)', () => {
    const dependsOn = new Set(stageResource().DependsOn ?? []);
    const routeIds = Object.entries(template.findResources('AWS::ApiGatewayV2::Route'))
      .filter(([, resource]) => String(resource.Properties.RouteKey).startsWith('POST /v1/customers/search'))
      .map(([id]) => id);
    expect(routeIds).toHaveLength(1);
    for (const id of routeIds) expect(dependsOn.has(id)).toBe(true);
  });
});

describe('API Gateway invoke permissions', () => {
  const API_ID = 'a1b2c3d4e5';
  /** A source ARN as CloudFormation would render it, this stack's API being `API_ID`. */
  const render = (value: unknown, apiLogicalId: string): string => {
    if (typeof value === 'string') return value;
    const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
    if (join !== undefined) return join[1].map((part) => render(part, apiLogicalId)).join(join[0]);
    const pseudo: Record<string, string> = {
      'AWS::Partition': 'aws',
      'AWS::Region': 'eu-west-1',
      'AWS::AccountId': '123456789012',
      [apiLogicalId]: API_ID,
    };
    const ref = (value as { Ref?: string }).Ref;
    if (ref !== undefined && pseudo[ref] !== undefined) return pseudo[ref];
    throw new Error(`unexpected value in a source ARN: ${JSON.stringify(value)}`);
  };
  /** Lambda compares the source ARN with ArnLike: `*` matches any run of characters. */
  const arnLike = (pattern: string, arn: string): boolean =>
    new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(arn);

  it("gives every API function exactly one permission, scoped to this stack's API, that every route it serves matches", () => {
    const apiLogicalId = logicalId(stack.platform.api.api);
    const integrations = Object.entries(template.findResources('AWS::ApiGatewayV2::Integration')) as [
      string,
      Resource,
    ][];
    /** The function each integration invokes, by integration logical id. */
    const targetOf = new Map(
      integrations.map(([id, integration]) => [
        id,
        [...referencedIds(integration.Properties.IntegrationUri)],
      ]),
    );
    const apiFunctions = new Set([...targetOf.values()].flat());
    expect(apiFunctions.size).toBe(capabilities.filter((capability) => capability.api !== undefined).length);
    const fromApiGateway = (
      Object.values(template.findResources('AWS::Lambda::Permission')) as Resource[]
    ).filter((permission) => permission.Properties.Principal === 'apigateway.amazonaws.com');
    // No API Gateway permission on a function the API does not integrate.
    for (const permission of fromApiGateway) {
      expect([...referencedIds(permission.Properties.FunctionName)].every((id) => apiFunctions.has(id))).toBe(
        true,
      );
    }
    const prefix = `arn:aws:execute-api:eu-west-1:123456789012:${API_ID}/`;
    for (const functionId of apiFunctions) {
      const own = fromApiGateway.filter((permission) =>
        referencedIds(permission.Properties.FunctionName).has(functionId),
      );
      expect(own, functionId).toHaveLength(1);
      const sourceArn = render(own[0]?.Properties.SourceArn, apiLogicalId);
      expect(sourceArn, functionId).toBe(`${prefix}*/*`);
      // Every route API Gateway invokes it through, the $default route (`<stage>/$default`) included.
      const served = routes().filter((route) =>
        [...referencedIds(route.Properties.Target)].some((id) => targetOf.get(id)?.includes(functionId)),
      );
      expect(served.length, functionId).toBeGreaterThan(0);
      for (const route of served) {
        const key = String(route.Properties.RouteKey);
        const invoked = key === '$default' ? '$default/$default' : `$default/${key.replace(' ', '')}`;
        expect(arnLike(sourceArn, `${prefix}${invoked}`), `${functionId} ${key}`).toBe(true);
      }
      // Attack: the same route through another API in the account.
      expect(
        arnLike(sourceArn, `arn:aws:execute-api:eu-west-1:123456789012:other00001/$default/$default`),
      ).toBe(false);
    }
  });
});
