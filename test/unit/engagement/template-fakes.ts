import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { templateApi } from '../../../functions/engagement/api/template-handlers.js';
import { engagementPolicy } from '../../../functions/engagement/policy.js';
import type {
  SavedTemplate,
  TemplateSaveOutcome,
  TemplateStore,
} from '../../../functions/engagement/store/template-store.js';
import { createHttpApi } from '../../../shared/http/api-handler.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { httpEvent, lambdaContext } from '../../support/http-event.js';

/** An in-memory TemplateStore with the same version rule as the DynamoDB one. */
export class FakeTemplateStore implements TemplateStore {
  readonly versions = new Map<string, SavedTemplate[]>();
  writes = 0;

  async current(templateId: string): Promise<SavedTemplate | undefined> {
    return this.versions.get(templateId)?.at(-1);
  }

  async version(templateId: string, version: number): Promise<SavedTemplate | undefined> {
    return this.versions.get(templateId)?.find((saved) => saved.version === version);
  }

  async list(): Promise<SavedTemplate[]> {
    return [...this.versions.values()].flatMap((versions) => versions.slice(-1));
  }

  async save(expectedVersion: number | undefined, template: SavedTemplate): Promise<TemplateSaveOutcome> {
    const versions = this.versions.get(template.templateId) ?? [];
    if (versions.at(-1)?.version !== expectedVersion) return { ok: false, reason: 'version-conflict' };
    this.versions.set(template.templateId, [...versions, template]);
    this.writes += 1;
    return { ok: true };
  }
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly json: Record<string, unknown>;
}

export type Role = 'admin' | 'supervisor' | 'relationship-manager' | 'analyst';

/** The template routes over `store`, called as a user of `role` (undefined: no token). */
export function templatesApi(
  store: TemplateStore,
  clock = new ControlledClock(new Date('2026-03-02T02:00:00Z')),
) {
  const handler = createHttpApi(templateApi({ store, clock }), { policy: engagementPolicy });
  return async function call(
    role: Role | undefined,
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<TestResponse> {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const result = (await handler(
      httpEvent({
        method,
        path,
        routeKey: '$default',
        ...(body === undefined ? {} : { body }),
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
        ...(role === undefined
          ? {}
          : {
              claims: {
                sub: `${role}-1`,
                'cognito:groups': `[${role}]`,
                'custom:branch': 'BJ001',
                'custom:rmId': 'rm-7',
              },
            }),
      }),
      lambdaContext(),
    )) as APIGatewayProxyStructuredResultV2;
    const text = typeof result.body === 'string' ? result.body : '';
    const parsed: unknown = text === '' ? undefined : JSON.parse(text);
    return {
      status: result.statusCode ?? 0,
      headers: Object.fromEntries(
        Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
      ),
      json: typeof parsed === 'object' && parsed !== null ? Object.fromEntries(Object.entries(parsed)) : {},
    };
  };
}
