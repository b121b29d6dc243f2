import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectLockRetention } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { Stage } from '../stage.js';
import { acknowledge } from './nag.js';

export interface AuditIntegrityProps {
  readonly stage: Stage;
  readonly removalPolicy: RemovalPolicy;
  /** How long each anchor stays locked (COMPLIANCE mode: no one, not even the root user, can shorten it). */
  readonly anchorRetention: Duration;
}

/**
 * What keeps the audit trail honest beyond the table's own conditions (docs/domain-rules.md
 * §12): an HMAC key in KMS that signs every audit record (only the functions that append may
 * sign, the others only verify), and a write-once bucket for the daily anchors of the chain
 * heads (S3 Object Lock in COMPLIANCE mode).
 */
export class AuditIntegrity extends Construct {
  readonly macKey: Key;
  readonly anchors: Bucket;

  constructor(scope: Construct, id: string, props: AuditIntegrityProps) {
    super(scope, id);
    this.macKey = new Key(this, 'MacKey', {
      description: `FinCrm ${props.stage}: HMAC key that signs audit records`,
      alias: `alias/fincrm-${props.stage}-audit-mac`,
      keySpec: KeySpec.HMAC_256,
      keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
      pendingWindow: Duration.days(30),
      // Losing the key makes every signature unverifiable: it outlives the stack outside dev.
      removalPolicy: props.removalPolicy,
    });
    this.anchors = new Bucket(this, 'Anchors', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.compliance(props.anchorRetention),
      removalPolicy: props.removalPolicy,
    });
    acknowledge(
      this.macKey,
      'AwsSolutions-KMS5',
      'KMS does not rotate HMAC keys automatically; rotating would make every stored MAC unverifiable, so a new key is introduced by a planned re-signing.',
    );
    acknowledge(
      this.anchors,
      'AwsSolutions-S1',
      'The anchors are written only by the anchor function and read by operators; CloudTrail data events, not server access logs, are the place to watch a write-once bucket.',
    );
  }
}
