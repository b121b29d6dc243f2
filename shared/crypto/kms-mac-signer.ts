import { GenerateMacCommand, type KMSClient, VerifyMacCommand } from '@aws-sdk/client-kms';
import { type MacSigner, macMessage } from './mac-signer.js';

/**
 * KMS GenerateMac / VerifyMac (HMAC_SHA_256) with an HMAC key: the key never leaves KMS, and
 * IAM decides who may sign and who may only verify.
 */
export class KmsMacSigner implements MacSigner {
  constructor(
    private readonly client: KMSClient,
    private readonly keyId: string,
    private readonly label: string,
  ) {}

  async sign(message: string): Promise<string> {
    const { Mac } = await this.client.send(
      new GenerateMacCommand({
        KeyId: this.keyId,
        MacAlgorithm: 'HMAC_SHA_256',
        Message: macMessage(this.label, message),
      }),
    );
    if (Mac === undefined || Mac.length === 0) throw new Error('KMS GenerateMac returned no MAC');
    return Buffer.from(Mac).toString('base64');
  }

  async verify(message: string, mac: string): Promise<boolean> {
    try {
      const { MacValid } = await this.client.send(
        new VerifyMacCommand({
          KeyId: this.keyId,
          MacAlgorithm: 'HMAC_SHA_256',
          Message: macMessage(this.label, message),
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
