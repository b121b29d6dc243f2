import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/**
 * A pass-through proxy in front of DynamoDB Local that asks every read and write for its
 * consumed capacity (`ReturnConsumedCapacity: INDEXES`, unless the caller asked itself) and
 * reports it per table, indexes included: the request units DynamoDB on-demand bills.
 *
 * DynamoDB Local counts a transactional write at 4 units per KB where DynamoDB bills 2
 * (checked against it: a 0.1 KB Put in TransactWriteItems reports 4, in PutItem 1; a 1.5 KB one
 * 8 against 2); TransactWriteItems units are halved. Transactional reads (2 per 4 KB) it counts
 * right. A write refused by its condition reports nothing, yet DynamoDB bills it; it is counted
 * at the least it can cost (1 unit per item, 2 in a transaction) and said so in the report.
 * Streams reads (the outbox relays' GetRecords) are free when a Lambda trigger makes them and
 * are not reported.
 */
export interface ConsumedCapacity {
  readonly table: string;
  readonly kind: 'read' | 'write';
  readonly units: number;
  /** The units are the least a refused write costs, not what DynamoDB reported. */
  readonly estimated: boolean;
}

export interface CapacityProxy {
  readonly url: string;
  close(): Promise<void>;
}

const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

export async function startCapacityProxy(
  target: string,
  report: (consumed: ConsumedCapacity) => void,
): Promise<CapacityProxy> {
  const upstream = new URL(target);
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const operation = String(incoming.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      const metered = READS.has(operation) || WRITES.has(operation);
      const original = await readAll(incoming);
      const request = metered ? parseObject(original) : undefined;
      if (request !== undefined && request.ReturnConsumedCapacity === undefined) {
        request.ReturnConsumedCapacity = 'INDEXES';
      }
      const body = request === undefined ? original : Buffer.from(JSON.stringify(request));
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, 'content-length': String(body.length) },
        },
        (response) => {
          void (async () => {
            const answer = await readAll(response);
            // Counted before the caller has its answer, so a phase that ends when its calls
            // return has every unit of them.
            if (request !== undefined) meter(operation, request, response.statusCode ?? 500, answer, report);
            outgoing.writeHead(response.statusCode ?? 502, response.headers);
            outgoing.end(answer);
          })();
        },
      );
      forward.on('error', () => outgoing.destroy());
      forward.end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // The SDK keeps its sockets alive; close() alone would wait for them.
        server.closeAllConnections();
      }),
  };
}

function meter(
  operation: string,
  request: Record<string, unknown>,
  status: number,
  answer: Buffer,
  report: (consumed: ConsumedCapacity) => void,
): void {
  const kind = READS.has(operation) ? 'read' : 'write';
  const parsed = parseObject(answer);
  if (status < 300) {
    for (const consumed of consumedOf(parsed?.ConsumedCapacity)) {
      const units = operation === 'TransactWriteItems' ? consumed.units / 2 : consumed.units;
      report({ table: consumed.table, kind, units, estimated: false });
    }
  } else if (kind === 'write') {
    for (const refused of refusedWrites(operation, request, String(parsed?.__type ?? ''))) {
      report({ ...refused, kind, estimated: true });
    }
  }
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

function parseObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const consumedSchema = z.object({ TableName: z.string(), CapacityUnits: z.number() });
const transactItemsSchema = z.array(z.record(z.string(), z.object({ TableName: z.string() })));

/** `ConsumedCapacity` is one object (single-item calls, Query, Scan) or a list (batches, transactions). */
function consumedOf(value: unknown): { table: string; units: number }[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.flatMap((entry) => {
    const parsed = consumedSchema.safeParse(entry);
    return parsed.success ? [{ table: parsed.data.TableName, units: parsed.data.CapacityUnits }] : [];
  });
}

/** The least a write refused by its condition (or a cancelled transaction) is billed, per table. */
function refusedWrites(
  operation: string,
  request: Record<string, unknown>,
  errorType: string,
): { table: string; units: number }[] {
  if (operation === 'TransactWriteItems' && errorType.endsWith('TransactionCanceledException')) {
    const items = transactItemsSchema.safeParse(request.TransactItems);
    if (!items.success) return [];
    return items.data.flatMap((item) =>
      Object.values(item).map((action) => ({ table: action.TableName, units: 2 })),
    );
  }
  if (errorType.endsWith('ConditionalCheckFailedException') && typeof request.TableName === 'string') {
    return [{ table: request.TableName, units: 1 }];
  }
  return [];
}
