import { ForbiddenError } from '../http/problem.js';
import type { AuthContext, Role } from './types.js';

/**
 * How a role may reach a record for one action:
 * - `all`: any record;
 * - `own-branch`: records whose branch is the caller's;
 * - `own-book`: records whose RM is the caller;
 * - `own-book-and-branch`: both (an RM creating a customer may only place it in their own book and branch);
 * - `agent-access`: records the caller was granted (an open case assigned to them, or a recent search hit);
 * - `open`: no record check at all (the action is not about one record, e.g. search, whose results are
 *   then filtered by another action's scope).
 */
export type AccessRule = 'all' | 'own-branch' | 'own-book' | 'own-book-and-branch' | 'agent-access' | 'open';

interface ActionPolicy {
  /** A collection action (a list) is allowed without a resource when the caller has a usable scope. */
  readonly collection?: boolean;
  /** For `open` rules: the action whose scope filters the results (see {@link scopeFilter}). */
  readonly filterBy?: string;
  readonly roles: Readonly<Partial<Record<Role, AccessRule>>>;
}

/**
 * THE access matrix (RBAC: which roles appear; ABAC: their rule). Deny by default: a role not
 * listed for an action may not do it. Later capabilities add their actions here, nowhere else.
 */
const POLICY = {
  'customer:create': {
    roles: { 'relationship-manager': 'own-book-and-branch', supervisor: 'own-branch' },
  },
  'customer:read': {
    roles: {
      'relationship-manager': 'own-book',
      supervisor: 'own-branch',
      'compliance-officer': 'all',
      'service-agent': 'agent-access',
    },
  },
  'customer:reveal': { roles: { 'compliance-officer': 'all' } },
  'customer:update': { roles: { 'relationship-manager': 'own-book', supervisor: 'own-branch' } },
  'customer:list': {
    collection: true,
    roles: { 'relationship-manager': 'own-book', supervisor: 'own-branch', 'compliance-officer': 'all' },
  },
  'customer:search': {
    filterBy: 'customer:read',
    roles: {
      'relationship-manager': 'open',
      'service-agent': 'open',
      supervisor: 'open',
      'compliance-officer': 'open',
    },
  },
  'customer:audit:read': { roles: { 'compliance-officer': 'all', supervisor: 'own-branch' } },
  'customer:consent:write': {
    roles: { 'relationship-manager': 'own-book', supervisor: 'own-branch', 'service-agent': 'agent-access' },
  },
  'customer:erasure:request': {
    roles: {
      'relationship-manager': 'own-book',
      supervisor: 'own-branch',
      'service-agent': 'agent-access',
      'compliance-officer': 'all',
    },
  },
  'review:list': {
    collection: true,
    roles: { 'relationship-manager': 'own-book', supervisor: 'own-branch', 'compliance-officer': 'all' },
  },
  'review:complete': { roles: { 'relationship-manager': 'own-book', supervisor: 'own-branch' } },
  // REFERENCE.md §1: the admin owns configuration (thresholds and weights of the grading).
  'segmentation-config:read': { roles: { admin: 'all' } },
  'segmentation-config:write': { roles: { admin: 'all' } },
  // Counts per segment, no personal information: analysts and admins everywhere, supervisors
  // for their own branch (a collection: scoped by scopeFilter).
  'segments:summary': {
    collection: true,
    roles: { analyst: 'all', admin: 'all', supervisor: 'own-branch' },
  },
  // Core systems without EventBridge post transactions (issue 4): admins, and machine clients
  // holding the ingestion scope.
  'transactions:ingest': { roles: { admin: 'all', 'ingestion-client': 'all' } },
} as const satisfies Record<string, ActionPolicy>;

/** Everything a caller may ask to do; one entry per row of the matrix. */
export type Action = keyof typeof POLICY;

/** Every action, for tests and documentation. */
export const ACTIONS = Object.keys(POLICY) as Action[];

/** The attributes of the record an action targets (ids and C1 only). */
export interface ResourceAttributes {
  readonly branch?: string | undefined;
  readonly rmId?: string | undefined;
  /** The customer has an open case assigned to the caller, or the caller found it by search within the grant window. */
  readonly agentAccess?: boolean | undefined;
}

export interface Decision {
  readonly allowed: boolean;
  /** Why, for logs and tests; holds no ids. */
  readonly reason: string;
}

/** Which records a list query may return. */
export type ScopeFilter =
  | { readonly kind: 'all' }
  | { readonly kind: 'branch'; readonly branch: string }
  | { readonly kind: 'rm'; readonly rmId: string }
  | { readonly kind: 'none' };

function policyOf(action: Action): ActionPolicy {
  return POLICY[action];
}

/** Equal and both present: an absent attribute never matches another absent one. */
function sameDefined(a: string | undefined, b: string | undefined): boolean {
  return typeof a === 'string' && a !== '' && a === b;
}

function checkRule(rule: AccessRule, ctx: AuthContext, resource: ResourceAttributes): Decision {
  switch (rule) {
    case 'all':
    case 'open':
      return { allowed: true, reason: `${rule}` };
    case 'own-branch':
      return sameDefined(ctx.branch, resource.branch)
        ? { allowed: true, reason: 'own branch' }
        : { allowed: false, reason: 'record is outside the caller’s branch' };
    case 'own-book':
      return sameDefined(ctx.rmId, resource.rmId)
        ? { allowed: true, reason: 'own book' }
        : { allowed: false, reason: 'record is outside the caller’s book' };
    case 'own-book-and-branch':
      if (!sameDefined(ctx.rmId, resource.rmId)) {
        return { allowed: false, reason: 'record is outside the caller’s book' };
      }
      return sameDefined(ctx.branch, resource.branch)
        ? { allowed: true, reason: 'own book and branch' }
        : { allowed: false, reason: 'record is outside the caller’s branch' };
    case 'agent-access':
      return resource.agentAccess === true
        ? { allowed: true, reason: 'agent access granted' }
        : { allowed: false, reason: 'no case or search grant for this record' };
  }
}

/**
 * Decides whether the caller may perform `action` on a record with `resource`'s attributes.
 * Deny by default. For a collection action (`customer:list`, `review:list`) called without a
 * resource, the answer is whether the caller has a usable list scope.
 * @example decide(ctx, 'customer:update', { rmId: 'rm-7', branch: '0101' })
 */
export function decide(ctx: AuthContext, action: Action, resource?: ResourceAttributes): Decision {
  const policy = policyOf(action);
  const rule = policy.roles[ctx.role];
  if (rule === undefined) return { allowed: false, reason: `role ${ctx.role} may not ${action}` };
  if (resource === undefined) {
    if (rule === 'all' || rule === 'open') return { allowed: true, reason: rule };
    if (policy.collection === true) {
      const scope = scopeFilter(ctx, action);
      return scope.kind === 'none'
        ? { allowed: false, reason: 'caller has no branch or RM id to scope the list' }
        : { allowed: true, reason: `list scoped to ${scope.kind}` };
    }
    return { allowed: false, reason: 'record attributes are required for this action' };
  }
  return checkRule(rule, ctx, resource);
}

/**
 * Whether the caller's role may perform `action` on some record at all. Check it before
 * looking a record up, so that a role with no access learns nothing from a 404.
 * @example if (!mayEver(analystCtx, 'customer:read')) throw new ForbiddenError(...)
 */
export function mayEver(ctx: AuthContext, action: Action): boolean {
  return policyOf(action).roles[ctx.role] !== undefined;
}

/**
 * Like {@link decide} but throws a 403 ForbiddenError (the reason goes to the log, not the client).
 * @example authorize(ctx, 'customer:reveal');
 */
export function authorize(ctx: AuthContext, action: Action, resource?: ResourceAttributes): void {
  const decision = decide(ctx, action, resource);
  if (!decision.allowed) {
    throw new ForbiddenError('You are not allowed to do this', {
      code: 'access-denied',
      reason: decision.reason,
    });
  }
}

/**
 * The records a list or search query for `action` may return: everything, one branch, one RM's
 * book, or nothing. For search (an `open` action) it is the scope of the action it is filtered by
 * (`customer:read`); a service agent gets `none` there and relies on its time-limited grant instead.
 * @example scopeFilter(rmCtx, 'customer:list') // { kind: 'rm', rmId: 'rm-7' }
 */
export function scopeFilter(ctx: AuthContext, action: Action): ScopeFilter {
  const policy = policyOf(action);
  const rule = policy.roles[ctx.role];
  if (rule === 'open' && policy.filterBy !== undefined && policy.filterBy !== action) {
    return isAction(policy.filterBy) ? scopeFilter(ctx, policy.filterBy) : { kind: 'none' };
  }
  switch (rule) {
    case 'all':
      return { kind: 'all' };
    case 'own-branch':
      return ctx.branch === undefined || ctx.branch === ''
        ? { kind: 'none' }
        : { kind: 'branch', branch: ctx.branch };
    case 'own-book':
      return ctx.rmId === undefined || ctx.rmId === '' ? { kind: 'none' } : { kind: 'rm', rmId: ctx.rmId };
    default:
      // own-book-and-branch, agent-access and unlisted roles cannot be expressed as a list filter.
      return { kind: 'none' };
  }
}

function isAction(value: string): value is Action {
  return Object.hasOwn(POLICY, value);
}
