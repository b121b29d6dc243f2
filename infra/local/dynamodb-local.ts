import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { REPO_ROOT } from './paths.js';

/** The jar the npm package `amplify-dynamodb-simulator` ships (docs/architecture.md §11). */
export const EMULATOR_DIR = join(REPO_ROOT, 'node_modules', 'amplify-dynamodb-simulator', 'emulator');

export interface DynamoDbLocalOptions {
  /** Directory for `-dbPath` (persisted across restarts); omitted: `-inMemory`. */
  readonly dbPath?: string;
  /** Fixed port; omitted: a free one. */
  readonly port?: number;
  readonly startupTimeoutMs?: number;
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  /** Kills the Java process and waits for it to exit. */
  stop(): Promise<void>;
}

// A shell wrapper that kills Java when the wrapper is told to (SIGTERM) or when our end of
// its stdin closes, which also happens when this Node process dies for any reason, even
// SIGKILL: no orphan Java outlives the local cloud.
const WATCHDOG = [
  'exec 3<&0',
  '"$@" </dev/null & child=$!',
  "trap 'kill $child 2>/dev/null' TERM INT HUP",
  '( while read -r _ <&3; do :; done; kill $child 2>/dev/null ) &',
  'wait $child; wait $child 2>/dev/null',
].join('\n');

/** Starts DynamoDB Local (Java 17+) and resolves once it answers ListTables. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  const storage = options.dbPath === undefined ? ['-inMemory'] : ['-dbPath', options.dbPath];
  if (options.dbPath !== undefined) await mkdir(options.dbPath, { recursive: true });
  const javaArgs = [
    // Client JIT and serial GC: DynamoDB Local answers in about half the start-up time.
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    `-Djava.library.path=${join(EMULATOR_DIR, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(EMULATOR_DIR, 'DynamoDBLocal.jar'),
    '-sharedDb',
    '-port',
    String(port),
    ...storage,
  ];
  const child = spawn('sh', ['-c', WATCHDOG, 'dynamodb-local', 'java', ...javaArgs], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer): void => {
    output.push(chunk.toString('utf8'));
    if (output.length > 50) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const killOnExit = (): void => {
    child.kill('SIGTERM');
  };
  process.once('exit', killOnExit);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      child.stdin?.destroy();
    }
    await exited;
  };
  try {
    await waitUntilReady(endpoint, child, exited, options.startupTimeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    throw new Error(`DynamoDB Local did not start: ${String(error)}\n${output.join('')}`, { cause: error });
  }
  return { endpoint, port, stop };
}

async function waitUntilReady(
  endpoint: string,
  child: ChildProcess,
  exited: Promise<number | null>,
  timeoutMs: number,
): Promise<void> {
  const client = localDynamoDbClient(endpoint);
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void exited.then(() => {
    dead = true;
  });
  try {
    for (;;) {
      if (dead) throw new Error(`java exited with code ${String(child.exitCode)}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    client.destroy();
  }
}

/** A DynamoDB client for a DynamoDB Local endpoint (dummy credentials, us-east-1). */
export function localDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('No port assigned'));
      });
    });
  });
}
