import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Env } from '../runtime/runtime.js';
import { AnchorExistsError, type AnchorSink } from './anchor.js';

type Bytes = string | ArrayBuffer | ArrayBufferView;

function toBuffer(data: Bytes): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** SHA-256 and HMAC-SHA256 from node:crypto, in the shape the SigV4 signer takes. */
class NodeSha256 {
  #hash: Hash | Hmac;
  readonly #secret: Bytes | undefined;

  constructor(secret?: Bytes) {
    this.#secret = secret;
    this.#hash = this.#fresh();
  }

  #fresh(): Hash | Hmac {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.#secret));
  }

  update(data: Bytes): void {
    this.#hash.update(toBuffer(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }

  reset(): void {
    this.#hash = this.#fresh();
  }
}

export interface S3AnchorSinkOptions {
  readonly bucket: string;
  readonly region: string;
  /** The function's role credentials (Lambda puts them in the environment). */
  readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined };
  /** Defaults to the global fetch (tests pass their own). */
  readonly fetch?: typeof fetch;
}

/**
 * Writes anchors to the Object Lock bucket with one signed S3 PutObject each: `If-None-Match: *`
 * makes S3 refuse a key that exists (412), and the bucket's default retention (COMPLIANCE)
 * locks what was written. Object Lock needs an integrity header, so `Content-MD5` is sent.
 * The project carries no S3 client: the request is signed with the SDK's own SigV4 signer.
 */
export class S3AnchorSink implements AnchorSink {
  readonly #signer: SignatureV4;
  readonly #fetch: typeof fetch;

  constructor(private readonly options: S3AnchorSinkOptions) {
    this.#signer = new SignatureV4({
      credentials: options.credentials,
      region: options.region,
      service: 's3',
      sha256: NodeSha256,
      // S3 paths are escaped once, not twice as other services sign them.
      uriEscapePath: false,
    });
    this.#fetch = options.fetch ?? fetch;
  }

  async write(key: string, body: string): Promise<void> {
    const suffix = this.options.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
    const hostname = `${this.options.bucket}.s3.${this.options.region}.${suffix}`;
    const path = `/${key.split('/').map(encodeURIComponent).join('/')}`;
    const payload = Buffer.from(body, 'utf8');
    const signed = await this.#signer.sign({
      method: 'PUT',
      protocol: 'https:',
      hostname,
      path,
      query: {},
      headers: {
        host: hostname,
        'content-type': 'application/json',
        'content-md5': createHash('md5').update(payload).digest('base64'),
        'if-none-match': '*',
        'x-amz-content-sha256': createHash('sha256').update(payload).digest('hex'),
      },
      body: payload,
    });
    const response = await this.#fetch(`https://${hostname}${path}`, {
      method: 'PUT',
      headers: signed.headers,
      body: payload,
    });
    if (response.status === 412) throw new AnchorExistsError(`Anchor ${key} exists and is never replaced`);
    if (!response.ok)
      throw new Error(`S3 PutObject of an audit anchor failed with status ${response.status}`);
  }
}

/** The S3 sink of a deployed function: `AUDIT_ANCHOR_BUCKET`, the region and role credentials from Lambda's environment. */
export function s3AnchorSinkFromEnv(env: Env): S3AnchorSink {
  const bucket = env.AUDIT_ANCHOR_BUCKET?.trim();
  const region = env.AWS_REGION?.trim();
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
  if (!bucket || !region || !accessKeyId || !secretAccessKey) {
    throw new Error('AUDIT_ANCHOR_BUCKET, AWS_REGION and the role credentials are required to write anchors');
  }
  return new S3AnchorSink({
    bucket,
    region,
    credentials: { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN },
  });
}
