import { Stack, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import type { CrmStack } from '../../infra/crm-stack.js';
import { findings, PROD_SIGN_IN } from './support.js';

// The real thing for dev (functions bundled, as `cdk synth` does); prod differs only in
// settings, so its functions are not bundled again.
let dev: CrmStack;
let prod: CrmStack;
// `cdk synth` in a shell with a default region writes it into ARNs that are otherwise pseudo
// parameters, and cdk-nag's finding ids change with it: each acknowledgement must match both.
let prodInRegion: CrmStack;

beforeAll(() => {
  dev = buildApp({ stage: 'dev' }).stack;
  prod = buildApp({ stage: 'prod', bundle: false, ...PROD_SIGN_IN }).stack;
  prodInRegion = buildApp({ stage: 'prod', bundle: false, region: 'cn-north-1', ...PROD_SIGN_IN }).stack;
});

function acknowledgements(stack: IConstruct): { path: string; id: string; reason: string }[] {
  return stack.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, unknown>).map(([id, reason]) => ({
          path: construct.node.path,
          id,
          reason: String(reason),
        })),
      ),
  );
}

describe('cdk-nag (AwsSolutions and Serverless packs)', () => {
  it('reports a finding the packs are meant to catch (control)', () => {
    // Prepare: a queue with neither TLS enforcement nor a DLQ.
    const stack = new Stack();
    new Queue(stack, 'Plain', { encryption: QueueEncryption.UNENCRYPTED });
    // Act / Assess
    expect(findings(stack).length).toBeGreaterThan(0);
  });

  it('has no unacknowledged error or warning in dev', () => {
    expect(findings(dev)).toEqual([]);
  });

  it('has no unacknowledged error or warning in prod', () => {
    expect(findings(prod)).toEqual([]);
  });

  it('has no unacknowledged error or warning in prod synthesised for a region', () => {
    expect(findings(prodInRegion)).toEqual([]);
  });

  it('gives every acknowledgement a reason', () => {
    const all = acknowledgements(dev);
    expect(all.length).toBeGreaterThan(0);
    for (const ack of all) expect(ack.reason.length, `${ack.path} ${ack.id}`).toBeGreaterThanOrEqual(10);
  });

  it('acknowledges IAM wildcards one finding at a time, never the whole rule', () => {
    const iam = acknowledgements(dev).filter((ack) => ack.id.includes('AwsSolutions-IAM5'));
    expect(iam.length).toBeGreaterThan(0);
    for (const ack of iam) expect(ack.id, ack.path).toMatch(/AwsSolutions-IAM5\[(Resource|Action)::.+\]$/);
  });

  it('acknowledges on specific resources, never on the stack or a capability as a whole', () => {
    const paths = new Set(acknowledgements(dev).map((ack) => ack.path));
    expect(paths.has(dev.node.path)).toBe(false);
    for (const capability of dev.capabilities) expect(paths.has(capability.node.path)).toBe(false);
  });
});
