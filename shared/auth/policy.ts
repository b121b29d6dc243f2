import { ForbiddenError } from '../http/problem.js';
import type { AuthContext, Role } from './types.js';

/**
 * How a role may reach a record for one action:
 * - `all`: any record;
 * - `own-branch`: records whose branch is the caller's;
 * - `own-book`: records whose RM is the caller AND whose branch is the caller's: a book lies inside
 *   a branch, so an RM id that matches in another branch reaches nothing (docs/domain-rules.md §4.2);
 * - `agent-access`: records the caller was granted (today: found by the caller's search within the grant
 *   window; a capability that assigns work, such as complaints, may grant access the same way);
 * - `open`: no record check at all (the action is not about one record, e.g. search, whose results are
 *   then filtered by another action's scope).
 */
export type AccessRule = 'all' | 'own-branch' | 'own-book' | 'agent-access' | 'open';

/** One row of a policy: which roles may perform the action, and on which records. */
export interface ActionPolicy {
  /** A collection action (a list) is allowed without a resource when the caller has a usable scope. */
  readonly collection?: boolean;
  /** For `open` rules: the action whose scope filters the results (see {@link Policy.scopeFilter}). */
  readonly filterBy?: string;
  /** Roles not listed may not perform the action at all (deny by default). */
  readonly roles: Readonly<Partial<Record<Role, AccessRule>>>;
}

/** The attributes of the record an action targets (ids and C1 only). */
export interface ResourceAttributes {
  readonly branch?: string | undefined;
  readonly rmId?: string | undefined;
  /** The caller was granted this record (today: found by their search within the grant window). */
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

/**
 * A capability's access matrix (RBAC: which roles appear; ABAC: their rule) and the one way to
 * ask it. Every capability declares its actions with {@link definePolicy} in its `policy.ts`;
 * the engine is the same for all, so a rule means the same thing everywhere.
 */
export interface Policy<A extends string = string> {
  /** Every action of the capability, in declaration order. */
  readonly actions: readonly A[];
  /** The matrix row of an action. */
  rowOf(action: A): ActionPolicy;
  /**
   * Whether the caller may perform `action` on a record with `resource`'s attributes. Deny by
   * default. For a collection action called without a resource, whether the caller has a usable
   * list scope.
   * @example policy.decide(ctx, 'customer:update', { rmId: 'rm-7', branch: '0101' })
   */
  decide(ctx: AuthContext, action: A, resource?: ResourceAttributes): Decision;
  /**
   * Like {@link decide} but throws a 403 ForbiddenError (the reason goes to the log, not the client).
   * @example policy.authorize(ctx, 'customer:reveal');
   */
  authorize(ctx: AuthContext, action: A, resource?: ResourceAttributes): void;
  /**
   * Whether the caller's role may perform `action` on some record at all. Checked before a
   * lookup, so that a role with no access learns nothing from a 404.
   */
  mayEver(ctx: AuthContext, action: A): boolean;
  /**
   * The records a list or search query for `action` may return: everything, one branch, one
   * RM's book, or nothing. For an `open` action it is the scope of the action it is filtered by.
   * @example policy.scopeFilter(rmCtx, 'customer:list') // { kind: 'rm', rmId: 'rm-7' }
   */
  scopeFilter(ctx: AuthContext, action: A): ScopeFilter;
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
      if (!sameDefined(ctx.rmId, resource.rmId)) {
        return { allowed: false, reason: 'record is outside the caller’s book' };
      }
      return sameDefined(ctx.branch, resource.branch)
        ? { allowed: true, reason: 'own book' }
        : { allowed: false, reason: 'record is outside the caller’s branch' };
    case 'agent-access':
      return resource.agentAccess === true
        ? { allowed: true, reason: 'agent access granted' }
        : { allowed: false, reason: 'no case or search grant for this record' };
  }
}

const ACTION_NAME = /^[a-z][a-z0-9-]*(:[a-z][a-z0-9-]*){1,3}$/;

/**
 * Declares a capability's actions. Action names are `<subject>:<verb>` in lower case
 * (`customer:read`, `segmentation-config:write`); an `open` row's `filterBy` must name an
 * action of the same table.
 * @example
 *   export const thingsPolicy = definePolicy({
 *     'thing:read': { roles: { 'relationship-manager': 'own-book', supervisor: 'own-branch' } },
 *   });
 */
export function definePolicy<const T extends Readonly<Record<string, ActionPolicy>>>(
  table: T,
): Policy<keyof T & string> {
  type A = keyof T & string;
  const actions = Object.keys(table) as A[];
  for (const action of actions) {
    if (!ACTION_NAME.test(action)) throw new Error(`Policy action ${action} is not <subject>:<verb>`);
    const filterBy = table[action]?.filterBy;
    if (filterBy !== undefined && !Object.hasOwn(table, filterBy)) {
      throw new Error(
        `Policy action ${action} is filtered by ${filterBy}, which the policy does not declare`,
      );
    }
  }
  const rowOf = (action: A): ActionPolicy => {
    const row = table[action];
    if (row === undefined) throw new Error(`Unknown policy action ${action}`);
    return row;
  };
  const scopeFilter = (ctx: AuthContext, action: A): ScopeFilter => {
    const row = rowOf(action);
    const rule = row.roles[ctx.role];
    if (rule === 'open' && row.filterBy !== undefined && row.filterBy !== action) {
      return scopeFilter(ctx, row.filterBy as A);
    }
    switch (rule) {
      case 'all':
        return { kind: 'all' };
      case 'own-branch':
        return ctx.branch === undefined || ctx.branch === ''
          ? { kind: 'none' }
          : { kind: 'branch', branch: ctx.branch };
      case 'own-book':
        // A book lies inside a branch: without both claims the caller has no book at all. The
        // list is read by RM id; callers keep only the records `decide` allows (same branch).
        return ctx.rmId === undefined || ctx.rmId === '' || ctx.branch === undefined || ctx.branch === ''
          ? { kind: 'none' }
          : { kind: 'rm', rmId: ctx.rmId };
      default:
        // agent-access and unlisted roles cannot be expressed as a list filter.
        return { kind: 'none' };
    }
  };
  const decide = (ctx: AuthContext, action: A, resource?: ResourceAttributes): Decision => {
    const row = rowOf(action);
    const rule = row.roles[ctx.role];
    if (rule === undefined) return { allowed: false, reason: `role ${ctx.role} may not ${action}` };
    if (resource === undefined) {
      if (rule === 'all' || rule === 'open') return { allowed: true, reason: rule };
      if (row.collection === true) {
        const scope = scopeFilter(ctx, action);
        return scope.kind === 'none'
          ? { allowed: false, reason: 'caller has no branch or RM id to scope the list' }
          : { allowed: true, reason: `list scoped to ${scope.kind}` };
      }
      return { allowed: false, reason: 'record attributes are required for this action' };
    }
    return checkRule(rule, ctx, resource);
  };
  return {
    actions,
    rowOf,
    decide,
    authorize(ctx, action, resource) {
      const decision = decide(ctx, action, resource);
      if (!decision.allowed) {
        throw new ForbiddenError('You are not allowed to do this', {
          code: 'access-denied',
          reason: decision.reason,
        });
      }
    },
    mayEver: (ctx, action) => rowOf(action).roles[ctx.role] !== undefined,
    scopeFilter,
  };
}
