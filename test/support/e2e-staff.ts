import { expect } from 'vitest';
import { type ApiClient, apiClient, ok, type RequestBody } from './api-client.js';
import { devToken, type TestCloud } from './local-cloud.js';

/**
 * The staff of branch BJ01 in the local cloud, each with a typed client (RM `rm-e2e`, a service
 * agent, the supervisor, the head-office complaints unit), and the two things the engagement
 * tests do with them again and again: a POST with an `If-Match` (the typed client sends none),
 * and a complaint handled from receipt to closure through the complaints API.
 */
export interface E2eStaff {
  readonly rm: ApiClient;
  readonly agent: ApiClient;
  readonly supervisor: ApiClient;
  readonly manager: ApiClient;
  /** POST `body` with `If-Match: etag`; expects 200 and answers the new ETag and the body. */
  post(
    client: ApiClient,
    path: string,
    etag: string,
    body?: Record<string, unknown>,
  ): Promise<{ etag: string; body: Record<string, unknown> }>;
  /** A complaint received about `customerId`, handled by the agent to its closure; its id. */
  closeComplaint(
    customerId: string,
    complaint: { description: string; customerRequest: string },
  ): Promise<string>;
}

export async function e2eStaff(cloud: TestCloud): Promise<E2eStaff> {
  const tokens = new Map<ApiClient, string>();
  const client = async (claims: Parameters<typeof devToken>[1]) => {
    const token = await devToken(cloud, claims);
    const api = apiClient(cloud, token);
    tokens.set(api, `Bearer ${token}`);
    return api;
  };
  const rm = await client({ sub: 'e2e-rm', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-e2e' });
  const agent = await client({ sub: 'e2e-agent', role: 'service-agent', branch: 'BJ01' });
  const supervisor = await client({ sub: 'e2e-sup', role: 'supervisor', branch: 'BJ01' });
  const manager = await client({ sub: 'e2e-cm', role: 'complaints-manager' });

  const post: E2eStaff['post'] = async (caller, path, etag, body) => {
    const response = await fetch(`${cloud.apiUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: tokens.get(caller) ?? '',
        'if-match': etag,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer: unknown = await response.json();
    expect(response.status, `${path}: ${JSON.stringify(answer)}`).toBe(200);
    return {
      etag: response.headers.get('etag') ?? etag,
      body: typeof answer === 'object' && answer !== null ? Object.fromEntries(Object.entries(answer)) : {},
    };
  };

  const closeComplaint: E2eStaff['closeComplaint'] = async (customerId, complaint) => {
    const created = await agent.POST('/v1/complaints', {
      body: {
        customerId,
        channel: 'phone',
        category: 'service-attitude',
        ...complaint,
      } satisfies RequestBody<'/v1/complaints', 'post'>,
    });
    const complaintId = ok(created).complaintId;
    let etag = created.response.headers.get('etag') ?? '';
    const step = async (caller: ApiClient, action: string, body?: Record<string, unknown>) => {
      etag = (await post(caller, `/v1/complaints/${complaintId}/${action}`, etag, body)).etag;
    };
    await step(agent, 'assign', { assignee: 'e2e-agent' });
    await step(agent, 'acknowledge');
    await step(agent, 'initial-handling');
    await step(supervisor, 'decision', { outcome: 'upheld', remedies: [{ type: 'explanation' }] });
    await step(agent, 'review-requests');
    await step(manager, 'review-decision', { outcome: 'upheld' });
    await step(agent, 'close', {
      rootCause: 'staff-conduct',
      remediationActions: [{ action: 'staff-coaching', owner: 'staff-e2e', dueDate: '2026-06-30' }],
    });
    await cloud.settle();
    return complaintId;
  };

  return { rm, agent, supervisor, manager, post, closeComplaint };
}
