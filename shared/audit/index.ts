export { type AuditPut, auditPut, auditRecordFromItem } from './audit-writer.js';
export {
  type AuditedVersionOutcome,
  type AuditedVersionSave,
  type AuditedVersionWrite,
  saveAuditedVersion,
} from './audited-version.js';
export { canonicalJson } from './canonical-json.js';
export {
  type AuditAction,
  type AuditEntry,
  type AuditHead,
  type AuditRecord,
  appendAuditRecord,
  auditSubject,
  type ChainBreak,
  type ChainVerification,
  GENESIS_HASH,
  hashAuditRecord,
  InvalidAuditEntryError,
  verifyChain,
} from './chain.js';
export {
  type SignedAuditRecord,
  type StoredAuditRecord,
  signAuditRecord,
  verifySignedChain,
} from './signed-chain.js';
export { type AuditSigner, LocalAuditSigner } from './signer.js';
