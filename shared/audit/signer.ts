import { createHmac, timingSafeEqual } from 'node:crypto';
import { GenerateMacCommand, type KMSClient, VerifyMacCommand } from '@aws-sdk/client-kms';

/**
 * Signs and checks audit records. The SHA-256 chain alone is unkeyed: whoever can write the
 * table can rewrite a record and recompute every hash after it. A MAC under a key the table's
 * writers cannot read (KMS HMAC in AWS) makes a rewritten record fail verification
 * (docs/domain-rules.md §12).
 */
export interface AuditSigner {
  /** The MAC (base64) of a record's `hash`. */
  sign(hash: string): Promise<string>;
  /** Whether `mac` is the MAC of `hash` under this signer's key. */
  verify(hash: string, mac: string): Promise<boolean>;
}

/** The bytes a MAC covers: a fixed label (so the key signs nothing else by accident) and the hash. */
function macMessage(hash: string): Buffer {
  return Buffer.from(`fincrm-audit-v1:${hash}`, 'utf8');
}

const LOCAL_KEY_BYTES = 32;

/** HMAC-SHA256 under a local key: the local cloud and the tests. */
export class LocalAuditSigner implements AuditSigner {
  readonly #key: Buffer;

  constructor(key: Uint8Array) {
    if (key.length < LOCAL_KEY_BYTES)
      throw new Error(`The audit MAC key must be at least ${LOCAL_KEY_BYTES} bytes`);
    this.#key = Buffer.from(key);
  }

  async sign(hash: string): Promise<string> {
    return createHmac('sha256', this.#key).update(macMessage(hash)).digest('base64');
  }

  async verify(hash: string, mac: string): Promise<boolean> {
    const expected = createHmac('sha256', this.#key).update(macMessage(hash)).digest();
    const given = Buffer.from(mac, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/**
 * KMS GenerateMac / VerifyMac (HMAC_SHA_256) with an HMAC key: the key never leaves KMS, and
 * IAM decides who may sign (the functions that append) and who may only verify.
 */
export class KmsAuditSigner implements AuditSigner {
  constructor(
    private readonly client: KMSClient,
    private readonly keyId: string,
  ) {}

  async sign(hash: string): Promise<string> {
    const { Mac } = await this.client.send(
      new GenerateMacCommand({ KeyId: this.keyId, MacAlgorithm: 'HMAC_SHA_256', Message: macMessage(hash) }),
    );
    if (Mac === undefined || Mac.length === 0) throw new Error('KMS GenerateMac returned no MAC');
    return Buffer.from(Mac).toString('base64');
  }

  async verify(hash: string, mac: string): Promise<boolean> {
    try {
      const { MacValid } = await this.client.send(
        new VerifyMacCommand({
          KeyId: this.keyId,
          MacAlgorithm: 'HMAC_SHA_256',
          Message: macMessage(hash),
          Mac: Buffer.from(mac, 'base64'),
        }),
      );
      return MacValid === true;
    } catch (error) {
      // KMS answers a MAC that does not verify with KMSInvalidMacException, not MacValid=false.
      if (error instanceof Error && error.name === 'KMSInvalidMacException') return false;
      throw error;
    }
  }
}
