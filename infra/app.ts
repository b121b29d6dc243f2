import { App } from 'aws-cdk-lib';
import { capabilities } from '../functions/capabilities.js';
import { settingsOf } from '../shared/capability/settings.js';
import { buildApp } from './build-app.js';
import { parseStage } from './stage.js';

/**
 * CDK entry (`cdk.json`: `npx tsx infra/app.ts`). Context: `stage` (dev|prod, required to be
 * valid), `nag` (default true), `throttleRate`/`throttleBurst`, `callbackUrls`/`logoutUrls`
 * (comma-separated; prod: https, no local host), `threatProtection` (Cognito Plus; default on in
 * prod, off in dev), `keyAdminArn` (who administers the data key), `jwtIssuer` + `jwtAudience` (an external
 * OIDC provider instead of Cognito, e.g. in aws-cn), and one key per capability setting
 * (`-c PARKED_EVENT_HOURS=96`; see the README). Account and region come from
 * CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION.
 */
const app = new App();

function context(name: string): string | undefined {
  const value: unknown = app.node.tryGetContext(name);
  if (value === undefined || value === null) return undefined;
  return String(value);
}

function list(name: string): string[] | undefined {
  return context(name)
    ?.split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

function positiveNumber(name: string): number | undefined {
  const raw = context(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`Context ${name} must be a positive number, not ${raw}`);
  return value;
}

try {
  const stage = parseStage(context('stage'));
  const rateLimit = positiveNumber('throttleRate');
  const burstLimit = positiveNumber('throttleBurst');
  const callbackUrls = list('callbackUrls');
  const logoutUrls = list('logoutUrls');
  const threatProtection = context('threatProtection');
  const keyAdminArn = context('keyAdminArn');
  const issuer = context('jwtIssuer');
  const audience = list('jwtAudience');
  if ((issuer === undefined) !== (audience === undefined)) {
    throw new Error('Context jwtIssuer and jwtAudience go together (an external OIDC provider needs both)');
  }
  if ((rateLimit === undefined) !== (burstLimit === undefined)) {
    throw new Error('Context throttleRate and throttleBurst go together');
  }
  buildApp({
    app,
    stage,
    nag: context('nag') !== 'false',
    ...(threatProtection === undefined ? {} : { threatProtection: threatProtection === 'true' }),
    ...(keyAdminArn === undefined ? {} : { keyAdminArn }),
    ...(process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT } : {}),
    ...(process.env.CDK_DEFAULT_REGION ? { region: process.env.CDK_DEFAULT_REGION } : {}),
    ...(rateLimit !== undefined && burstLimit !== undefined ? { throttle: { rateLimit, burstLimit } } : {}),
    ...(callbackUrls ? { callbackUrls } : {}),
    ...(logoutUrls ? { logoutUrls } : {}),
    ...(issuer !== undefined && audience !== undefined ? { externalIssuer: { issuer, audience } } : {}),
    // Each capability setting is a context key of its own name: -c PARKED_EVENT_HOURS=96.
    capabilitySettings: Object.fromEntries(
      settingsOf(capabilities).flatMap((setting) => {
        const value = context(setting.name);
        return value === undefined ? [] : [[setting.name, value]];
      }),
    ),
  });
  app.synth();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
