import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { Env } from '../runtime/runtime.js';
import { AnchorExistsError, type AnchorSink } from './anchor.js';

/**
 * Writes anchors to the Object Lock bucket with one S3 PutObject each: `If-None-Match: *`
 * makes S3 refuse a key that exists (412 PreconditionFailed), and the bucket's default
 * retention (COMPLIANCE) locks what was written. S3 refuses a put under Object Lock without an
 * integrity header (`Content-MD5` or `x-amz-checksum-*`), so the SDK sends the SHA-256 checksum
 * of the body.
 */
export class S3AnchorSink implements AnchorSink {
  constructor(
    private readonly bucket: string,
    private readonly client: S3Client,
  ) {}

  async write(key: string, body: string): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: 'application/json',
          IfNoneMatch: '*',
          ChecksumAlgorithm: 'SHA256',
        }),
      );
    } catch (error) {
      if (isPreconditionFailed(error))
        throw new AnchorExistsError(`Anchor ${key} exists and is never replaced`);
      throw error;
    }
  }
}

function isPreconditionFailed(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.name === 'PreconditionFailed' || error.$metadata.httpStatusCode === 412)
  );
}

/** The S3 sink of a deployed function: `AUDIT_ANCHOR_BUCKET`, with the SDK's region and role credentials. */
export function s3AnchorSinkFromEnv(env: Env, client: S3Client = new S3Client({})): S3AnchorSink {
  const bucket = env.AUDIT_ANCHOR_BUCKET?.trim();
  if (!bucket) throw new Error('AUDIT_ANCHOR_BUCKET is required to write anchors');
  return new S3AnchorSink(bucket, client);
}
