import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnchorExistsError, anchorKey, buildAnchor, chainHeads } from '../../../shared/audit/anchor.js';
import { FileAnchorSink } from '../../../shared/audit/file-anchor-sink.js';
import { LocalAuditSigner } from '../../../shared/audit/index.js';
import { S3AnchorSink } from '../../../shared/audit/s3-anchor-sink.js';

const at = new Date('2026-12-04T02:30:00.000Z');
const s3 = mockClient(S3Client);
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('chainHeads and buildAnchor', () => {
  it('keeps the highest seq of each subject and signs the digest of the whole anchor', async () => {
    const signer = new LocalAuditSigner(randomBytes(32));
    const heads = chainHeads([
      { subject: 'customer#b', seq: 1, hash: 'b1' },
      { subject: 'customer#a', seq: 2, hash: 'a2' },
      { subject: 'customer#a', seq: 1, hash: 'a1' },
    ]);

    const anchor = await buildAnchor(signer, 'CustomerAudit', at, heads);

    expect(anchor.heads).toEqual([
      { subject: 'customer#a', seq: 2, hash: 'a2' },
      { subject: 'customer#b', seq: 1, hash: 'b1' },
    ]);
    expect(await signer.verify(anchor.digest, anchor.mac)).toBe(true);
    expect(anchorKey('CustomerAudit', at)).toBe('anchors/CustomerAudit/2026-12-04T02:30:00.000Z.json');
  });
});

describe('FileAnchorSink (the local write-once store)', () => {
  it('writes an anchor once and refuses to overwrite it, leaving the first intact', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'anchors-'));
    dirs.push(dir);
    const sink = new FileAnchorSink(dir);
    const key = anchorKey('CustomerAudit', at);

    await sink.write(key, '{"heads":["original"]}');
    const overwrite = sink.write(key, '{"heads":["rewritten"]}');

    await expect(overwrite).rejects.toBeInstanceOf(AnchorExistsError);
    expect(await readFile(join(dir, key), 'utf8')).toBe('{"heads":["original"]}');
  });

  it('keeps keys inside its directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'anchors-'));
    dirs.push(dir);
    await expect(new FileAnchorSink(dir).write('../escape.json', '{}')).rejects.toThrow(/inside/);
  });
});

describe('S3AnchorSink', () => {
  beforeEach(() => s3.reset());

  it('puts an anchor under anchors/ only if absent, with the checksum Object Lock requires', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({ ETag: '"e1"' });
    const key = anchorKey('CustomerAudit', at);

    // Act
    await new S3AnchorSink('fincrm-anchors', new S3Client({ region: 'cn-north-1' })).write(key, '{}');

    // Assess
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 1);
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'fincrm-anchors',
      Key: 'anchors/CustomerAudit/2026-12-04T02:30:00.000Z.json',
      Body: '{}',
      IfNoneMatch: '*',
      ChecksumAlgorithm: 'SHA256',
    });
  });

  it('refuses to replace an anchor S3 already holds: a 412 is an existing anchor, not a retry', async () => {
    // Prepare: S3 answers the conditional put of an existing key with PreconditionFailed.
    s3.on(PutObjectCommand).rejects(
      new S3ServiceException({
        name: 'PreconditionFailed',
        $fault: 'client',
        $metadata: { httpStatusCode: 412 },
        message: 'At least one of the pre-conditions you specified did not hold',
      }),
    );
    const sink = new S3AnchorSink('fincrm-anchors', new S3Client({ region: 'cn-north-1' }));

    // Act
    const rewrite = sink.write(anchorKey('CustomerAudit', at), '{"heads":["rewritten"]}');

    // Assess
    await expect(rewrite).rejects.toBeInstanceOf(AnchorExistsError);
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { IfNoneMatch: '*' });
  });

  it('passes on any other failure of S3', async () => {
    s3.on(PutObjectCommand).rejects(
      new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } }),
    );
    const sink = new S3AnchorSink('fincrm-anchors', new S3Client({ region: 'cn-north-1' }));

    await expect(sink.write(anchorKey('CustomerAudit', at), '{}')).rejects.toMatchObject({
      name: 'AccessDenied',
    });
  });
});
