import { definePolicy } from '../../shared/auth/policy.js';

/**
 * Who may do what to complaints (docs/domain-rules.md, complaints: access). Deny by default.
 * A supervisor reaches their branch's complaints; the head-office complaints unit
 * (`complaints-manager`) and compliance officers all of them. A service agent reaches, through
 * `agent-access`, the complaints assigned to them and the unassigned complaints of their own
 * queue; the service computes that grant from the complaint (`complaintAccessOf`), and only the
 * assignee may act on a complaint (an unassigned one is taken with `assign` first).
 */
const handlers = {
  'service-agent': 'agent-access',
  supervisor: 'own-branch',
  'complaints-manager': 'all',
} as const;

export const complaintsPolicy = definePolicy({
  'complaint:create': {
    roles: {
      'service-agent': 'all',
      'relationship-manager': 'own-book',
      supervisor: 'own-branch',
      'complaints-manager': 'all',
    },
  },
  'complaint:list': {
    collection: true,
    roles: { ...handlers, 'compliance-officer': 'all', 'relationship-manager': 'own-book' },
  },
  'complaint:read': {
    roles: { ...handlers, 'compliance-officer': 'all', 'relationship-manager': 'own-book' },
  },
  // The free text (description, request, representatives): the roles that handle complaints.
  // Every read of it is audited in the complaint's chain.
  'complaint:text:read': { roles: handlers },
  'complaint:assign': { roles: handlers },
  'complaint:acknowledge': { roles: handlers },
  'complaint:initial-handling': { roles: handlers },
  'complaint:pause': { roles: handlers },
  'complaint:resume': { roles: handlers },
  'complaint:extension:request': { roles: handlers },
  // Level 1 by the branch supervisor or the complaints unit, level 2 by the complaints unit only.
  'complaint:extension:decide': { roles: { supervisor: 'own-branch', 'complaints-manager': 'all' } },
  'complaint:decide': { roles: handlers },
  'complaint:review:request': { roles: handlers },
  'complaint:review:decide': { roles: { 'complaints-manager': 'all' } },
  'complaint:close': { roles: handlers },
  'complaint:note': { roles: handlers },
  'complaint:report': {
    collection: true,
    roles: {
      supervisor: 'own-branch',
      'complaints-manager': 'all',
      'compliance-officer': 'all',
      analyst: 'all',
    },
  },
});

export type ComplaintsAction = (typeof complaintsPolicy.actions)[number];
