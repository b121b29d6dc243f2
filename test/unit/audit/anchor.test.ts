import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AnchorExistsError, anchorKey, buildAnchor, chainHeads } from '../../../shared/audit/anchor.js';
import { FileAnchorSink } from '../../../shared/audit/file-anchor-sink.js';
import { LocalAuditSigner } from '../../../shared/audit/index.js';
import { S3AnchorSink } from '../../../shared/audit/s3-anchor-sink.js';

const at = new Date('2026-12-04T02:30:00.000Z');
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
  it('sends a signed, conditional PutObject with Content-MD5, and reads 412 as an existing anchor', async () => {
    const requests: { url: string; init: RequestInit }[] = [];
    const statuses = [200, 412];
    const fakeFetch: typeof fetch = async (url, init = {}) => {
      requests.push({ url: String(url), init });
      return new Response(null, { status: statuses.shift() ?? 500 });
    };
    const sink = new S3AnchorSink({
      bucket: 'fincrm-anchors',
      region: 'cn-north-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' },
      fetch: fakeFetch,
    });
    const key = anchorKey('CustomerAudit', at);

    await sink.write(key, '{}');
    await expect(sink.write(key, '{}')).rejects.toBeInstanceOf(AnchorExistsError);

    const first = requests[0];
    expect(first?.url).toBe(
      'https://fincrm-anchors.s3.cn-north-1.amazonaws.com.cn/anchors/CustomerAudit/2026-12-04T02%3A30%3A00.000Z.json',
    );
    const headers = first?.init.headers as Record<string, string>;
    expect(headers['if-none-match']).toBe('*');
    expect(headers['content-md5']).toBe('mZFLkyvTelC5g8XnyQrpOw==');
    expect(headers['x-amz-security-token']).toBe('token');
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/cn-north-1\/s3\/aws4_request, SignedHeaders=.*if-none-match.*, Signature=[0-9a-f]{64}$/,
    );
  });
});
