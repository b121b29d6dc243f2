import { complaintKeyContext, type FieldSealer } from '../../../shared/crypto/record-cipher.js';
import type { SealedComplaintText } from '../domain/model.js';
import type { ComplaintTextView } from '../domain/views.js';
import type { ComplaintNote } from '../store/complaint-store.js';
import type { ComplaintDeps } from './deps.js';

/**
 * The complaint's free text (C2) sealed with its own data key, each field bound to the complaint
 * id and its field name (docs/domain-rules.md, complaints: free text).
 */
export interface PlainComplaintText {
  readonly description: string;
  readonly customerRequest: string;
  readonly representatives: readonly string[];
}

export const representativeField = (index: number) => `representatives.${index}`;
export const noteField = (noteId: string) => `note.${noteId}`;

export function sealText(
  sealer: FieldSealer,
  complaintId: string,
  text: PlainComplaintText,
): SealedComplaintText {
  return {
    description: sealer.seal(complaintId, 'description', text.description),
    customerRequest: sealer.seal(complaintId, 'customerRequest', text.customerRequest),
    representatives: text.representatives.map((name, index) =>
      sealer.seal(complaintId, representativeField(index), name),
    ),
  };
}

/** Opens the complaint's data key (one KMS call, none inside the cache window); undefined once shredded. */
export async function openComplaintKey(
  deps: Pick<ComplaintDeps, 'store' | 'cipher'>,
  complaintId: string,
): Promise<
  { sealer: FieldSealer; sealed: SealedComplaintText; notes: readonly ComplaintNote[] } | undefined
> {
  const stored = await deps.store.sealedText(complaintId);
  if (stored === undefined) return undefined;
  const sealer = await deps.cipher.openRecordKey(stored.encryptedDataKey, complaintKeyContext(complaintId));
  return { sealer, sealed: stored.sealed, notes: stored.notes };
}

/** The text as the roles that handle complaints read it: the complaint's fields and its notes. */
export function openText(
  sealer: FieldSealer,
  complaintId: string,
  sealed: SealedComplaintText,
  notes: readonly ComplaintNote[],
): ComplaintTextView {
  return {
    description: sealer.open(complaintId, 'description', sealed.description),
    customerRequest: sealer.open(complaintId, 'customerRequest', sealed.customerRequest),
    representatives: sealed.representatives.map((value, index) =>
      sealer.open(complaintId, representativeField(index), value),
    ),
    notes: notes.map((note) => ({
      noteId: note.noteId,
      at: note.at,
      author: note.author,
      text: sealer.open(complaintId, noteField(note.noteId), note.sealedText),
    })),
  };
}
