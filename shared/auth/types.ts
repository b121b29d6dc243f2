/** The seven roles of people (docs/domain-rules.md §4.1); in AWS they are Cognito groups. */
export const ROLES = [
  'relationship-manager',
  'service-agent',
  'supervisor',
  'complaints-manager',
  'compliance-officer',
  'analyst',
  'admin',
] as const;
export type HumanRole = (typeof ROLES)[number];

/**
 * Roles of machine clients, which hold no group: a client-credentials token whose scopes
 * include {@link INGEST_SCOPE} acts as `ingestion-client` (core systems without EventBridge
 * posting transactions). The policy grants it that and nothing else.
 */
export const MACHINE_ROLES = ['ingestion-client'] as const;
export type MachineRole = (typeof MACHINE_ROLES)[number];
export type Role = HumanRole | MachineRole;

/** The OAuth scope (Cognito resource server `crm`, scope `ingest`) of ingestion clients. */
export const INGEST_SCOPE = 'crm/ingest';

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
