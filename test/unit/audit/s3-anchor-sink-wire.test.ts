import { createHash } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { S3AnchorSink } from '../../../shared/audit/s3-anchor-sink.js';

/** What reached the wire: the signed request, stopped before it leaves the process. */
interface WireRequest {
  readonly path: string;
  readonly headers: Record<string, string>;
}

class Stopped extends Error {}

describe('S3AnchorSink on the wire', () => {
  it('signs a conditional put with the SHA-256 checksum header S3 requires under Object Lock', async () => {
    // Prepare: a real client whose signed request is captured and never sent.
    const client = new S3Client({
      region: 'cn-north-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });
    const sent: WireRequest[] = [];
    client.middlewareStack.add(
      () => async (args) => {
        const request = args.request as WireRequest;
        sent.push({ path: request.path, headers: { ...request.headers } });
        throw new Stopped('not sent');
      },
      { step: 'finalizeRequest', name: 'captureSignedRequest', priority: 'low' },
    );

    // Act
    const write = new S3AnchorSink('fincrm-anchors', client).write(
      'anchors/CalendarAudit/2026-12-04T02:50:00.000Z.json',
      '{}\n',
    );

    // Assess: a failure that is not a 412 is passed on, and the request carried what S3 needs.
    await expect(write).rejects.toBeInstanceOf(Stopped);
    const [request] = sent;
    expect(request?.path).toMatch(/\/anchors\/CalendarAudit\/2026-12-04T02%3A50%3A00\.000Z\.json$/);
    expect(request?.headers).toMatchObject({
      'if-none-match': '*',
      'x-amz-checksum-sha256': createHash('sha256').update('{}\n').digest('base64'),
    });
    expect(request?.headers.authorization).toMatch(/SignedHeaders=.*if-none-match;.*x-amz-checksum-sha256/);
  });
});
