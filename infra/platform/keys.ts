import { Aws, Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { Stage } from '../stage.js';

export interface DataKeyProps {
  readonly stage: Stage;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The customer-managed KMS key for customer data: table encryption at rest, envelope
 * encryption of C2 fields (data keys), the blind-index secret and the event bus.
 * Rotation is on; outside dev the key outlives the stack (losing it loses the data).
 */
export class DataKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string, props: DataKeyProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: `FinCrm ${props.stage}: customer data (tables, data keys, secrets, events)`,
      alias: `alias/fincrm-${props.stage}-data`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: props.removalPolicy,
    });
  }
}

/**
 * Lets `grantee` use `key` for `actions` only when the request comes through `service`
 * (e.g. `dynamodb`): the principal can then never call KMS with the key directly.
 */
export function grantKeyViaService(key: IKey, grantee: IGrantable, service: string, actions: string[]): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions,
      resources: [key.keyArn],
      // The commercial endpoint name and the partition's URL suffix (amazonaws.com.cn in
      // aws-cn): both name only `service` in this region, whichever form the partition uses.
      conditions: {
        StringEquals: {
          'kms:ViaService': [
            `${service}.${Aws.REGION}.amazonaws.com`,
            `${service}.${Aws.REGION}.${Aws.URL_SUFFIX}`,
          ],
        },
      },
    }),
  );
}
