import type { AuditHead } from '../../../shared/audit/index.js';

/** Enough for every complaint a warm function touches between cold starts; the oldest go first. */
const MAX_HEADS = 1000;

/**
 * The hashes of audit-chain heads this process has read or written, by complaint and `seq`.
 * The port hands a change only the `seq` of the head it was computed from; the next record
 * links to that head's hash, which is fixed once written (the chain is append-only), so a head
 * seen once needs no second read. A wrong entry could only make the transaction's condition
 * (the stored head's seq and hash) fail, never write a record that does not extend the chain.
 */
export class AuditHeads {
  readonly #hashes = new Map<string, string>();

  get(complaintId: string, seq: number): AuditHead | undefined {
    const hash = this.#hashes.get(`${complaintId}#${seq}`);
    return hash === undefined ? undefined : { seq, hash };
  }

  remember(complaintId: string, head: AuditHead): void {
    const key = `${complaintId}#${head.seq}`;
    this.#hashes.delete(key);
    this.#hashes.set(key, head.hash);
    if (this.#hashes.size > MAX_HEADS) {
      const oldest = this.#hashes.keys().next();
      if (oldest.done !== true) this.#hashes.delete(oldest.value);
    }
  }
}
