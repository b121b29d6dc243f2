import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { onFirstUse } from '../runtime/on-first-use.js';
import { isDeployedLambda, type Runtime } from '../runtime/runtime.js';
import type { Clock } from '../time/clock.js';
import { type AnchoredHead, type AnchorSink, anchorKey, buildAnchor, chainHeads } from './anchor.js';
import { FileAnchorSink } from './file-anchor-sink.js';
import type { AuditSigner } from './signer.js';

export interface AnchorJobDeps {
  readonly db: DynamoDBDocumentClient;
  /** The deployed name of the audit table, and its id in the capability (`CustomerAudit`). */
  readonly table: { readonly name: string; readonly id: string };
  readonly signer: AuditSigner;
  readonly sink: () => AnchorSink;
  readonly clock: Clock;
}

/**
 * Reads the head of every chain of an audit table (one Scan of `subject`, `seq` and `hash`,
 * page by page) and writes them, signed, as one anchor to write-once storage.
 */
export async function writeAuditAnchor(deps: AnchorJobDeps): Promise<{ key: string; subjects: number }> {
  const at = deps.clock.now();
  const items: AnchoredHead[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await deps.db.send(
      new ScanCommand({
        TableName: deps.table.name,
        // `hash` is a DynamoDB reserved word.
        ProjectionExpression: 'subject, seq, #hash',
        ExpressionAttributeNames: { '#hash': 'hash' },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      if (typeof item.subject === 'string' && typeof item.seq === 'number' && typeof item.hash === 'string') {
        items.push({ subject: item.subject, seq: item.seq, hash: item.hash });
      }
    }
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  const heads = chainHeads(items);
  const key = anchorKey(deps.table.id, at);
  await deps
    .sink()
    .write(key, `${JSON.stringify(await buildAnchor(deps.signer, deps.table.id, at, heads))}\n`);
  return { key, subjects: heads.length };
}

/**
 * Where a function writes anchors: S3 (`AUDIT_ANCHOR_BUCKET`) in a deployed function, its
 * client loaded and built at the first write (the SDK renews the role's credentials itself); the local
 * cloud's write-once directory when its runtime carries local files (refused in a deployed
 * function).
 */
export function anchorSinkFor(runtime: Runtime): () => AnchorSink {
  const local = runtime.localKeys;
  if (local !== undefined) {
    if (isDeployedLambda(runtime.env))
      throw new Error('Local files are refused in a deployed Lambda function');
    const sink = new FileAnchorSink(local.auditAnchorDir);
    return () => sink;
  }
  // The S3 client is loaded at the first write (a chunk of its own, docs/operations.md §1).
  const s3 = onFirstUse(async () => (await import('./s3-anchor-sink.js')).s3AnchorSinkFromEnv(runtime.env));
  const sink: AnchorSink = { write: async (key, body) => (await s3()).write(key, body) };
  return () => sink;
}
