import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { rulesOf } from '../shared/capability/define.js';
import type { CapabilityDefinition } from '../shared/capability/types.js';
import { EXTERNAL_SOURCES } from '../shared/events/external.js';
import { CapabilityConstruct, type CrmPlatform } from './capability-construct.js';
import { AuditIntegrity } from './platform/audit-integrity.js';
import { CrmAuth } from './platform/auth.js';
import { CrmBus } from './platform/bus.js';
import { CrmHttpApi } from './platform/http-api.js';
import { DataKey, SurveyTokenKey } from './platform/keys.js';
import { acknowledge } from './platform/nag.js';
import { AlarmTopic } from './platform/observability.js';
import { allowEventBridgeDeadLetters, SharedQueuePolicy } from './platform/queues.js';
import { defaultBusRuleName } from './platform/rule.js';
import type { StageSettings } from './stage.js';

/** An external OIDC provider instead of the Cognito user pool (e.g. where Cognito is not offered). */
export interface ExternalIssuer {
  readonly issuer: string;
  readonly audience: readonly string[];
}

export interface AuthSettings {
  /** When set, no user pool is created and the API trusts this issuer. */
  readonly external?: ExternalIssuer;
  readonly callbackUrls: readonly string[];
  readonly logoutUrls: readonly string[];
  readonly threatProtection: boolean;
  /** Defaults to `fincrm-<stage>-<account>`. */
  readonly domainPrefix?: string;
}

export interface CrmStackProps extends StackProps {
  readonly settings: StageSettings;
  readonly capabilities: readonly CapabilityDefinition[];
  readonly auth: AuthSettings;
  /** The value of every setting of the capabilities (`resolveSettings`: context, else defaults). */
  readonly capabilitySettings: Readonly<Record<string, string>>;
  /** Administers the data key without using it; default the account root (docs/operations.md §9). */
  readonly keyAdminArn?: string;
}

function pascal(name: string): string {
  return name.replace(/(^|[-_ ])([a-z0-9])/g, (_match, _sep: string, letter: string) => letter.toUpperCase());
}

/** The whole CRM in one stack: the platform pieces, then every capability from its definition. */
export class CrmStack extends Stack {
  readonly platform: CrmPlatform;
  /** Undefined when an external issuer is configured. */
  readonly auth: CrmAuth | undefined;
  readonly capabilities: CapabilityConstruct[] = [];
  /**
   * The TLS-only policy of the platform's own queues (those of no capability), one for all of
   * them as each capability has one for its own: docs/operations.md §5. It writes nothing while
   * no queue has joined.
   */
  readonly queuePolicy: SharedQueuePolicy;

  constructor(scope: Construct, id: string, props: CrmStackProps) {
    super(scope, id, props);
    const { settings } = props;
    this.queuePolicy = new SharedQueuePolicy(this, 'QueuePolicy');
    const stage = settings.stage;
    const dataKey = new DataKey(this, 'DataKey', {
      stage,
      removalPolicy: settings.removalPolicy,
      ...(props.keyAdminArn === undefined ? {} : { adminArn: props.keyAdminArn }),
    }).key;
    const busName = `fincrm-${stage}`;
    const crmBus = new CrmBus(this, 'Bus', {
      busName,
      key: dataKey,
      archiveRetention: settings.archiveRetention,
    });
    const bus = crmBus.bus;
    // The default bus's rules (SES e-mail events) send their dead letters to their capability's
    // undelivered queue too: the key names each of them (they have fixed names for this).
    const defaultBusRules = props.capabilities.flatMap((definition) =>
      rulesOf(definition)
        .filter((rule) => rule.bus === 'default')
        .map((rule) => defaultBusRuleName(stage, rule.id)),
    );
    allowEventBridgeDeadLetters(dataKey, busName, defaultBusRules);
    const { auth, jwt } = this.#authentication(props);
    this.auth = auth;
    const api = new CrmHttpApi(this, 'Api', {
      stage,
      issuerUrl: jwt.issuer,
      audience: jwt.audience,
      throttle: settings.throttle,
      routeThrottles: settings.routeThrottles,
      logRetention: settings.logRetention,
      removalPolicy: settings.removalPolicy,
      logKey: dataKey,
    });
    // Blind-index key: 64 characters from [A-Za-z0-9], all base64 characters and a multiple of
    // 4 long, so the SecretString decodes as base64 to 48 bytes (~381 bits of entropy).
    const blindIndexSecret = new Secret(this, 'BlindIndexSecret', {
      description: `FinCrm ${stage}: blind-index HMAC key (base64)`,
      encryptionKey: dataKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: settings.removalPolicy,
    });
    acknowledge(
      blindIndexSecret,
      'AwsSolutions-SMG4',
      'Rotating the blind-index key invalidates every stored index; it is rotated by a planned re-index migration, not on a timer.',
    );
    const alarmTopic = new AlarmTopic(this, 'Alarms', { stage, removalPolicy: settings.removalPolicy }).topic;
    const audit = new AuditIntegrity(this, 'AuditIntegrity', {
      stage,
      removalPolicy: settings.removalPolicy,
      anchorRetention: settings.auditAnchorRetention,
    });
    const surveyTokens = new SurveyTokenKey(this, 'SurveyTokenKey', {
      stage,
      removalPolicy: settings.removalPolicy,
    });
    this.platform = {
      settings,
      dataKey,
      bus,
      blindIndexSecret,
      api,
      alarmTopic,
      auditMacKey: audit.macKey,
      auditAnchors: audit.anchors,
      surveyTokenKey: surveyTokens.key,
      ...(auth ? { userPool: auth.userPool } : {}),
    };

    for (const definition of props.capabilities) {
      this.capabilities.push(
        new CapabilityConstruct(this, `Capability${pascal(definition.name)}`, {
          definition,
          platform: this.platform,
          app: props.capabilities,
          capabilitySettings: props.capabilitySettings,
        }),
      );
    }
    // Each capability's source is put on the bus by its outbox relays and nobody else.
    crmBus.restrictPublishers({
      own: new Map(
        this.capabilities.map((capability) => [
          `crm.${capability.definition.name}`,
          capability.relays.map((relay) => relay.function.role),
        ]),
      ),
      external: EXTERNAL_SOURCES,
    });

    new CfnOutput(this, 'ApiUrl', { value: api.url, description: 'HTTP API base URL' });
    if (auth) {
      new CfnOutput(this, 'UserPoolId', { value: auth.userPool.userPoolId });
      new CfnOutput(this, 'FrontEndClientId', { value: auth.frontEndClient.userPoolClientId });
      new CfnOutput(this, 'IngestClientId', { value: auth.ingestClient.userPoolClientId });
    }
    new CfnOutput(this, 'EventBusName', { value: bus.eventBusName });
    new CfnOutput(this, 'AuditAnchorBucket', {
      value: audit.anchors.bucketName,
      description: 'Write-once daily anchors of the audit chain heads',
    });
  }

  /** The Cognito user pool and its clients, unless an external issuer is configured. */
  #authentication(props: CrmStackProps): { auth: CrmAuth | undefined; jwt: ExternalIssuer } {
    if (props.auth.external) return { auth: undefined, jwt: props.auth.external };
    const stage = props.settings.stage;
    const auth = new CrmAuth(this, 'Auth', {
      stage,
      removalPolicy: props.settings.removalPolicy,
      deletionProtection: props.settings.deletionProtection,
      callbackUrls: props.auth.callbackUrls,
      logoutUrls: props.auth.logoutUrls,
      threatProtection: props.auth.threatProtection,
      domainPrefix: props.auth.domainPrefix ?? `fincrm-${stage}-${this.account}`,
    });
    const audience = [auth.frontEndClient.userPoolClientId, auth.ingestClient.userPoolClientId];
    return { auth, jwt: { issuer: auth.issuerUrl, audience } };
  }
}
