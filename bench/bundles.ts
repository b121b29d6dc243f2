import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { capabilities } from '../functions/capabilities.js';
import { buildLocalEnvironment } from '../infra/local/environment.js';
import {
  type BundleFootprint,
  bundleFootprint,
  bundleFunction,
  ENTRY_FILE,
  FUNCTION_NODE_OPTIONS,
} from '../infra/platform/bundling.js';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'bench', 'results', 'bundles');

/** Bundles `entry` as CDK deploys it (infra/platform/bundling.ts) into its own directory. */
function bundle(entry: string, name: string): { file: string; footprint: BundleFootprint } {
  const outdir = join(OUT, name);
  rmSync(outdir, { recursive: true, force: true });
  const metafile = bundleFunction(entry, outdir);
  return { file: join(outdir, ENTRY_FILE), footprint: bundleFootprint(metafile, outdir) };
}

/**
 * What importing a bundle costs in a fresh Node process (module evaluation, as a cold start
 * does): elapsed milliseconds, and the process's CPU milliseconds over the same span, which
 * others loading the machine disturb less than the elapsed time.
 */
function importCost(file: string, env: NodeJS.ProcessEnv): { wallMs: number; cpuMs: number } {
  const script = `const c=process.cpuUsage();const t=performance.now();await import(${JSON.stringify(file)});const w=performance.now()-t;const u=process.cpuUsage(c);process.stdout.write(JSON.stringify({wallMs:w,cpuMs:(u.user+u.system)/1000}));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`import of ${file} failed: ${result.stderr}`);
  const cost: { wallMs: number; cpuMs: number } = JSON.parse(result.stdout);
  return cost;
}

/** The q-quantile, interpolated between ranks. */
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = sorted[Math.floor(at)] ?? 0;
  const high = sorted[Math.ceil(at)] ?? low;
  return low + (high - low) * (at - Math.floor(at));
}

function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

export interface BundleFigure {
  readonly function: string;
  /** What a cold start reads: the entry module and the chunks it imports statically. */
  readonly bytes: number;
  /** The whole asset's JavaScript, chunks loaded on first use included. */
  readonly totalBytes: number;
  readonly initMs: number;
  readonly floorInitMs: number;
  /** Median init over the floor's median init. */
  readonly initRatio: number;
  /**
   * The spread: first and third quartiles of the per-pair ratios (each import over the floor
   * import just before it, which shares its moment when others load the machine).
   */
  readonly initRatioQ1: number;
  readonly initRatioQ3: number;
  /** The same ratio in CPU time (medians), steadier when others load the machine. */
  readonly initCpuRatio: number;
}

/** Bundles every function and measures size and init cost against the floor, alternating runs. */
export async function measureBundles(runs = 9): Promise<BundleFigure[]> {
  mkdirSync(OUT, { recursive: true });
  const floorEntry = join(OUT, 'floor-entry.mjs');
  writeFileSync(
    floorEntry,
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';\nexport const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));\nexport const handler = async () => ({ statusCode: 200 });\n",
  );
  // The floor entry lives in bench/results, so node_modules resolution needs the repo root.
  const floor = bundle(floorEntry, 'floor').file;
  const env = benchEnvironment();
  const functions = capabilities.flatMap((c) =>
    c.functions.map((f) => ({ id: f.id, entry: join(ROOT, f.entry) })),
  );
  functions.push({ id: 'OutboxRelay', entry: join(ROOT, 'functions/outbox-relay/handler.ts') });
  // Not a function: the platform alone (bench/platform-floor.ts), for what capability code adds.
  functions.push({ id: 'PlatformFloor', entry: join(ROOT, 'bench/platform-floor.ts') });
  const figures: BundleFigure[] = [];
  for (const fn of functions) {
    const { file, footprint } = bundle(fn.entry, fn.id);
    const ownCosts: { wallMs: number; cpuMs: number }[] = [];
    const baseCosts: { wallMs: number; cpuMs: number }[] = [];
    for (let i = 0; i < runs; i += 1) {
      baseCosts.push(importCost(floor, env));
      ownCosts.push(importCost(file, env));
    }
    const own = ownCosts.map((cost) => cost.wallMs);
    const base = baseCosts.map((cost) => cost.wallMs);
    const ratios = own.map((ms, i) => ms / (base[i] ?? ms));
    figures.push({
      function: fn.id,
      bytes: footprint.initBytes,
      totalBytes: footprint.totalBytes,
      initMs: median(own),
      floorInitMs: median(base),
      initRatio: median(own) / median(base),
      initRatioQ1: quantile(ratios, 0.25),
      initRatioQ3: quantile(ratios, 0.75),
      initCpuRatio: median(ownCosts.map((cost) => cost.cpuMs)) / median(baseCosts.map((cost) => cost.cpuMs)),
    });
  }
  return figures;
}

/**
 * The variables a deployed function starts with: what CDK sets (the local cloud's builder
 * gives the same names: tables, bus, dead-letter queue, settings, state machines) plus the key
 * and secret ids a deployed function has instead of local key files, so every handler takes its
 * deployed path at import. Nothing is called: the endpoints point nowhere.
 */
export function benchEnvironment(): NodeJS.ProcessEnv {
  const {
    POWERTOOLS_METRICS_DISABLED: _metricsOnInAws,
    POWERTOOLS_LOG_LEVEL: _infoInAws,
    ...deployed
  } = buildLocalEnvironment({
    capabilities,
    tableEnv: Object.fromEntries(
      capabilities.flatMap((c) => c.tables.map((t) => [t.envVar, `bench-${t.id}`] as const)),
    ),
    dataDir: join(OUT, 'data'),
    dynamodbEndpoint: 'http://127.0.0.1:9',
    awsEndpoint: 'http://127.0.0.1:9',
  });
  return {
    PATH: process.env.PATH,
    ...deployed,
    // As CDK sets it: Node then reads each loaded module's source map at cold start too.
    NODE_OPTIONS: FUNCTION_NODE_OPTIONS,
    POWERTOOLS_SERVICE_NAME: 'bench',
    KMS_KEY_ID: 'arn:aws:kms:us-east-1:000000000000:key/bench',
    AUDIT_MAC_KEY_ID: 'arn:aws:kms:us-east-1:000000000000:key/bench-audit',
    SURVEY_TOKEN_KEY_ID: 'arn:aws:kms:us-east-1:000000000000:key/bench-survey',
    BLIND_INDEX_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:bench',
    AUDIT_ANCHOR_BUCKET: 'bench-anchors',
    MESSAGING_GATEWAY_QUEUE_URL: 'http://127.0.0.1:9/000000000000/bench-gateway',
    SES_CONFIGURATION_SET: 'bench',
  };
}
