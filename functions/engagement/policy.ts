import { definePolicy } from '../../shared/auth/policy.js';

/**
 * Who may do what in engagement (docs/domain-rules.md §18.8). Deny by default. The contact
 * history and the visits follow the customer record's scope: an RM their own book, a supervisor
 * their branch, compliance every customer. Templates are configuration: admins write them,
 * every staff role reads them. The survey routes are public (`action: null`): the signed token
 * alone authorises one answer for one survey.
 */
const book = { 'relationship-manager': 'own-book', supervisor: 'own-branch' } as const;

export const engagementPolicy = definePolicy({
  'contact:list': { roles: { ...book, 'compliance-officer': 'all' } },
  'contact:request': { roles: book },
  'template:list': {
    collection: true,
    roles: {
      admin: 'all',
      'relationship-manager': 'all',
      supervisor: 'all',
      'service-agent': 'all',
      'complaints-manager': 'all',
      'compliance-officer': 'all',
      analyst: 'all',
    },
  },
  'template:write': { roles: { admin: 'all' } },
  // An RM sees the visits assigned to them; a supervisor every task of the branch (including
  // the escalated ones and the survey follow-ups); the complaints unit the return visits of its
  // queue (the service checks the task's queue against the caller's).
  'visit:list': {
    collection: true,
    roles: { ...book, 'service-agent': 'agent-access', 'complaints-manager': 'all' },
  },
  'visit:attempt': { roles: { ...book, 'service-agent': 'agent-access', 'complaints-manager': 'all' } },
  'engagement:kpis': {
    collection: true,
    roles: {
      supervisor: 'own-branch',
      'compliance-officer': 'all',
      'complaints-manager': 'all',
      analyst: 'all',
    },
  },
});

export type EngagementAction = (typeof engagementPolicy.actions)[number];
