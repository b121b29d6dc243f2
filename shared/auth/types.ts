/** The six roles of REFERENCE.md §1; in AWS they are Cognito groups. */
export const ROLES = [
  'relationship-manager',
  'service-agent',
  'supervisor',
  'compliance-officer',
  'analyst',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, taken from verified JWT claims. Ids and C1 attributes only. */
export interface AuthContext {
  /** Subject (user or machine client id). */
  readonly sub: string;
  readonly role: Role;
  /** Branch code, for supervisors and RMs (ABAC). */
  readonly branch?: string | undefined;
  /** Relationship-manager id, for RMs (ABAC). */
  readonly rmId?: string | undefined;
  /** OAuth scopes of machine clients (for example `crm/ingest`). */
  readonly scopes: readonly string[];
}
