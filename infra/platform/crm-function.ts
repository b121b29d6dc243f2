import { CfnElement, Duration } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Effect, Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  Architecture,
  Function as LambdaFunction,
  LoggingFormat,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { FunctionSpec, TableAccess } from '../../shared/capability/types.js';
import type { RecordType } from '../../shared/crypto/record-cipher.js';
import type { StageSettings } from '../stage.js';
import { FUNCTION_NODE_OPTIONS, LAMBDA_HANDLER } from './bundling.js';
import { functionCode } from './function-code.js';
import { grantDataKeys, grantKeyViaService } from './keys.js';
import type { MessagingGateway } from './messaging-gateway.js';
import { acknowledge, nagReference } from './nag.js';
import { upperSnake } from './naming.js';
import { deadLetterQueue, grantSendToEncryptedQueue, type SharedQueuePolicy } from './queues.js';
import type { CrmTable } from './table.js';

/** Metric namespace every function's Powertools metrics use. */
export const METRICS_NAMESPACE = 'FinCrm';

// No Scan: every read names a key or queries a declared index (the compliance officer's
// unscoped customer list queries `byEntity`), so reading never means reading a whole table.
// The one exception is `readAll` on an append-only audit table (no values in it).
const READ = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem'];
// Transactions are authorised per contained action (Put/Update/Delete/ConditionCheck), so
// these cover TransactWriteItems too.
const WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const APPEND = ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:Query'];
/** Everything that could change or remove an item of an append-only table. */
export const APPEND_ONLY_DENIED = [
  'dynamodb:DeleteItem',
  'dynamodb:UpdateItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLDelete',
  'dynamodb:PartiQLUpdate',
];
/**
 * A request not made from inside a TransactWriteItems. `dynamodb:EnclosingOperation` is absent
 * on a direct PutItem/UpdateItem, and ForAllValues over an absent key is true, so a Deny with
 * this condition applies to every direct write and to none inside a transaction.
 */
const OUTSIDE_A_TRANSACTION = {
  'ForAllValues:StringNotEquals': { 'dynamodb:EnclosingOperation': ['TransactWriteItems'] },
};

/** The callbacks of a `.waitForTaskToken` task. */
export const TASK_TOKEN_ACTIONS = [
  'states:SendTaskSuccess',
  'states:SendTaskFailure',
  'states:SendTaskHeartbeat',
];

/** DynamoDB binds a table's keys to the table's name. */
const DYNAMODB_CONTEXT = 'aws:dynamodb:tableName';
const TABLE_ACTIONS: Record<TableAccess, string[]> = {
  read: READ,
  readWrite: [...READ, ...WRITE],
  append: APPEND,
  erase: ['dynamodb:GetItem', 'dynamodb:DeleteItem'],
  readAll: [...READ, 'dynamodb:Scan'],
};

export interface CrmFunctionProps {
  readonly spec: FunctionSpec;
  /** Capability name: the Powertools service name. */
  readonly capability: string;
  readonly settings: StageSettings;
  /** The customer-managed key: the function's dead-letter queue is under it. */
  readonly key: IKey;
  /**
   * The capability's log group (`capabilityLogGroup`): every function of a capability logs
   * there, each in streams named after the function (docs/operations.md §1).
   */
  readonly logGroup: ILogGroup;
  /**
   * The capability's queue policy, which the function's dead-letter queue joins (TLS only); none
   * for a function Lambda only ever invokes synchronously (`synchronousOnlyFunctions`): it gets
   * no dead-letter queue and no `DEAD_LETTER_QUEUE_URL`.
   */
  readonly deadLetters: SharedQueuePolicy | 'none';
  readonly reservedConcurrency?: number;
}

/**
 * A Lambda function with the defaults every function gets: Node.js 24 on arm64, an ESM
 * bundle with the SDK inside, split into chunks loaded on first use (bundling.ts), source maps, JSON logs in its
 * capability's log group (with retention, under the key), X-Ray, an SQS dead-letter queue for async failures and for
 * the events its consumers reject (`DEAD_LETTER_QUEUE_URL`) unless it is only ever invoked
 * synchronously (docs/operations.md §5), and a role of its own that
 * starts empty: the grant helpers add exactly what the capability definition grants.
 */
export class CrmFunction extends Construct {
  readonly fn: LambdaFunction;
  readonly role: Role;
  /** The capability's log group, shared with the capability's other functions. */
  readonly logGroup: ILogGroup;
  /** Undefined for a function only ever invoked synchronously (an API, a workflow task, a trigger). */
  readonly deadLetterQueue: Queue | undefined;
  readonly spec: FunctionSpec;

  constructor(scope: Construct, id: string, props: CrmFunctionProps) {
    super(scope, id);
    const { spec, settings } = props;
    this.spec = spec;
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `FinCrm ${settings.stage} ${spec.id}`,
    });
    this.logGroup = props.logGroup;
    this.logGroup.grantWrite(this.role);
    const queue =
      props.deadLetters === 'none'
        ? undefined
        : deadLetterQueue(
            this,
            'DeadLetterQueue',
            `failed async invocations of ${spec.id}`,
            props.key,
            props.deadLetters,
          );
    this.deadLetterQueue = queue;
    // Lambda sends failed async invocations with the function's role; so does the function
    // itself for the events its consumers reject.
    if (queue !== undefined) grantSendToEncryptedQueue(queue, props.key, this.role);
    this.fn = new LambdaFunction(this, 'Function', {
      code: functionCode(spec.entry),
      handler: LAMBDA_HANDLER,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      tracing: Tracing.ACTIVE,
      ...(queue === undefined ? {} : { deadLetterQueue: queue }),
      ...(props.reservedConcurrency === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrency }),
      environment: {
        NODE_OPTIONS: FUNCTION_NODE_OPTIONS,
        POWERTOOLS_SERVICE_NAME: props.capability,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        ...spec.environment,
        // Consumers send events they can never process here themselves, with a code and a
        // reason (shared/messaging). The deadLetterQueue prop already lets the role
        // sqs:SendMessage on this queue (Lambda sends failed async invocations with it).
        ...(queue === undefined ? {} : { DEAD_LETTER_QUEUE_URL: queue.queueUrl }),
      },
    });
    acknowledge(
      this.role,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) do not support resource-level permissions.',
    );
    if (queue === undefined) {
      acknowledge(
        this.fn,
        'Serverless-LambdaDLQ',
        'Only ever invoked synchronously (API Gateway, Step Functions, Cognito, or a stream event source mapping with its own on-failure queue): Lambda never has a failed asynchronous invocation of it to dead-letter, and it rejects no event.',
      );
    }
  }

  /** Grants exactly `access` on the table (and its declared indexes) and sets its env var. */
  grantTable(table: CrmTable, access: TableAccess): void {
    if (table.spec.appendOnly && access === 'readWrite') {
      throw new Error(`${this.spec.id}: table ${table.spec.id} is append-only; grant 'append' or 'read'`);
    }
    if (access === 'readAll' && !table.spec.appendOnly) {
      // A Scan of a table with customer data would read every book at once.
      throw new Error(
        `${this.spec.id}: 'readAll' (Scan) is only for append-only audit tables, not ${table.spec.id}`,
      );
    }
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: TABLE_ACTIONS[access], resources: table.resourceArns }),
    );
    // DynamoDB decrypts the table key with the caller's credentials: reads and writes need
    // kms:Decrypt, allowed only through DynamoDB and for this table.
    grantKeyViaService(table.key, this.role, 'dynamodb', ['kms:Decrypt', 'kms:DescribeKey'], {
      [DYNAMODB_CONTEXT]: table.table.tableName,
    });
    this.fn.addEnvironment(table.spec.envVar, table.table.tableName);
  }

  /**
   * Scan on one index of the table, and nothing else: a per-customer pass reads its index one
   * parallel Scan segment at a time (`FunctionSpec.scansIndexes`). The table itself stays
   * unscannable, so the grant reads the items the index lists, never every item of every kind.
   */
  grantIndexScan(table: CrmTable, indexName: string): void {
    if (table.spec.noBackups) {
      throw new Error(`${this.spec.id}: ${table.spec.id} is a key table; no function may Scan it`);
    }
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:Scan'],
        resources: [`${table.table.tableArn}/index/${indexName}`],
      }),
    );
  }

  /**
   * Explicitly denies every item mutation on an append-only table (defence in depth), and a
   * PutItem outside a TransactWriteItems: an audit record is only ever appended in the
   * transaction of the change it records (see {@link guardAuditHead} for what IAM cannot say).
   */
  denyMutation(table: CrmTable): void {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: APPEND_ONLY_DENIED,
        resources: [table.table.tableArn],
      }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['dynamodb:PutItem'],
        resources: [table.table.tableArn],
        conditions: OUTSIDE_A_TRANSACTION,
      }),
    );
  }

  /**
   * The audit head (`attribute`) on `table`'s items. DynamoDB authorises each action inside
   * TransactWriteItems as the individual action (PutItem, UpdateItem), with the condition key
   * `dynamodb:EnclosingOperation` saying it came from a transaction, and `dynamodb:Attributes`
   * naming the attributes written. IAM cannot require that the same transaction also appends
   * the audit record, nor that a request carries a condition expression. The nearest real
   * thing: a function that cannot append never writes the head, and one that can writes it
   * only inside a transaction (where the store pairs it with the append, and the condition ties
   * the head to the appended record's predecessor). A head moved some other way is caught by
   * verification and the anchors (docs/domain-rules.md §12).
   */
  guardAuditHead(table: CrmTable, attribute: string, mayAppend: boolean): void {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [table.table.tableArn],
        conditions: {
          'ForAnyValue:StringEquals': { 'dynamodb:Attributes': [attribute] },
          ...(mayAppend ? OUTSIDE_A_TRANSACTION : {}),
        },
      }),
    );
  }

  /**
   * Signs (kms:GenerateMac and kms:VerifyMac) or only verifies (kms:VerifyMac) audit records
   * with the HMAC key; sets `AUDIT_MAC_KEY_ID`.
   */
  useAuditKey(key: IKey, use: 'sign' | 'verify'): void {
    this.#useMacKey(key, use, 'AUDIT_MAC_KEY_ID');
  }

  /**
   * Signs (kms:GenerateMac and kms:VerifyMac) or only verifies (kms:VerifyMac) survey links
   * with their HMAC key, and no other key; sets `SURVEY_TOKEN_KEY_ID`.
   */
  useSurveyTokenKey(key: IKey, use: 'sign' | 'verify'): void {
    this.#useMacKey(key, use, 'SURVEY_TOKEN_KEY_ID');
  }

  #useMacKey(key: IKey, use: 'sign' | 'verify', variable: string): void {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: use === 'sign' ? ['kms:GenerateMac', 'kms:VerifyMac'] : ['kms:VerifyMac'],
        resources: [key.keyArn],
      }),
    );
    this.fn.addEnvironment(variable, key.keyArn);
  }

  /**
   * Writes new objects to the audit anchor bucket (s3:PutObject only: no delete, no retention
   * change, no read) and signs them; sets `AUDIT_ANCHOR_BUCKET` and `AUDIT_MAC_KEY_ID`.
   */
  writeAuditAnchors(bucket: IBucket, key: IKey): void {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects('anchors/*')] }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['kms:GenerateMac', 'kms:VerifyMac'], resources: [key.keyArn] }),
    );
    const bucketResource = bucket.node.defaultChild;
    if (bucketResource instanceof CfnElement) {
      acknowledge(
        this.role,
        `AwsSolutions-IAM5[Resource::<${nagReference(this.role, bucketResource, 'Arn')}>/anchors/*]`,
        'Each anchor is a new object whose key carries the time it was written: PutObject needs the key prefix, not one object. No read, delete or retention change is granted.',
      );
    }
    this.fn.addEnvironment('AUDIT_ANCHOR_BUCKET', bucket.bucketName);
    this.fn.addEnvironment('AUDIT_MAC_KEY_ID', key.keyArn);
  }

  /**
   * Envelope encryption: GenerateDataKey and Decrypt on the data key, only with the encryption
   * context of a `recordType` record (docs/operations.md §9); sets `KMS_KEY_ID`.
   */
  useDataKeys(key: IKey, recordType: RecordType, use: 'seal-and-open' | 'open' = 'seal-and-open'): void {
    grantDataKeys(key, this.role, recordType, use);
    this.fn.addEnvironment('KMS_KEY_ID', key.keyArn);
  }

  /** Read access to the blind-index secret; sets `BLIND_INDEX_SECRET_ARN`. */
  useBlindIndexSecret(secret: ISecret): void {
    // On the role, not `secret.grantRead`: that also names the role in the key's policy, and the
    // key (root stack) would then depend on a role of a capability's nested stack, which depends
    // on the key (docs/operations.md §1). The key policy already lets IAM use it through Secrets
    // Manager; this narrows it to the one secret.
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: [secret.secretArn],
      }),
    );
    if (secret.encryptionKey !== undefined) {
      grantKeyViaService(secret.encryptionKey, this.role, 'secretsmanager', ['kms:Decrypt'], {
        SecretARN: secret.secretArn,
      });
    }
    this.fn.addEnvironment('BLIND_INDEX_SECRET_ARN', secret.secretArn);
  }

  /**
   * Sends messages to customers: SES v2 `SendEmail`, End User Messaging `SendTextMessage`, and
   * `sqs:SendMessage` on the capability's gateway queue (with the key through SQS for that queue
   * only); sets `MESSAGING_GATEWAY_QUEUE_URL`, and `SES_CONFIGURATION_SET` to the set the stack
   * created for the function (email-events.ts). Nothing else: no SES or SMS administration.
   */
  sendMessages(gateway: MessagingGateway, key: IKey, configurationSetName: string): void {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [gateway.queue.queueArn] }),
    );
    grantSendToEncryptedQueue(gateway.queue, key, this.role);
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['ses:SendEmail', 'sms-voice:SendTextMessage'], resources: ['*'] }),
    );
    acknowledge(
      this.role,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions. ses:SendEmail and sms-voice:SendTextMessage are authorised on the sending identity, configuration set and origination identity; the identities are deployment settings (DELIVERY_EMAIL_FROM, DELIVERY_SMS_ORIGINATION) created outside this stack; the function sends only from the configured ones, with the configuration set the stack created for it, and holds no other SES or End User Messaging action.',
    );
    this.fn.addEnvironment('MESSAGING_GATEWAY_QUEUE_URL', gateway.queue.queueUrl);
    this.fn.addEnvironment('SES_CONFIGURATION_SET', configurationSetName);
  }

  /** events:PutEvents on the bus only; sets `EVENT_BUS_NAME`. */
  putEvents(bus: IEventBus): void {
    bus.grantPutEventsTo(this.role);
    this.fn.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
  }

  /** states:StartExecution on the machine; sets `STATE_MACHINE_<ID>_ARN`. */
  startStateMachine(id: string, machine: IStateMachine): void {
    machine.grantStartExecution(this.role);
    this.fn.addEnvironment(`STATE_MACHINE_${upperSnake(id)}_ARN`, machine.stateMachineArn);
  }

  /**
   * Answers `.waitForTaskToken` callbacks (SendTaskSuccess/Failure/Heartbeat) of exactly these
   * state machines: the ones that issue the tokens. When one of them invokes this function
   * (`invokedByThem`), the grant is a policy of its own, which the function does not wait for:
   * in the role's default policy the machine's ARN would be a dependency cycle (the machine
   * depends on the function, which depends on its default policy). Tokens only exist once the
   * machine does, so nothing needs the grant earlier. Otherwise the default policy takes it,
   * as it takes `startStateMachine`'s: no policy resource spent on it (docs/operations.md §1).
   */
  sendTaskTokens(machines: readonly IStateMachine[], invokedByThem: boolean): void {
    if (machines.length === 0) return;
    const statement = new PolicyStatement({
      actions: TASK_TOKEN_ACTIONS,
      resources: machines.map((machine) => machine.stateMachineArn),
    });
    if (!invokedByThem) {
      this.role.addToPrincipalPolicy(statement);
      return;
    }
    new Policy(this, 'TaskTokens', { roles: [this.role], statements: [statement] });
  }
}
