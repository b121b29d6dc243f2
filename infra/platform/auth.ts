import { Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES } from '../../shared/auth/types.js';
import type { Stage } from '../stage.js';
import { acknowledge } from './nag.js';

export interface CrmAuthProps {
  readonly stage: Stage;
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  /** Front-end OAuth redirect URLs (authorization code flow); prod: https and no local host. */
  readonly callbackUrls: readonly string[];
  readonly logoutUrls: readonly string[];
  /** Cognito Plus feature plan with threat protection enforced (billed per active user); required in prod. */
  readonly threatProtection: boolean;
  /** Hosted domain prefix for the OAuth endpoints; must be unique in the region. */
  readonly domainPrefix: string;
}

/** The custom attributes the API reads as `custom:branch` and `custom:rmId` (shared/auth/claims.ts). */
export const ABAC_ATTRIBUTES = ['branch', 'rmId'] as const;

/** What a signed-in user may change about themselves: their name, never the ABAC attributes. */
const FRONT_END_WRITABLE = new ClientAttributes().withStandardAttributes({
  givenName: true,
  familyName: true,
});
const FRONT_END_READABLE = new ClientAttributes()
  .withStandardAttributes({ email: true, emailVerified: true, givenName: true, familyName: true })
  .withCustomAttributes(...ABAC_ATTRIBUTES);

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0']);

/**
 * Production sign-in refuses what only suits a developer's machine: a redirect to a local
 * address or over plain http (a stolen authorization code would reach whoever listens there),
 * and a user pool without threat protection (compromised credentials, adaptive MFA).
 */
function assertProductionSignIn(props: CrmAuthProps): void {
  if (props.stage !== 'prod') return;
  if (!props.threatProtection) {
    throw new Error('prod needs Cognito threat protection: do not pass -c threatProtection=false');
  }
  const urls = [...props.callbackUrls, ...props.logoutUrls];
  if (props.callbackUrls.length === 0) {
    throw new Error(
      "prod needs the front end's OAuth URLs: -c callbackUrls=https://… -c logoutUrls=https://…",
    );
  }
  for (const url of urls) {
    const parsed = URL.parse(url);
    if (parsed === null || parsed.protocol !== 'https:' || LOCAL_HOSTS.has(parsed.hostname)) {
      throw new Error(`prod refuses the OAuth URL ${url}: https on a non-local host only`);
    }
  }
}

/** Identifier of the resource server; its `ingest` scope is `crm/ingest`. */
export const RESOURCE_SERVER_ID = 'crm';
export const INGEST_SCOPE = 'ingest';

/**
 * Staff sign-in (Cognito user pool): MFA required (TOTP), strong passwords, groups = the
 * roles of `ROLES`, `branch` and `rmId` attributes for ABAC; a public client for front-ends (code flow,
 * no secret) and a confidential machine client (client credentials, scope `crm/ingest`).
 */
export class CrmAuth extends Construct {
  readonly userPool: UserPool;
  readonly frontEndClient: UserPoolClient;
  readonly ingestClient: UserPoolClient;
  /** Token issuer, as the HTTP API JWT authorizer expects it. */
  readonly issuerUrl: string;

  constructor(scope: Construct, id: string, props: CrmAuthProps) {
    super(scope, id);
    assertProductionSignIn(props);
    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `fincrm-${props.stage}`,
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      customAttributes: {
        branch: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        rmId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      featurePlan: props.threatProtection ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      ...(props.threatProtection
        ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION }
        : {}),
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
    });
    if (!props.threatProtection) {
      acknowledge(
        this.userPool,
        'AwsSolutions-COG8',
        'Threat protection needs the Cognito Plus plan (billed per active user, not offered in every partition); enable it with -c threatProtection=true.',
      );
    }
    for (const role of ROLES) {
      this.userPool.addGroup(`Group-${role}`, { groupName: role, description: `CRM role ${role}` });
    }
    this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: props.domainPrefix } });

    const ingestScope = new ResourceServerScope({
      scopeName: INGEST_SCOPE,
      scopeDescription: 'Publish data from core systems',
    });
    const resourceServer = this.userPool.addResourceServer('ResourceServer', {
      identifier: RESOURCE_SERVER_ID,
      scopes: [ingestScope],
    });

    this.frontEndClient = this.userPool.addClient('FrontEndClient', {
      generateSecret: false,
      authFlows: {
        user: false,
        userSrp: false,
        userPassword: false,
        adminUserPassword: false,
        custom: false,
      },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [...props.callbackUrls],
        logoutUrls: [...props.logoutUrls],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      // `branch` and `rmId` scope what a user may see (ABAC): only administrators set them
      // (AdminUpdateUserAttributes); a user's own token may not.
      readAttributes: FRONT_END_READABLE,
      writeAttributes: FRONT_END_WRITABLE,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.minutes(30),
      idTokenValidity: Duration.minutes(30),
      refreshTokenValidity: Duration.hours(12),
    });

    this.ingestClient = this.userPool.addClient('IngestClient', {
      generateSecret: true,
      oAuth: {
        flows: { clientCredentials: true },
        scopes: [OAuthScope.resourceServer(resourceServer, ingestScope)],
      },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.minutes(60),
    });

    // Built from the stack's URL suffix so aws-cn gets amazonaws.com.cn.
    this.issuerUrl = `https://cognito-idp.${Stack.of(this).region}.${Stack.of(this).urlSuffix}/${this.userPool.userPoolId}`;
  }
}
