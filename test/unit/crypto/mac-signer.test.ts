import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { surveyTokenSigner } from '../../../functions/engagement/setup-survey-tokens.js';
import { KmsAuditSigner } from '../../../shared/audit/kms-audit-signer.js';
import { LocalAuditSigner } from '../../../shared/audit/signer.js';
import { auditSignerFor } from '../../../shared/audit/signer-material.js';
import { CryptoConfigError } from '../../../shared/crypto/errors.js';
import { KmsMacSigner } from '../../../shared/crypto/kms-mac-signer.js';
import { LocalMacSigner } from '../../../shared/crypto/mac-signer.js';
import type { Runtime } from '../../../shared/runtime/runtime.js';
import { systemClock } from '../../../shared/time/clock.js';

const KEY = Buffer.alloc(32, 7);
const HASH = 'ab'.repeat(32);

describe('the shared MAC signer', () => {
  it('signs audit hashes with exactly the bytes audit MACs always had, so stored MACs still verify', async () => {
    // What the audit signer computed before it was generalised: HMAC-SHA256 of `fincrm-audit-v1:<hash>`.
    const stored = createHmac('sha256', KEY).update(`fincrm-audit-v1:${HASH}`, 'utf8').digest('base64');
    const signer = new LocalAuditSigner(KEY);

    expect(await signer.sign(HASH)).toBe(stored);
    expect(await signer.verify(HASH, stored)).toBe(true);
  });

  it('never lets a MAC of one purpose verify under another label, even with the same key', async () => {
    const audit = new LocalMacSigner(KEY, 'fincrm-audit-v1');
    const survey = new LocalMacSigner(KEY, 'fincrm-survey-v1');
    const mac = await survey.sign('complaint-cmp_1:1772352000');

    expect(await survey.verify('complaint-cmp_1:1772352000', mac)).toBe(true);
    expect(await audit.verify('complaint-cmp_1:1772352000', mac)).toBe(false);
    expect(await survey.verify('complaint-cmp_1:1772352001', mac)).toBe(false);
    expect(
      await new LocalMacSigner(randomBytes(32), 'fincrm-survey-v1').verify('complaint-cmp_1:1772352000', mac),
    ).toBe(false);
  });

  it('refuses a local key shorter than a KMS HMAC_256 key', () => {
    expect(() => new LocalMacSigner(randomBytes(16), 'fincrm-survey-v1')).toThrow(/at least 32 bytes/);
  });

  it('sends the label with the message to KMS GenerateMac and VerifyMac', async () => {
    const client = new KMSClient({ region: 'eu-west-1' });
    const send = vi.spyOn(client, 'send');
    send.mockImplementationOnce(async () => ({ Mac: Uint8Array.of(9, 9) }));
    send.mockImplementationOnce(async () => ({ MacValid: true }));
    const survey = new KmsMacSigner(client, 'arn:aws:kms:eu-west-1:1:key/s', 'fincrm-survey-v1');

    const mac = await survey.sign('s-1:100');
    expect(await survey.verify('s-1:100', mac)).toBe(true);

    const [generate, verify] = send.mock.calls.map((call) => call[0].input);
    expect(generate).toMatchObject({ KeyId: 'arn:aws:kms:eu-west-1:1:key/s', MacAlgorithm: 'HMAC_SHA_256' });
    expect(Buffer.from((generate as { Message: Uint8Array }).Message).toString()).toBe(
      'fincrm-survey-v1:s-1:100',
    );
    expect(Buffer.from((verify as { Message: Uint8Array }).Message).toString()).toBe(
      'fincrm-survey-v1:s-1:100',
    );
  });

  it('keeps the audit label on the KMS audit signer', async () => {
    const client = new KMSClient({ region: 'eu-west-1' });
    const send = vi.spyOn(client, 'send');
    send.mockImplementationOnce(async () => ({ Mac: Uint8Array.of(1) }));
    await new KmsAuditSigner(client, 'alias/a').sign(HASH);
    const input = send.mock.calls[0]?.[0].input as { Message: Uint8Array };
    expect(Buffer.from(input.Message).toString()).toBe(`fincrm-audit-v1:${HASH}`);
  });
});

describe('each purpose’s key, from the runtime', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fincrm-mac-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const local = (): Runtime => ({
    env: {},
    clock: systemClock,
    localKeys: {
      masterKeyFile: join(dir, 'master.key'),
      blindIndexKeyFile: join(dir, 'blind-index.key'),
      auditMacKeyFile: join(dir, 'audit-mac.key'),
      surveyTokenKeyFile: join(dir, 'survey-token.key'),
      auditAnchorDir: join(dir, 'audit-anchors'),
      capturedMessagesFile: join(dir, 'captured-messages.jsonl'),
    },
  });

  it('signs survey links locally with a key file of their own, which survives a restart', async () => {
    const mac = await surveyTokenSigner(local()).sign('s-1:100');
    await auditSignerFor(local()).sign(HASH);

    expect(await surveyTokenSigner(local()).verify('s-1:100', mac)).toBe(true);
    const surveyKey = await readFile(join(dir, 'survey-token.key'), 'utf8');
    const auditKey = await readFile(join(dir, 'audit-mac.key'), 'utf8');
    expect(surveyKey).not.toBe(auditKey);
  });

  it('needs SURVEY_TOKEN_KEY_ID in a deployed function, named in the error', async () => {
    const deployed: Runtime = { env: { AWS_LAMBDA_FUNCTION_NAME: 'f' }, clock: systemClock };
    await expect(surveyTokenSigner(deployed).sign('s-1:100')).rejects.toThrow(CryptoConfigError);
    await expect(surveyTokenSigner(deployed).sign('s-1:100')).rejects.toThrow(/SURVEY_TOKEN_KEY_ID/);
  });
});
