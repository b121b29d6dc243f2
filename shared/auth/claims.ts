import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { ForbiddenError, UnauthorizedError } from '../http/problem.js';
import { type AuthContext, type HumanRole, INGEST_SCOPE, ROLES } from './types.js';

/** An HTTP API event with or without the JWT authorizer's context. */
export type HttpApiEvent = APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer;

type ClaimValue = string | number | boolean | readonly string[];

/** Claim names; the custom ones are Cognito user-pool attributes (any OIDC issuer can mint them). */
export const CLAIMS = {
  groups: 'cognito:groups',
  branch: 'custom:branch',
  rmId: 'custom:rmId',
  scope: 'scope',
  subject: 'sub',
} as const;

interface VerifiedToken {
  readonly claims: Readonly<Record<string, ClaimValue>>;
  readonly scopes: readonly string[];
}

function verifiedToken(event: HttpApiEvent): VerifiedToken | undefined {
  const authorizer: unknown =
    'authorizer' in event.requestContext ? event.requestContext.authorizer : undefined;
  if (typeof authorizer !== 'object' || authorizer === null || !('jwt' in authorizer)) return undefined;
  const { jwt } = authorizer;
  if (typeof jwt !== 'object' || jwt === null || !('claims' in jwt)) return undefined;
  const { claims } = jwt;
  if (typeof claims !== 'object' || claims === null) return undefined;
  const scopes = 'scopes' in jwt && Array.isArray(jwt.scopes) ? jwt.scopes.filter(isString) : [];
  return { claims: claims as Record<string, ClaimValue>, scopes };
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

/**
 * Reads a claim that may be a list. API Gateway flattens array claims into a string: `[a b]`,
 * `[a, b]` or `["a","b"]` depending on the issuer; a real array (local cloud) is taken as is.
 * @example listClaim('[relationship-manager]') // ['relationship-manager']
 */
export function listClaim(value: ClaimValue | undefined): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value))
    return value
      .filter(isString)
      .map((item) => item.trim())
      .filter(Boolean);
  if (typeof value !== 'string') return [String(value)];
  const trimmed = value.trim();
  const inner = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
  return inner
    .split(/[\s,]+/)
    .map((item) => item.replace(/^"|"$/g, ''))
    .filter((item) => item.length > 0);
}

function stringClaim(value: ClaimValue | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function isRole(value: string): value is HumanRole {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * OAuth scopes of the verified token, from the authorizer's `scopes` and the `scope` claim.
 * Machine clients (no group) are identified by these.
 */
export function scopesFromEvent(event: HttpApiEvent): string[] {
  const token = verifiedToken(event);
  if (token === undefined) return [];
  return [...new Set([...token.scopes, ...listClaim(token.claims[CLAIMS.scope])])];
}

/**
 * The caller's AuthContext from the JWT authorizer's verified claims.
 * No claims or no subject → 401; not exactly one known role among `cognito:groups` → 403.
 * A token with no group at all whose scopes include `crm/ingest` is a machine client: role
 * `ingestion-client`, which the policy allows to post transactions and nothing else.
 * @example const auth = authContextFromEvent(event); // { sub, role: 'supervisor', branch: '0101', scopes: [] }
 */
export function authContextFromEvent(event: HttpApiEvent): AuthContext {
  const token = verifiedToken(event);
  const sub = stringClaim(token?.claims[CLAIMS.subject]);
  if (token === undefined || sub === undefined) throw new UnauthorizedError();
  const roles = [...new Set(listClaim(token.claims[CLAIMS.groups]).filter(isRole))];
  const scopes = scopesFromEvent(event);
  if (listClaim(token.claims[CLAIMS.groups]).length === 0 && scopes.includes(INGEST_SCOPE)) {
    return { sub, role: 'ingestion-client', branch: undefined, rmId: undefined, scopes };
  }
  const [role] = roles;
  if (role === undefined || roles.length !== 1) {
    throw new ForbiddenError('The caller must hold exactly one CRM role', {
      code: 'role-required',
      reason: roles.length === 0 ? 'no known role in groups' : 'more than one role in groups',
    });
  }
  return {
    sub,
    role,
    branch: stringClaim(token.claims[CLAIMS.branch]),
    rmId: stringClaim(token.claims[CLAIMS.rmId]),
    scopes,
  };
}
