import type { CustomerRecord } from '../domain/customer.js';
import type { AttributePath, CustomerChange } from './customer-store.js';
import { customerFromItem } from './items.js';

type Mutable = Record<string, unknown>;

function parentOf(root: Mutable, path: AttributePath): Mutable | undefined {
  let node: Mutable = root;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null) {
      const created: Mutable = {};
      node[part] = created;
      node = created;
    } else {
      // Copy on the way down so the caller's record is never mutated.
      const copy = { ...(next as Mutable) };
      node[part] = copy;
      node = copy;
    }
  }
  return node;
}

/**
 * The record a committed change produces, computed from the record it was built on instead
 * of read back (one DynamoDB round trip fewer per write). The transaction's conditions held,
 * so version and audit head were exactly those of `base`. The result goes through the same
 * item schema as a record read from the table.
 */
export function applyChange(base: CustomerRecord, change: CustomerChange): CustomerRecord {
  const next: Mutable = { ...base };
  for (const [path, value] of change.set) {
    const leaf = path.at(-1);
    const parent = parentOf(next, path);
    if (leaf !== undefined && parent !== undefined) parent[leaf] = value;
  }
  for (const path of change.remove ?? []) {
    const leaf = path.at(-1);
    const parent = parentOf(next, path);
    if (leaf !== undefined && parent !== undefined) delete parent[leaf];
  }
  next.audit = { seq: change.audit.seq, hash: change.audit.hash };
  if (change.bumpVersion) next.version = base.version + 1;
  return customerFromItem(next);
}
