import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptionFailedError } from './errors.js';
import type { EncryptionContext, KeyProvider } from './types.js';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Seals and opens the C2 fields of one record with its data key (AES-256-GCM). The record id
 * and field name are the associated data, so a sealed value copied to another field or another
 * record does not open. Output: `v1.<iv base64url>.<ciphertext+tag base64url>`.
 */
export class FieldSealer {
  readonly #key: Uint8Array;

  constructor(dataKey: Uint8Array) {
    if (dataKey.length !== KEY_BYTES) throw new RangeError(`A data key must be ${KEY_BYTES} bytes`);
    this.#key = Uint8Array.from(dataKey);
  }

  /** Encrypts one field value under a fresh random IV. */
  seal(recordId: string, field: string, plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(recordId, field));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  /** Decrypts a sealed value; any tamper, wrong key, record or field is a DecryptionFailedError. */
  open(recordId: string, field: string, sealed: string): string {
    const parts = sealed.split('.');
    const [version, ivText, bodyText] = parts;
    if (parts.length !== 3 || version !== VERSION || ivText === undefined || bodyText === undefined) {
      throw new DecryptionFailedError('Malformed sealed value');
    }
    const iv = decodeBase64Url(ivText);
    const body = decodeBase64Url(bodyText);
    if (!iv || !body || iv.length !== IV_BYTES || body.length < TAG_BYTES) {
      throw new DecryptionFailedError('Malformed sealed value');
    }
    const aad = associatedData(recordId, field);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad);
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      const plaintext = Buffer.concat([
        decipher.update(body.subarray(0, body.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
    } catch (error) {
      throw new DecryptionFailedError('Sealed value does not open with this key, record and field', {
        cause: error,
      });
    }
  }
}

/** Creates and opens per-record data keys through a key provider (KMS or local). */
export class RecordCipher {
  readonly #provider: KeyProvider;

  constructor(provider: KeyProvider) {
    this.#provider = provider;
  }

  /** A fresh data key for a new record: store `encryptedDataKey` with the record, seal with `sealer`. */
  async newRecordKey(context: EncryptionContext): Promise<{ encryptedDataKey: string; sealer: FieldSealer }> {
    const { plaintext, ciphertext } = await this.#provider.generateDataKey(context);
    return {
      encryptedDataKey: Buffer.from(ciphertext).toString('base64'),
      sealer: new FieldSealer(plaintext),
    };
  }

  /** Opens a stored data key (base64) with the record's context; a wrong context fails. */
  async openRecordKey(encryptedDataKey: string, context: EncryptionContext): Promise<FieldSealer> {
    if (!BASE64.test(encryptedDataKey)) throw new DecryptionFailedError('Malformed encrypted data key');
    const plaintext = await this.#provider.decryptDataKey(
      new Uint8Array(Buffer.from(encryptedDataKey, 'base64')),
      context,
    );
    return new FieldSealer(plaintext);
  }
}

/**
 * The kinds of record that have data keys of their own. The key policy allows a data key for
 * each, and a function only for the one its definition names (`usesDataKeys`), so a function
 * that seals complaints cannot open a customer's key, nor the other way round.
 */
export const RECORD_TYPES = ['customer', 'complaint', 'engagement'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** The encryption context of a record's data key: its type and id, never personal information. */
export function recordKeyContext(recordType: RecordType, recordId: string): EncryptionContext {
  return { recordType, recordId };
}

/** The encryption context of a customer record's data key: ids only, never personal information. */
export function customerKeyContext(customerId: string): EncryptionContext {
  return recordKeyContext('customer', customerId);
}

/** The encryption context of a complaint's own data key (its free text and notes): ids only. */
export function complaintKeyContext(complaintId: string): EncryptionContext {
  return recordKeyContext('complaint', complaintId);
}

/**
 * The encryption context of a customer's engagement data key (survey free text, visit notes,
 * sealed per customer so that erasing the customer shreds them all): ids only.
 */
export function engagementKeyContext(customerId: string): EncryptionContext {
  return recordKeyContext('engagement', customerId);
}

/** recordId NUL field: NUL is refused inside either part, so the split is unambiguous. */
function associatedData(recordId: string, field: string): Buffer {
  if (
    recordId.length === 0 ||
    recordId.includes('\u0000') ||
    field.length === 0 ||
    field.includes('\u0000')
  ) {
    throw new RangeError('recordId and field must be non-empty and free of NUL characters');
  }
  return Buffer.from(`${recordId}\u0000${field}`, 'utf8');
}

/** Strict base64url: re-encoding must give the same text, so no character change goes unnoticed. */
function decodeBase64Url(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}
