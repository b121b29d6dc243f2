import { describe, expect, it } from 'vitest';
import { activityPolicy } from '../../../functions/activity/policy.js';
import type { calendarsPolicy } from '../../../functions/calendars/policy.js';
import { capabilities } from '../../../functions/capabilities.js';
import type { complaintsPolicy } from '../../../functions/complaints/policy.js';
import { customersPolicy } from '../../../functions/customers/policy.js';
import type { engagementPolicy } from '../../../functions/engagement/policy.js';
import type { productsPolicy } from '../../../functions/products/policy.js';
import type { recommendationsPolicy } from '../../../functions/recommendations/policy.js';
import type { retentionPolicy } from '../../../functions/retention/policy.js';
import { definePolicy, type Policy, type ResourceAttributes } from '../../../shared/auth/policy.js';
import { type AuthContext, MACHINE_ROLES, ROLES, type Role } from '../../../shared/auth/types.js';
import { ForbiddenError } from '../../../shared/http/problem.js';

// Every capability's actions, as one matrix: each action belongs to exactly one policy.
type Action =
  | (typeof customersPolicy.actions)[number]
  | (typeof activityPolicy.actions)[number]
  | (typeof calendarsPolicy.actions)[number]
  | (typeof complaintsPolicy.actions)[number]
  | (typeof engagementPolicy.actions)[number]
  | (typeof productsPolicy.actions)[number]
  | (typeof recommendationsPolicy.actions)[number]
  | (typeof retentionPolicy.actions)[number];
const POLICIES: readonly Policy[] = capabilities.map((capability) => capability.policy);
const ACTIONS = POLICIES.flatMap((policy) => policy.actions) as Action[];
function policyOf(action: Action): Policy {
  const owner = POLICIES.find((policy) => policy.actions.includes(action));
  if (owner === undefined) throw new Error(`No capability declares ${action}`);
  return owner;
}
const decide = (ctx: AuthContext, action: Action, resource?: ResourceAttributes) =>
  policyOf(action).decide(ctx, action, resource);
const authorize = (ctx: AuthContext, action: Action, resource?: ResourceAttributes) =>
  policyOf(action).authorize(ctx, action, resource);
const scopeFilter = (ctx: AuthContext, action: Action) => policyOf(action).scopeFilter(ctx, action);

const BRANCH = '0101';
const RM_ID = 'rm-7';

function ctx(
  role: Role,
  attributes: Partial<Pick<AuthContext, 'branch' | 'rmId'>> = { branch: BRANCH, rmId: RM_ID },
): AuthContext {
  return { sub: `user-${role}`, role, scopes: [], ...attributes };
}

/** The resources each row is checked against. */
const RESOURCES = {
  own: { branch: BRANCH, rmId: RM_ID },
  ownBookOtherBranch: { branch: '0202', rmId: RM_ID },
  ownBranchOtherBook: { branch: BRANCH, rmId: 'rm-9' },
  foreign: { branch: '0202', rmId: 'rm-9' },
  granted: { branch: '0202', rmId: 'rm-9', agentAccess: true },
} as const satisfies Record<string, ResourceAttributes>;
type Scope = keyof typeof RESOURCES;
const SCOPES = Object.keys(RESOURCES) as Scope[];

/**
 * The expected matrix, written out independently of the policy table: for each action, the
 * scopes (resource kinds) each role may act on. Roles not listed may do nothing.
 */
const ALL: readonly Scope[] = SCOPES;
// A book lies inside a branch: the same RM id in another branch is not the caller's book.
const OWN_BOOK: readonly Scope[] = ['own'];
const OWN_BRANCH: readonly Scope[] = ['own', 'ownBranchOtherBook'];
const GRANTED: readonly Scope[] = ['granted'];

const EVERY_STAFF_ROLE = {
  admin: ALL,
  'relationship-manager': ALL,
  supervisor: ALL,
  'service-agent': ALL,
  'complaints-manager': ALL,
  'compliance-officer': ALL,
  analyst: ALL,
} as const satisfies Partial<Record<Role, readonly Scope[]>>;

const COMPLAINT_HANDLERS = {
  'service-agent': GRANTED,
  supervisor: OWN_BRANCH,
  'complaints-manager': ALL,
} as const satisfies Partial<Record<Role, readonly Scope[]>>;
const COMPLAINT_READERS = {
  ...COMPLAINT_HANDLERS,
  'relationship-manager': OWN_BOOK,
  'compliance-officer': ALL,
} as const satisfies Partial<Record<Role, readonly Scope[]>>;

const EXPECTED: Record<Action, Partial<Record<Role, readonly Scope[]>>> = {
  'customer:create': { 'relationship-manager': OWN_BOOK, supervisor: OWN_BRANCH },
  'customer:read': {
    'relationship-manager': OWN_BOOK,
    supervisor: OWN_BRANCH,
    'compliance-officer': ALL,
    'service-agent': GRANTED,
    // A customer with an open complaint (the grant), masked as for a supervisor.
    'complaints-manager': GRANTED,
  },
  'customer:reveal': { 'compliance-officer': ALL },
  'customer:update': { 'relationship-manager': OWN_BOOK, supervisor: OWN_BRANCH },
  'customer:list': { 'relationship-manager': OWN_BOOK, supervisor: OWN_BRANCH, 'compliance-officer': ALL },
  'customer:search': {
    'relationship-manager': ALL,
    'service-agent': ALL,
    supervisor: ALL,
    'compliance-officer': ALL,
  },
  'customer:audit:read': { 'compliance-officer': ALL, supervisor: OWN_BRANCH },
  'customer:consent:write': {
    'relationship-manager': OWN_BOOK,
    supervisor: OWN_BRANCH,
    'service-agent': GRANTED,
  },
  'customer:erasure:request': {
    'relationship-manager': OWN_BOOK,
    supervisor: OWN_BRANCH,
    'service-agent': GRANTED,
    'compliance-officer': ALL,
  },
  'review:list': { 'relationship-manager': OWN_BOOK, supervisor: OWN_BRANCH, 'compliance-officer': ALL },
  'review:complete': { 'relationship-manager': OWN_BOOK, supervisor: OWN_BRANCH },
  'customer-profile:read': {
    'relationship-manager': OWN_BOOK,
    supervisor: OWN_BRANCH,
    'compliance-officer': ALL,
  },
  'segmentation-config:read': { admin: ALL },
  'segmentation-config:write': { admin: ALL },
  'segments:summary': { analyst: ALL, admin: ALL, supervisor: OWN_BRANCH },
  'transactions:ingest': { admin: ALL, 'ingestion-client': ALL },
  // Public data, read where there is a need: compliance checks what a deadline was counted with.
  'calendar-config:read': { admin: ALL, 'compliance-officer': ALL },
  'calendar-config:write': { admin: ALL },
  // Complaints: a service agent through the complaint's own grant (assigned to them, or
  // unassigned in their queue), a supervisor their branch, the complaints unit all.
  'complaint:create': {
    'service-agent': ALL,
    'relationship-manager': OWN_BOOK,
    supervisor: OWN_BRANCH,
    'complaints-manager': ALL,
  },
  'complaint:list': COMPLAINT_READERS,
  'complaint:read': COMPLAINT_READERS,
  'complaint:text:read': COMPLAINT_HANDLERS,
  'complaint:assign': COMPLAINT_HANDLERS,
  'complaint:acknowledge': COMPLAINT_HANDLERS,
  'complaint:initial-handling': COMPLAINT_HANDLERS,
  'complaint:pause': COMPLAINT_HANDLERS,
  'complaint:resume': COMPLAINT_HANDLERS,
  'complaint:extension:request': COMPLAINT_HANDLERS,
  'complaint:extension:decide': { supervisor: OWN_BRANCH, 'complaints-manager': ALL },
  'complaint:decide': COMPLAINT_HANDLERS,
  'complaint:review:request': COMPLAINT_HANDLERS,
  'complaint:review:decide': { 'complaints-manager': ALL },
  'complaint:close': COMPLAINT_HANDLERS,
  'complaint:note': COMPLAINT_HANDLERS,
  'complaint:report': {
    supervisor: OWN_BRANCH,
    'complaints-manager': ALL,
    'compliance-officer': ALL,
    analyst: ALL,
  },
  // Engagement (functions/engagement/policy.ts): the contact history and visits follow the book.
  'contact:list': { 'relationship-manager': OWN_BOOK, supervisor: OWN_BRANCH, 'compliance-officer': ALL },
  'contact:request': { 'relationship-manager': OWN_BOOK, supervisor: OWN_BRANCH },
  'template:list': EVERY_STAFF_ROLE,
  'template:write': { admin: ALL },
  'visit:list': {
    'relationship-manager': OWN_BOOK,
    supervisor: OWN_BRANCH,
    'service-agent': GRANTED,
    'complaints-manager': ALL,
  },
  'visit:attempt': {
    'relationship-manager': OWN_BOOK,
    supervisor: OWN_BRANCH,
    'service-agent': GRANTED,
    'complaints-manager': ALL,
  },
  'engagement:kpis': {
    supervisor: OWN_BRANCH,
    'compliance-officer': ALL,
    'complaints-manager': ALL,
    analyst: ALL,
  },
  // The catalogue is the bank's public offer: every staff role reads it, admins alone change it.
  'product:list': EVERY_STAFF_ROLE,
  'product:read': EVERY_STAFF_ROLE,
  'product:write': { admin: ALL },
  'recommendation:list': {
    'relationship-manager': OWN_BOOK,
    supervisor: OWN_BRANCH,
    'compliance-officer': ALL,
  },
  'recommendation:make': { 'relationship-manager': OWN_BOOK, supervisor: OWN_BRANCH },
  'recommendation:respond': { 'relationship-manager': OWN_BOOK, supervisor: OWN_BRANCH },
  'recommendation:kpis': { supervisor: OWN_BRANCH, 'compliance-officer': ALL, analyst: ALL },
  // A customer's churn risk follows the record's scope; the worklist is the RM's book or the
  // supervisor's branch, analysts see it aggregated; the model is admin configuration.
  'churn-risk:read': { 'relationship-manager': OWN_BOOK, supervisor: OWN_BRANCH, 'compliance-officer': ALL },
  'churn-risk:worklist': { 'relationship-manager': OWN_BOOK, supervisor: OWN_BRANCH, analyst: ALL },
  'churn-model:read': { admin: ALL, analyst: ALL, 'compliance-officer': ALL, supervisor: ALL },
  'churn-model:write': { admin: ALL },
  'retention-case:list': { 'relationship-manager': OWN_BOOK, supervisor: OWN_BRANCH },
  'retention-case:read': { 'relationship-manager': OWN_BOOK, supervisor: OWN_BRANCH },
  'retention-case:attempt': { 'relationship-manager': OWN_BOOK, supervisor: OWN_BRANCH },
  'retention-case:close-early': { supervisor: OWN_BRANCH },
  'retention:kpis': { supervisor: OWN_BRANCH, 'compliance-officer': ALL, analyst: ALL },
};

/** Human roles and the machine client role: the matrix covers every principal. */
const PRINCIPALS: readonly Role[] = [...ROLES, ...MACHINE_ROLES];

const MATRIX = ACTIONS.flatMap((action) =>
  PRINCIPALS.flatMap((role) =>
    SCOPES.map((scope) => ({
      action,
      role,
      scope,
      allowed: EXPECTED[action][role]?.includes(scope) ?? false,
    })),
  ),
);

describe('policy matrix', () => {
  it('covers every action the policies know, and no other; no action is declared twice', () => {
    // Assess
    expect([...ACTIONS].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(new Set(ACTIONS).size).toBe(ACTIONS.length);
    expect(MATRIX).toHaveLength(ACTIONS.length * PRINCIPALS.length * SCOPES.length);
  });

  it.each(MATRIX)(
    '$role $action on $scope record → allowed: $allowed',
    ({ action, role, scope, allowed }) => {
      // Act
      const decision = decide(ctx(role), action, RESOURCES[scope]);

      // Assess
      expect(decision.allowed).toBe(allowed);
      expect(decision.reason).not.toBe('');
    },
  );

  it.each(MATRIX.filter((row) => row.scope === 'own'))(
    'authorize agrees with decide: $role $action',
    ({ action, role, allowed }) => {
      // Act
      const attempt = () => authorize(ctx(role), action, RESOURCES.own);

      // Assess
      if (allowed) expect(attempt).not.toThrow();
      else expect(attempt).toThrow(ForbiddenError);
    },
  );
});

describe('the undefined-attribute trap', () => {
  const scoped = MATRIX.filter(
    (row) => row.allowed && row.scope === 'own' && row.role !== 'compliance-officer',
  );
  const needsAttributes = scoped.filter(({ action, role }) => EXPECTED[action][role] !== ALL);

  it.each(needsAttributes)(
    '$role without branch/rmId is denied $action on a record without them',
    ({ action, role }) => {
      // Act
      const decision = decide(ctx(role, {}), action, {});

      // Assess
      expect(decision.allowed).toBe(false);
    },
  );

  it.each(needsAttributes)(
    '$role with empty-string attributes is denied $action on a record with empty ones',
    ({ action, role }) => {
      // Act
      const decision = decide(ctx(role, { branch: '', rmId: '' }), action, { branch: '', rmId: '' });

      // Assess
      expect(decision.allowed).toBe(false);
    },
  );

  it('a service agent needs agentAccess to be exactly true', () => {
    // Act / Assess
    expect(decide(ctx('service-agent'), 'customer:read', { agentAccess: undefined }).allowed).toBe(false);
    expect(decide(ctx('service-agent'), 'customer:read', {}).allowed).toBe(false);
  });
});

describe('decide without a resource', () => {
  it('denies record actions that depend on the record', () => {
    // Act / Assess
    expect(decide(ctx('relationship-manager'), 'customer:read').allowed).toBe(false);
    expect(decide(ctx('supervisor'), 'customer:update').allowed).toBe(false);
  });

  it('allows unscoped grants and search', () => {
    // Act / Assess
    expect(decide(ctx('compliance-officer'), 'customer:reveal').allowed).toBe(true);
    expect(decide(ctx('service-agent'), 'customer:search').allowed).toBe(true);
    expect(decide(ctx('analyst'), 'customer:search').allowed).toBe(false);
  });

  it('allows a list only when the caller has a usable scope', () => {
    // Act / Assess
    expect(decide(ctx('relationship-manager'), 'customer:list').allowed).toBe(true);
    expect(decide(ctx('relationship-manager', { branch: BRANCH }), 'customer:list').allowed).toBe(false);
    expect(decide(ctx('supervisor', { rmId: RM_ID }), 'review:list').allowed).toBe(false);
    expect(decide(ctx('admin'), 'customer:list').allowed).toBe(false);
  });
});

describe('scopeFilter', () => {
  it.each([
    ['relationship-manager', 'customer:list', { kind: 'rm', rmId: RM_ID }],
    ['supervisor', 'customer:list', { kind: 'branch', branch: BRANCH }],
    ['compliance-officer', 'customer:list', { kind: 'all' }],
    ['service-agent', 'customer:list', { kind: 'none' }],
    ['analyst', 'customer:list', { kind: 'none' }],
    ['admin', 'customer:list', { kind: 'none' }],
    ['relationship-manager', 'review:list', { kind: 'rm', rmId: RM_ID }],
    ['supervisor', 'review:list', { kind: 'branch', branch: BRANCH }],
    ['compliance-officer', 'review:list', { kind: 'all' }],
    ['relationship-manager', 'customer:search', { kind: 'rm', rmId: RM_ID }],
    ['supervisor', 'customer:search', { kind: 'branch', branch: BRANCH }],
    ['compliance-officer', 'customer:search', { kind: 'all' }],
    ['service-agent', 'customer:search', { kind: 'none' }],
    ['analyst', 'customer:search', { kind: 'none' }],
  ] as const)('%s %s → %o', (role, action, expected) => {
    // Act / Assess
    expect(scopeFilter(ctx(role), action)).toEqual(expected);
  });

  it('gives nothing to a caller missing the attribute its scope needs', () => {
    // Act / Assess
    expect(scopeFilter(ctx('relationship-manager', { branch: BRANCH }), 'customer:list')).toEqual({
      kind: 'none',
    });
    // An RM id without a branch is no book: the list would otherwise span every branch.
    expect(scopeFilter(ctx('relationship-manager', { rmId: RM_ID }), 'customer:list')).toEqual({
      kind: 'none',
    });
    expect(scopeFilter(ctx('supervisor', { rmId: RM_ID, branch: '' }), 'customer:list')).toEqual({
      kind: 'none',
    });
  });
});

describe('authorize', () => {
  it('throws a 403 whose client-facing detail holds no reason, keeping the reason for the log', () => {
    // Act
    let caught: unknown;
    try {
      authorize(ctx('relationship-manager'), 'customer:update', RESOURCES.foreign);
    } catch (error) {
      caught = error;
    }

    // Assess
    expect(caught).toBeInstanceOf(ForbiddenError);
    expect(caught).toMatchObject({
      status: 403,
      code: 'access-denied',
      detail: 'You are not allowed to do this',
    });
    expect((caught as ForbiddenError).reason).toMatch(/book/);
  });
});

describe('definePolicy', () => {
  it('refuses an action name that is not <subject>:<verb>, and a filter naming an undeclared action', () => {
    // Act / Assess
    expect(() => definePolicy({ Read: { roles: { admin: 'all' } } })).toThrow(/subject/);
    expect(() =>
      definePolicy({ 'thing:search': { filterBy: 'thing:read', roles: { admin: 'open' } } }),
    ).toThrow(/thing:read/);
  });

  it('answers mayEver by role alone, before any record is known', () => {
    // Act / Assess
    expect(customersPolicy.mayEver(ctx('analyst'), 'customer:read')).toBe(false);
    expect(customersPolicy.mayEver(ctx('service-agent'), 'customer:read')).toBe(true);
    expect(activityPolicy.mayEver(ctx('service-agent'), 'customer-profile:read')).toBe(false);
  });
});
