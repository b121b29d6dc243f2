import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type HumanRole, ROLES } from '../../shared/auth/types.js';
import { DEMO_BRANCHES, rmIdOf } from './demo-portfolio.js';
import type { DevTokenRequest } from './dev-issuer.js';
import { type LocalCloud, startLocalCloud } from './local-cloud.js';
import { REPO_ROOT } from './paths.js';

/** `npm start [-- --fresh] [--no-seed] [--port 3000]`: the whole system on this machine. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fresh: { type: 'boolean', default: false },
      'no-seed': { type: 'boolean', default: false },
      port: { type: 'string' },
    },
  });
  const port = Number(values.port ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`Invalid port ${String(values.port)}`);
  const started = Date.now();
  const cloud = await startLocalCloud({ port, fresh: values.fresh });
  installShutdown(cloud);
  console.log(`Local cloud up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (!values['no-seed']) await seed(cloud);
  await printWelcome(cloud);
}

async function seed(cloud: LocalCloud): Promise<void> {
  const file = join(REPO_ROOT, 'infra', 'local', 'seed.ts');
  try {
    await access(file);
  } catch {
    console.log('Seeding skipped: infra/local/seed.ts does not exist yet.');
    return;
  }
  const module: Record<string, unknown> = await import(pathToFileURL(file).href);
  const seedDemoPortfolio = module.seedDemoPortfolio;
  if (typeof seedDemoPortfolio !== 'function') {
    console.log('Seeding skipped: infra/local/seed.ts exports no seedDemoPortfolio.');
    return;
  }
  const started = Date.now();
  // settle: the demo activity goes in rounds, each processed before the next (see seed.ts).
  const result: unknown = await seedDemoPortfolio({
    apiUrl: cloud.apiUrl,
    settle: () => cloud.settle(),
    log: (line: string) => console.log(line),
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`Demo portfolio seeded through the API in ${seconds} s: ${JSON.stringify(result)}`);
}

/** Dev identities, one per role; the RM and the supervisor own part of the demo portfolio. */
function devIdentity(role: HumanRole): DevTokenRequest {
  const branch = DEMO_BRANCHES[0];
  return {
    sub: `dev-${role}`,
    role,
    ...(role === 'relationship-manager' || role === 'supervisor' ? { branch } : {}),
    ...(role === 'relationship-manager' ? { rmId: rmIdOf(branch, 0) } : {}),
  };
}

async function printWelcome(cloud: LocalCloud): Promise<void> {
  console.log('\nDev tokens (8 h; mint more with POST /local/dev-token):');
  for (const role of ROLES) console.log(`\n${role}:\n${await cloud.mintToken(devIdentity(role))}`);
  console.log(`
API            ${cloud.apiUrl}   (e.g. curl ${cloud.apiUrl}/v1/health)
OpenAPI        ${cloud.apiUrl}/docs
Local control  ${cloud.apiUrl}/local/{dev-token,events,clock,clock/advance,executions,tasks,schedules,dlq}
DynamoDB Local ${cloud.dynamodbEndpoint}
AWS endpoint   ${cloud.awsEndpoint}   (Step Functions, EventBridge)
Data           ${cloud.dataDir}
Ctrl-C stops everything.`);
}

function installShutdown(cloud: LocalCloud): void {
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) {
      console.log('Forced exit.');
      process.exit(1);
    }
    stopping = true;
    console.log(`\n${signal}: stopping (Ctrl-C again to force)...`);
    cloud.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
