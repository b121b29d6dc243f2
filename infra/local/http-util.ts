import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ProblemError, problemDocument } from '../../shared/http/problem.js';

/** Largest request body accepted (API Gateway's payload limit is 10 MB). */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export class PayloadTooLargeError extends Error {}

/** Reads a request body as UTF-8 text. */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new PayloadTooLargeError('Request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Writes a JSON response. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
  contentType = 'application/json',
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
}

/**
 * An RFC 9457 problem response for the local endpoints, made as the API makes its own
 * (`problemDocument`): the same `type` base, `code`, and `errors` on a validation problem, so a
 * client (and a developer with curl) reads one error format from everything on the port.
 */
export function sendProblem(response: ServerResponse, problem: ProblemError, instance?: string): void {
  sendJson(
    response,
    problem.status,
    problemDocument(problem, instance),
    { ...problem.headers, 'cache-control': 'no-store' },
    'application/problem+json',
  );
}

/** Parses JSON text, or returns undefined. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Listens on 127.0.0.1 (port 0: any free port) and returns the base URL. */
export async function listenOnLoopback(server: Server, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes a server now, keep-alive connections included. */
export async function closeNow(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
