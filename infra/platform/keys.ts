import { ArnFormat, Aws, Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRootPrincipal,
  ArnPrincipal,
  Effect,
  type IGrantable,
  type IPrincipal,
  PolicyDocument,
  PolicyStatement,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import { type IKey, Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { RECORD_TYPES, type RecordType, recordKeyContext } from '../../shared/crypto/record-cipher.js';
import type { Stage } from '../stage.js';
import { acknowledge } from './nag.js';

export interface DataKeyProps {
  readonly stage: Stage;
  readonly removalPolicy: RemovalPolicy;
  /**
   * The principal that administers the key (docs/operations.md §9). Default: the account root,
   * that is whoever IAM lets administer KMS; a dedicated role separates administration from use.
   */
  readonly adminArn?: string;
}

/**
 * Managing the key, never using it. `kms:CreateGrant` is left out on purpose (a grant is a way
 * to hand out use), so is every cryptographic operation.
 */
export const KEY_ADMIN_ACTIONS = [
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:UpdateAlias',
  'kms:Describe*',
  'kms:List*',
  'kms:Get*',
  'kms:Enable*',
  'kms:Disable*',
  'kms:Put*',
  'kms:UpdateKeyDescription',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
];

/** Cryptographic use of the key: what the administrator statement never grants. */
export const KEY_USE_ACTIONS = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey*',
  'kms:ReEncrypt*',
  'kms:CreateGrant',
];

/** Services that use the key on a caller's behalf (tables, dead-letter queues, the blind-index secret). */
const USING_SERVICES = ['dynamodb', 'sqs', 'secretsmanager'];

// The context shared/crypto binds every record's data key to: the record type and the record
// id (ids only, docs/architecture.md). KMS refuses a data-key call whose context does not have
// exactly these keys and one of the record types given.
const CONTEXT_KEYS = Object.keys(recordKeyContext('customer', 'record-id')).sort();
const RECORD_TYPE = 'recordType';
const RECORD_ID = 'recordId';

/**
 * IAM conditions that hold only for a data key of a record of one of `recordTypes` (the key
 * policy: every type; a function's role: the one type its definition names).
 */
export function dataKeyConditions(
  recordTypes: readonly RecordType[] = RECORD_TYPES,
): Record<string, Record<string, unknown>> {
  return {
    StringEquals: {
      [`kms:EncryptionContext:${RECORD_TYPE}`]: recordTypes.length === 1 ? recordTypes[0] : [...recordTypes],
    },
    Null: { [`kms:EncryptionContext:${RECORD_ID}`]: 'false' },
    'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': CONTEXT_KEYS },
  };
}

/**
 * `kms:ViaService` values naming `service` in this region: the commercial endpoint name and
 * the partition's URL suffix (amazonaws.com.cn in aws-cn), whichever form the partition uses.
 */
export function viaService(service: string): string[] {
  return [`${service}.${Aws.REGION}.amazonaws.com`, `${service}.${Aws.REGION}.${Aws.URL_SUFFIX}`];
}

/**
 * The customer-managed KMS key for customer data: table encryption at rest, envelope
 * encryption of C2 fields (data keys), the blind-index secret, the event bus and its archive,
 * dead-letter queues and log groups. Rotation is on; outside dev the key outlives the stack
 * (losing it loses the data).
 *
 * The key policy separates administration from use (docs/operations.md §9): the administrator
 * may manage the key but not use it; use is delegated to IAM only through the services that
 * use the key (DynamoDB, SQS, Secrets Manager) or for a customer record's data-key context,
 * and each role's own policy narrows that further.
 */
export class DataKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string, props: DataKeyProps) {
    super(scope, id);
    const account = new AccountRootPrincipal();
    const admin: IPrincipal = props.adminArn === undefined ? account : new ArnPrincipal(props.adminArn);
    const policy = new PolicyDocument({
      statements: [
        new PolicyStatement({
          sid: 'KeyAdministration',
          principals: [admin],
          actions: KEY_ADMIN_ACTIONS,
          resources: ['*'],
        }),
        new PolicyStatement({
          sid: 'DescribeThroughIam',
          principals: [account],
          actions: ['kms:DescribeKey'],
          resources: ['*'],
        }),
        new PolicyStatement({
          sid: 'UseThroughAwsServices',
          principals: [account],
          actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
          resources: ['*'],
          conditions: {
            StringEquals: {
              'kms:ViaService': USING_SERVICES.flatMap(viaService),
              'kms:CallerAccount': Aws.ACCOUNT_ID,
            },
          },
        }),
        // DynamoDB keeps grants on the key for the tables it encrypts (created when a table is).
        new PolicyStatement({
          sid: 'GrantsForAwsResources',
          principals: [account],
          actions: ['kms:CreateGrant'],
          resources: ['*'],
          conditions: {
            StringEquals: { 'kms:ViaService': ['dynamodb', 'secretsmanager'].flatMap(viaService) },
            Bool: { 'kms:GrantIsForAWSResource': 'true' },
          },
        }),
        new PolicyStatement({
          sid: 'RecordDataKeys',
          principals: [account],
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: ['*'],
          conditions: dataKeyConditions(),
        }),
        ...(props.adminArn === undefined ? [] : administratorDenials(admin)),
      ],
    });
    this.key = new Key(this, 'Key', {
      description: `FinCrm ${props.stage}: customer data (tables, data keys, secrets, events, queues, logs)`,
      alias: `alias/fincrm-${props.stage}-data`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: props.removalPolicy,
      // Our own policy: without it CDK gives the account root `kms:*` (administration and use).
      policy,
    });
    allowLogsToUseKey(this.key);
  }
}

/**
 * What a dedicated administrator may never do, whatever IAM grants it: call the key directly
 * (open a customer's data key) or grant it to anyone for other than an AWS resource. Through a
 * service it may: the administrator is normally the role CloudFormation deploys with, which
 * creates the tables and the secret under the key (docs/operations.md §9).
 */
function administratorDenials(admin: IPrincipal): PolicyStatement[] {
  return [
    new PolicyStatement({
      sid: 'AdministratorNeverCallsTheKeyDirectly',
      effect: Effect.DENY,
      principals: [admin],
      actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      resources: ['*'],
      conditions: { Null: { 'kms:ViaService': 'true' } },
    }),
    new PolicyStatement({
      sid: 'AdministratorGrantsNoUse',
      effect: Effect.DENY,
      principals: [admin],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { Bool: { 'kms:GrantIsForAWSResource': 'false' } },
    }),
  ];
}

/**
 * CloudWatch Logs encrypts log groups with the key itself (as logs.<region>), for log groups of
 * this account and region only (docs/operations.md §9).
 */
function allowLogsToUseKey(key: Key): void {
  const stack = Stack.of(key);
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'CloudWatchLogs',
      principals: [new ServicePrincipal(`logs.${Aws.REGION}.${Aws.URL_SUFFIX}`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
}

/**
 * Lets `grantee` use `key` for `actions` only when the request comes through `service`
 * (e.g. `dynamodb`), and, with `context`, only for that encryption context (e.g. one table's
 * name): the principal can then never call KMS with the key directly, nor for another resource.
 */
export function grantKeyViaService(
  key: IKey,
  grantee: IGrantable,
  service: string,
  actions: string[],
  context: Readonly<Record<string, string>> = {},
): void {
  const encryptionContext = Object.fromEntries(
    Object.entries(context).map(([name, value]) => [`kms:EncryptionContext:${name}`, value]),
  );
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions,
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': viaService(service), ...encryptionContext } },
    }),
  );
}

/**
 * Data keys for records of one type: GenerateDataKey and Decrypt called directly (envelope
 * encryption, shared/crypto), only with that record type's encryption context; Decrypt alone
 * (`open`) for a function that reads sealed fields but never creates a key.
 */
export function grantDataKeys(
  key: IKey,
  grantee: IGrantable,
  recordType: RecordType,
  use: 'seal-and-open' | 'open' = 'seal-and-open',
): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: use === 'open' ? ['kms:Decrypt'] : ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [key.keyArn],
      conditions: dataKeyConditions([recordType]),
    }),
  );
}

export interface SurveyTokenKeyProps {
  readonly stage: Stage;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The HMAC key that signs survey links (docs/domain-rules.md §18.5): KMS GenerateMac /
 * VerifyMac (HMAC_SHA_256) with the label `fincrm-survey-v1`, a key of its own so that no
 * function that signs audit records can sign a survey link and the other way round. The
 * functions that send links sign with it; the API only verifies. KMS does not rotate HMAC keys
 * (automatic rotation is for symmetric encryption keys only); a new key would void every link
 * out (they live ENGAGEMENT_SURVEY_LINK_DAYS), so it is replaced by a planned switch. Like the
 * audit key it outlives the stack outside dev.
 */
export class SurveyTokenKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string, props: SurveyTokenKeyProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: `FinCrm ${props.stage}: HMAC key that signs survey links`,
      alias: `alias/fincrm-${props.stage}-survey-token`,
      keySpec: KeySpec.HMAC_256,
      keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
      pendingWindow: Duration.days(30),
      removalPolicy: props.removalPolicy,
    });
    acknowledge(
      this.key,
      'AwsSolutions-KMS5',
      'KMS does not rotate HMAC keys automatically; a new survey token key voids every link still out, so it is introduced by a planned switch.',
    );
  }
}
