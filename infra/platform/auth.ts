import { Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
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
import { acknowledge } from './nag.js';

export interface CrmAuthProps {
  readonly stage: string;
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  /** Front-end OAuth redirect URLs (authorization code flow). */
  readonly callbackUrls: readonly string[];
  readonly logoutUrls: readonly string[];
  /** Cognito Plus feature plan with threat protection enforced (billed per active user). */
  readonly threatProtection: boolean;
  /** Hosted domain prefix for the OAuth endpoints; must be unique in the region. */
  readonly domainPrefix: string;
}

/** Identifier of the resource server; its `ingest` scope is `crm/ingest`. */
export const RESOURCE_SERVER_ID = 'crm';
export const INGEST_SCOPE = 'ingest';

/**
 * Staff sign-in (Cognito user pool): MFA required (TOTP), strong passwords, groups = the six
 * roles, `branch` and `rmId` attributes for ABAC; a public client for front-ends (code flow,
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
