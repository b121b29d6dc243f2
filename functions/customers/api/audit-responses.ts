import * as z from '../../../shared/zod.js';
import { CUSTOMER_AUDIT_ACTIONS } from '../domain/audit-actions.js';
import { customerId, instant, nonEmpty, version } from './responses.js';

/**
 * Response schemas of the customers API's audit trail, with examples; built as responses.ts
 * builds them (strict, lazy, synthetic examples).
 */

const count = () => z.number().check(z.int(), z.nonnegative());
const sha256Hex = () => z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest'));

// ---------------------------------------------------------------------------------------------
// Audit trail: GET /v1/customers/{customerId}/audit

/** One link of the customer's audit chain: who, role, what, which fields, when; never values. */
export const auditRecordSchema = z.lazy(() =>
  z.strictObject({
    /** Whose chain: `customer#<customerId>`. */
    subject: z.string().check(z.regex(/^customer#cus_[0-7][0-9A-HJKMNP-TV-Z]{25}$/)),
    /** 1-based position in the chain. */
    seq: version(),
    at: instant(),
    /** The caller's subject (`sub`), or the job's name for system changes. */
    actor: nonEmpty(),
    /** A role, or `system` for scheduled jobs and consumers. */
    role: nonEmpty(),
    action: z.enum(CUSTOMER_AUDIT_ACTIONS),
    /** The stated purpose of a reveal (`X-Access-Purpose`), or the basis and evidence of a change. */
    purpose: z.optional(nonEmpty()),
    /** Names of the fields written or revealed, never their values. */
    fields: z.array(nonEmpty()),
    requestId: z.optional(nonEmpty()),
    prevHash: sha256Hex(),
    hash: sha256Hex(),
  }),
);

/**
 * `GET /v1/customers/{customerId}/audit` (200, compliance officers and the branch's supervisor):
 * every audit record of the customer, oldest first, and whether the hash chain verifies
 * (`brokenAtSeq`: the first record that does not, when it does not).
 */
export const auditTrailSchema = z.lazy(() =>
  z
    .strictObject({
      customerId: customerId(),
      chain: z.discriminatedUnion('valid', [
        z.strictObject({ valid: z.literal(true), length: count() }),
        z.strictObject({ valid: z.literal(false), length: count(), brokenAtSeq: version() }),
      ]),
      records: z.array(auditRecordSchema),
    })
    .check(z.describe("A customer's audit records and the verdict on their hash chain")),
);

/** Example: the first link of a chain, the registration. */
export const auditRecordExample = {
  subject: 'customer#cus_01KJP4C580F6T0QN8DTSSA53J3',
  seq: 1,
  at: '2026-03-02T02:00:00.000Z',
  actor: 'user-rm-bj01-1',
  role: 'relationship-manager',
  action: 'customer.created',
  fields: ['name', 'idNumber', 'mobile', 'email', 'address', 'birthDate'],
  requestId: 'c0ffee00-1234-4abc-9def-000000000001',
  prevHash: '0000000000000000000000000000000000000000000000000000000000000000',
  hash: '8b5cc4df7eec7d32a7814eca4af047ae33b2d52342667715682e19c25b0b9faa',
} satisfies z.input<typeof auditRecordSchema>;

/** Example: a registration and an audited reveal, the chain intact. */
export const auditTrailExample = {
  customerId: 'cus_01KJP4C580F6T0QN8DTSSA53J3',
  chain: { valid: true, length: 2 },
  records: [
    auditRecordExample,
    {
      subject: 'customer#cus_01KJP4C580F6T0QN8DTSSA53J3',
      seq: 2,
      at: '2026-03-03T06:10:00.000Z',
      actor: 'user-co-1',
      role: 'compliance-officer',
      action: 'customer.revealed',
      purpose: 'AML case 2026-0042',
      fields: ['name', 'idNumber', 'mobile', 'email', 'address', 'birthDate'],
      requestId: 'c0ffee00-1234-4abc-9def-000000000002',
      prevHash: '8b5cc4df7eec7d32a7814eca4af047ae33b2d52342667715682e19c25b0b9faa',
      hash: 'ac0f09c0f8bf5e7a4b063d863255f16d8ce9abe600e288d934cf313bcbff63eb',
    },
  ],
} satisfies z.input<typeof auditTrailSchema>;
