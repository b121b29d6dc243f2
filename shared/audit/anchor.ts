import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { AuditHead } from './chain.js';
import type { AuditSigner } from './signer.js';

/** The head of one subject's chain, as an anchor records it. */
export interface AnchoredHead extends AuditHead {
  readonly subject: string;
}

/**
 * One anchor: the head of every chain of an audit table at a moment, signed. Written once to
 * storage no one can change (S3 Object Lock in COMPLIANCE mode), it fixes what the trail held:
 * a later rewrite of any record up to an anchored head, or a truncation below it, no longer
 * matches the anchor, even for someone holding the audit key (docs/operations.md §9).
 */
export interface AuditAnchor {
  readonly format: 'fincrm-audit-anchor-v1';
  /** The audit table's id in the capability (`CustomerAudit`), not its deployed name. */
  readonly table: string;
  /** ISO 8601 UTC, when the heads were read. */
  readonly at: string;
  readonly heads: readonly AnchoredHead[];
  /** SHA-256 (hex) of the canonical JSON of every other field. */
  readonly digest: string;
  /** MAC of `digest` under the audit key. */
  readonly mac: string;
}

/** The highest `seq` of each subject, from the (subject, seq, hash) of an audit table's items. */
export function chainHeads(items: Iterable<AnchoredHead>): AnchoredHead[] {
  const heads = new Map<string, AnchoredHead>();
  for (const item of items) {
    const known = heads.get(item.subject);
    if (known === undefined || item.seq > known.seq) heads.set(item.subject, item);
  }
  return [...heads.values()]
    .map(({ subject, seq, hash }) => ({ subject, seq, hash }))
    .sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0));
}

/** The anchor of `heads`, digested and signed. */
export async function buildAnchor(
  signer: AuditSigner,
  table: string,
  at: Date,
  heads: readonly AnchoredHead[],
): Promise<AuditAnchor> {
  const content = { format: 'fincrm-audit-anchor-v1' as const, table, at: at.toISOString(), heads };
  const digest = createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
  return { ...content, digest, mac: await signer.sign(digest) };
}

/**
 * The object key of an anchor: `anchors/<table>/<at>.json`, so anchors list in time order.
 * @example anchorKey('CustomerAudit', at) // 'anchors/CustomerAudit/2026-12-04T02:30:00.000Z.json'
 */
export function anchorKey(table: string, at: Date): string {
  return `anchors/${table}/${at.toISOString()}.json`;
}

/** Where anchors go. `write` never replaces an object: a second write of a key is refused. */
export interface AnchorSink {
  write(key: string, body: string): Promise<void>;
}

/** An anchor key was already written: write-once storage refused to replace it. */
export class AnchorExistsError extends Error {
  readonly code = 'AUDIT_ANCHOR_EXISTS';
  override readonly name = 'AnchorExistsError';
}
