import { parseArgs } from 'node:util';
import { type HumanRole, ROLES } from '../../shared/auth/types.js';
import { seedDemoComplaints } from './demo-complaints.js';
import { DEMO_BRANCHES, demoRmDirectory, rmIdOf } from './demo-portfolio.js';
import { seedDemoProducts } from './demo-products.js';
import { seedDemoRetention } from './demo-retention.js';
import type { DevTokenRequest } from './dev-issuer.js';
import { type LocalCloud, startLocalCloud } from './local-cloud.js';
import { duration, ProgressBar } from './progress.js';
import { type ActivitySeedResult, type SeedResult, seedDemoActivity, seedDemoPortfolio } from './seed.js';

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
  // The demo's RMs, unless the developer set a directory of their own (RM_DIRECTORY=… npm start).
  process.env.RM_DIRECTORY ??= demoRmDirectory();
  const cloud = await startLocalCloud({ port, fresh: values.fresh });
  installShutdown(cloud);
  console.log(`Local cloud up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  reportResumedWorkflows(cloud);
  const seeded = values['no-seed'] ? undefined : await seed(cloud);
  if (seeded !== undefined) await seedProducts(cloud, seeded.now);
  // What seeding set off (relays, consumers) finishes first: nothing of it comes after the
  // tokens and URLs, which end the start-up output where a person looks for them.
  await cloud.settle();
  if (seeded !== undefined) await seedRetention(cloud, seeded);
  // The complaints' stages count from the clock as the retention demo left it.
  if (seeded !== undefined) await seedComplaints(cloud, { ...seeded, now: cloud.clock.now() });
  await printWelcome(cloud);
  if (seeded !== undefined) deliverActivity(cloud, seeded);
}

/** Workflows the last run left waiting are running again (and those that could not, failed). */
function reportResumedWorkflows(cloud: LocalCloud): void {
  const running = cloud.stepFunctions.listExecutions().filter(({ status }) => status === 'RUNNING');
  if (running.length === 0) return;
  console.log(
    `Workflows resumed from the last run: ${running.length} running (see /local/executions and /local/tasks)`,
  );
}

async function seed(cloud: LocalCloud): Promise<SeedResult> {
  const started = Date.now();
  const result = await seedDemoPortfolio({ apiUrl: cloud.apiUrl });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const { created, existing, failed } = result;
  console.log(
    `Demo portfolio seeded through the API in ${seconds} s: ${JSON.stringify({ created, existing, failed })}`,
  );
  return result;
}

/**
 * The demo product catalogue through the products API, as an admin: its ProductChanged events
 * reach the capabilities that recommend products with the settle that follows.
 */
async function seedProducts(cloud: LocalCloud, now: Date): Promise<void> {
  const started = Date.now();
  const token = await cloud.mintToken({ sub: 'demo-catalogue-admin', role: 'admin' });
  const result = await seedDemoProducts({ apiUrl: cloud.apiUrl, now }, token);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`Demo product catalogue through the API in ${seconds} s: ${JSON.stringify(result)}`);
}

/**
 * Retention cases at every stage for a few quiet customers of the dev RM's book, through the
 * API; the local clock moves just past the first case's outreach due time (about 3 working
 * days) so it escalates.
 */
async function seedRetention(cloud: LocalCloud, seeded: SeedResult): Promise<void> {
  if (seeded.newCustomers.length === 0) return;
  const started = Date.now();
  const result = await seedDemoRetention({ apiUrl: cloud.apiUrl, settle: () => cloud.settle() });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const { byStatus, outcomes, failed } = result;
  console.log(
    `Demo retention cases through the API in ${seconds} s: ${JSON.stringify({ byStatus, outcomes, failed })}`,
  );
}

/**
 * Complaints at every stage for the first new customers, through the API; the local clock then
 * moves 26 hours so deadlines pass and the workflows record their breaches.
 */
async function seedComplaints(cloud: LocalCloud, seeded: SeedResult): Promise<void> {
  if (seeded.newCustomers.length === 0) return;
  const started = Date.now();
  const result = await seedDemoComplaints({ apiUrl: cloud.apiUrl, settle: () => cloud.settle() }, seeded);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `Demo complaints through the API in ${seconds} s, the clock moved 26 h: ${JSON.stringify(result)}`,
  );
}

/**
 * The new customers' 12 months of demo activity, delivered in the background: the API is
 * usable at once, and profiles and segments fill in over a few minutes, shown by one
 * progress bar under the start-up output. Only customers this run created get it, so a
 * restart without --fresh delivers nothing again.
 */
function deliverActivity(cloud: LocalCloud, seeded: SeedResult): void {
  if (seeded.newCustomers.length === 0) return;
  let bar: ProgressBar | undefined;
  const onProgress = (delivered: number, total: number): void => {
    if (bar === undefined) {
      console.log('');
      bar = new ProgressBar({ label: 'Demo activity', unit: 'events', total });
    }
    bar.update(delivered);
  };
  seedDemoActivity({ apiUrl: cloud.apiUrl, settle: () => cloud.settle(), onProgress }, seeded).then(
    (result) => {
      const summary = activitySummary(result);
      if (bar === undefined) console.log(summary);
      else bar.finish(summary);
    },
    (error: unknown) => {
      bar?.finish('Demo activity stopped.');
      console.error('Demo activity stopped:', error);
    },
  );
}

function activitySummary(result: ActivitySeedResult): string {
  const kinds = Object.entries(result.byDetailType)
    .map(([type, count]) => `${count} ${type}`)
    .join(', ');
  const rate = result.seconds > 0 ? ` (${Math.round(result.events / result.seconds)} events/s)` : '';
  return (
    `Demo activity delivered: ${result.events} events for ${result.customers} customers in ` +
    `${duration(result.seconds)}${rate}: ${kinds}; ${result.relationshipsClosed} relationships closed` +
    (result.failedEntries > 0 ? `; ${result.failedEntries} events refused` : '')
  );
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
