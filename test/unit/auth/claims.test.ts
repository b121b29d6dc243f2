import { describe, expect, it } from 'vitest';
import { authContextFromEvent, listClaim, scopesFromEvent } from '../../../shared/auth/claims.js';
import { ROLES } from '../../../shared/auth/types.js';
import { ForbiddenError, UnauthorizedError } from '../../../shared/http/problem.js';
import { httpEvent } from '../../support/http-event.js';

describe('listClaim', () => {
  it.each([
    ['API Gateway bracket form', '[relationship-manager]', ['relationship-manager']],
    ['bracket form with spaces', '[staff supervisor]', ['staff', 'supervisor']],
    ['bracket form with commas', '[staff, supervisor]', ['staff', 'supervisor']],
    ['JSON array string', '["staff","supervisor"]', ['staff', 'supervisor']],
    ['a plain string', 'supervisor', ['supervisor']],
    ['a real array', ['staff', ' supervisor '], ['staff', 'supervisor']],
    ['an empty list', '[]', []],
    ['nothing', undefined, []],
  ])('reads %s', (_label, value, expected) => {
    // Act / Assess
    expect(listClaim(value)).toEqual(expected);
  });
});

describe('authContextFromEvent', () => {
  it('builds the context from Cognito claims', () => {
    // Prepare
    const event = httpEvent({
      claims: {
        sub: 'u-1',
        'cognito:groups': '[relationship-manager]',
        'custom:branch': '0101',
        'custom:rmId': 'rm-7',
      },
    });

    // Act
    const ctx = authContextFromEvent(event);

    // Assess
    expect(ctx).toEqual({
      sub: 'u-1',
      role: 'relationship-manager',
      branch: '0101',
      rmId: 'rm-7',
      scopes: [],
    });
  });

  it.each(ROLES)('takes the %s group as that role', (role) => {
    // Prepare
    const event = httpEvent({ claims: { sub: 'u-3', 'cognito:groups': `[${role}]` } });

    // Act / Assess
    expect(authContextFromEvent(event).role).toBe(role);
  });

  it('ignores groups that are not CRM roles', () => {
    // Prepare
    const event = httpEvent({
      claims: { sub: 'u-2', 'cognito:groups': '["eu-west-staff","compliance-officer"]' },
    });

    // Act
    const ctx = authContextFromEvent(event);

    // Assess
    expect(ctx.role).toBe('compliance-officer');
    expect(ctx.branch).toBeUndefined();
    expect(ctx.rmId).toBeUndefined();
  });

  it('treats empty branch and RM id claims as absent', () => {
    // Prepare
    const event = httpEvent({
      claims: { sub: 'u-3', 'cognito:groups': ['supervisor'], 'custom:branch': ' ', 'custom:rmId': '' },
    });

    // Act
    const ctx = authContextFromEvent(event);

    // Assess
    expect(ctx.branch).toBeUndefined();
    expect(ctx.rmId).toBeUndefined();
  });

  it('collects scopes from the authorizer and the scope claim', () => {
    // Prepare
    const event = httpEvent({
      claims: { sub: 'u-4', 'cognito:groups': '[admin]', scope: 'crm/ingest crm/read' },
      scopes: ['crm/ingest', 'openid'],
    });

    // Act / Assess
    expect(authContextFromEvent(event).scopes.slice().sort()).toEqual(['crm/ingest', 'crm/read', 'openid']);
  });

  it('refuses a request without claims (401)', () => {
    // Act / Assess
    expect(() => authContextFromEvent(httpEvent())).toThrow(UnauthorizedError);
  });

  it('refuses claims without a subject (401)', () => {
    // Act / Assess
    expect(() => authContextFromEvent(httpEvent({ claims: { 'cognito:groups': '[admin]' } }))).toThrow(
      UnauthorizedError,
    );
  });

  it.each([
    ['no group and no ingestion scope', { sub: 'client-1', scope: 'crm/other' }],
    [
      'a group beside the ingestion scope (a person, not a machine)',
      { sub: 'u-4', 'cognito:groups': '[staff]', scope: 'crm/ingest' },
    ],
    ['only unknown groups', { sub: 'u-5', 'cognito:groups': '[staff]' }],
    ['two roles', { sub: 'u-6', 'cognito:groups': '[supervisor relationship-manager]' }],
  ])('refuses %s (403)', (_label, claims) => {
    // Act / Assess
    expect(() => authContextFromEvent(httpEvent({ claims }))).toThrow(ForbiddenError);
  });

  it('takes a group-less token with the ingestion scope as the ingestion client, with no branch or book', () => {
    // Prepare
    const event = httpEvent({ claims: { sub: 'client-1', scope: 'openid crm/ingest' } });

    // Act
    const auth = authContextFromEvent(event);

    // Assess
    expect(auth).toEqual({
      sub: 'client-1',
      role: 'ingestion-client',
      branch: undefined,
      rmId: undefined,
      scopes: ['openid', 'crm/ingest'],
    });
  });

  it('still exposes a machine client’s scopes', () => {
    // Prepare
    const event = httpEvent({ claims: { sub: 'client-1', scope: 'crm/ingest' } });

    // Act / Assess
    expect(scopesFromEvent(event)).toEqual(['crm/ingest']);
  });
});
