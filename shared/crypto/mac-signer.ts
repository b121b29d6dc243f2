import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Runtime } from '../runtime/runtime.js';
import { CryptoConfigError } from './errors.js';
import { loadOrCreateKeyFile } from './key-file.js';
import { localKeysOf } from './local-keys.js';

/**
 * Signs and checks short messages with an HMAC key that the writers of the signed data cannot
 * read (KMS HMAC in AWS, a local key file locally). Every signer has a fixed label that is
 * part of the signed bytes (`<label>:<message>`), so one purpose's MAC never verifies as
 * another's, even if two purposes were ever given the same key: the audit trail signs with
 * `fincrm-audit-v1`, survey links with `fincrm-survey-v1`.
 */
export interface MacSigner {
  /** The MAC (base64) of `message` under this signer's key and label. */
  sign(message: string): Promise<string>;
  /** Whether `mac` (base64) is the MAC of `message` under this signer's key and label. */
  verify(message: string, mac: string): Promise<boolean>;
}

/** The bytes a MAC covers: the signer's label, a colon, the message. */
export function macMessage(label: string, message: string): Buffer {
  return Buffer.from(`${label}:${message}`, 'utf8');
}

/** The shortest local HMAC key accepted (the size of KMS's HMAC_256 keys). */
export const MIN_LOCAL_MAC_KEY_BYTES = 32;

/** HMAC-SHA256 under a local key: the local cloud and the tests. */
export class LocalMacSigner implements MacSigner {
  readonly #key: Buffer;

  constructor(
    key: Uint8Array,
    private readonly label: string,
  ) {
    if (key.length < MIN_LOCAL_MAC_KEY_BYTES)
      throw new Error(`A MAC key must be at least ${MIN_LOCAL_MAC_KEY_BYTES} bytes`);
    this.#key = Buffer.from(key);
  }

  async sign(message: string): Promise<string> {
    return this.#mac(message).toString('base64');
  }

  async verify(message: string, mac: string): Promise<boolean> {
    const expected = this.#mac(message);
    const given = Buffer.from(mac, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  #mac(message: string): Buffer {
    return createHmac('sha256', this.#key).update(macMessage(this.label, message)).digest();
  }
}

/** Where one purpose's MAC key is: the label, the KMS key's variable, the local key file. */
export interface MacKeySource {
  readonly label: string;
  /** The environment variable holding the KMS key id (set by the stack on the granted functions). */
  readonly keyIdVariable: string;
  /** The local cloud's key file of this purpose. */
  readonly localKeyFile: (localKeys: NonNullable<Runtime['localKeys']>) => string;
  /** What a function without the variable may not do, for the error message. */
  readonly purpose: string;
}

/**
 * The MAC signer of a function, as shared/crypto chooses key providers:
 * - in a deployed function, KMS with the HMAC key named by `source.keyIdVariable`;
 * - in the local cloud, whose runtime carries `localKeys`, HMAC under the local key file
 *   (refused in a deployed function, see {@link localKeysOf}).
 * Nothing is read and no client is created until the first message is signed or checked, so a
 * function that never signs needs no key.
 */
export function macSignerFor(runtime: Runtime, source: MacKeySource): MacSigner {
  const local = localKeysOf(runtime);
  let signer: Promise<MacSigner> | undefined;
  const build = async (): Promise<MacSigner> => {
    if (local !== undefined) {
      const key = await loadOrCreateKeyFile(source.localKeyFile(local), MIN_LOCAL_MAC_KEY_BYTES);
      return new LocalMacSigner(key, source.label);
    }
    const keyId = runtime.env[source.keyIdVariable]?.trim();
    if (!keyId)
      throw new CryptoConfigError(
        `Missing environment variable ${source.keyIdVariable} (this function may not ${source.purpose})`,
      );
    // Loaded here, on the first message (a chunk of its own): see key-material.ts.
    const [{ KmsMacSigner }, { sharedKmsClient }] = await Promise.all([
      import('./kms-mac-signer.js'),
      import('./kms-client.js'),
    ]);
    return new KmsMacSigner(sharedKmsClient(), keyId, source.label);
  };
  const resolve = (): Promise<MacSigner> => {
    signer ??= build();
    return signer;
  };
  return {
    sign: async (message) => (await resolve()).sign(message),
    verify: async (message, mac) => (await resolve()).verify(message, mac),
  };
}
