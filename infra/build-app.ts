import { App } from 'aws-cdk-lib';
import { capabilities as allCapabilities } from '../functions/capabilities.js';
import { resolveSettings } from '../shared/capability/settings.js';
import type { CapabilityDefinition } from '../shared/capability/types.js';
import { CrmStack, type ExternalIssuer } from './crm-stack.js';
import { applyNagChecks } from './platform/nag.js';
import { type Stage, stageSettings } from './stage.js';

export interface BuildAppOptions {
  readonly stage: Stage;
  readonly region?: string;
  readonly account?: string;
  /** Register the cdk-nag packs (synthesis then fails on unacknowledged findings). Default false. */
  readonly nag?: boolean;
  /** Bundle the functions with esbuild. Default true; tests that only read the template skip it. */
  readonly bundle?: boolean;
  /** The capability definitions to deploy; default every capability of the app. */
  readonly capabilities?: readonly CapabilityDefinition[];
  /** An existing App (the CLI entry passes one carrying its context). */
  readonly app?: App;
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
  readonly callbackUrls?: readonly string[];
  readonly logoutUrls?: readonly string[];
  /** Cognito Plus with threat protection enforced. Default: on in prod, off in dev. */
  readonly threatProtection?: boolean;
  /** Administers the data key but may not use it (docs/operations.md §9). Default: the account root. */
  readonly keyAdminArn?: string;
  /** Trust this OIDC issuer instead of creating a Cognito user pool. */
  readonly externalIssuer?: ExternalIssuer;
  /** Values of the capabilities' settings, by name (CDK context); the rest take their defaults. */
  readonly capabilitySettings?: Readonly<Record<string, string>>;
}

const LOCAL_FRONT_END = 'http://localhost:5173';

/** Builds the CDK app with one stack, `FinCrm-<stage>`, in process (for the CLI and tests). */
export function buildApp(options: BuildAppOptions): { app: App; stack: CrmStack } {
  const app =
    options.app ??
    new App({
      // An empty bundling-stacks list tells NodejsFunction to skip esbuild.
      context: options.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {},
    });
  if (options.nag) applyNagChecks(app);
  const env =
    options.region === undefined && options.account === undefined
      ? undefined
      : {
          ...(options.account === undefined ? {} : { account: options.account }),
          ...(options.region === undefined ? {} : { region: options.region }),
        };
  const production = options.stage === 'prod';
  const stack = new CrmStack(app, `FinCrm-${options.stage}`, {
    ...(env === undefined ? {} : { env }),
    description: `FinCrm serverless CRM backend (${options.stage})`,
    settings: stageSettings(options.stage, options.throttle ? { throttle: options.throttle } : {}),
    capabilities: options.capabilities ?? allCapabilities,
    ...(options.keyAdminArn === undefined ? {} : { keyAdminArn: options.keyAdminArn }),
    capabilitySettings: resolveSettings(
      options.capabilities ?? allCapabilities,
      (name) => options.capabilitySettings?.[name],
    ),
    auth: {
      // The local front end is a dev default only: prod names its own https URLs.
      callbackUrls: options.callbackUrls ?? (production ? [] : [`${LOCAL_FRONT_END}/auth/callback`]),
      logoutUrls: options.logoutUrls ?? (production ? [] : [`${LOCAL_FRONT_END}/`]),
      threatProtection: options.threatProtection ?? production,
      ...(options.externalIssuer ? { external: options.externalIssuer } : {}),
    },
  });
  return { app, stack };
}
