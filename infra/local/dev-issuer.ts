import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { ROLES } from '../../shared/auth/types.js';

export const DEV_AUDIENCE = 'fincrm-local';
const ALGORITHM = 'ES256';
const KEY_ID = 'fincrm-local-dev';
/** A working day, as a Cognito access token lasts at most. */
export const DEV_TOKEN_LIFETIME_SECONDS = 8 * 3600;

/**
 * What `POST /local/dev-token` accepts. Without `role` the token is a machine client's (no
 * groups, as Cognito's client-credentials tokens), so it needs scopes, e.g. `crm/ingest`.
 */
export const devTokenRequestSchema = z
  .strictObject({
    sub: z.string().min(1).max(128),
    role: z.enum(ROLES).optional(),
    branch: z.string().min(1).max(64).optional(),
    rmId: z.string().min(1).max(128).optional(),
    scopes: z
      .array(z.string().regex(/^[\w:/.-]+$/))
      .max(20)
      .optional(),
  })
  .refine((request) => request.role !== undefined || (request.scopes ?? []).length > 0, {
    message: 'A token without a role is a machine client and needs scopes',
    path: ['scopes'],
  });
export type DevTokenRequest = z.infer<typeof devTokenRequestSchema>;

type KeyLike = Awaited<ReturnType<typeof importJWK>>;

/**
 * The local stand-in for the identity provider: an ES256 key pair kept under the data
 * directory (tokens survive restarts), access tokens shaped like Cognito's, and the
 * verification the HTTP API JWT authorizer performs (signature, issuer, audience, expiry).
 * Expiry follows real time: a developer's session, not the business clock.
 */
export class DevIssuer {
  readonly issuer: string;
  readonly #privateKey: KeyLike;
  readonly #publicKey: KeyLike;
  readonly #publicJwk: JWK;

  private constructor(issuer: string, privateKey: KeyLike, publicKey: KeyLike, publicJwk: JWK) {
    this.issuer = issuer;
    this.#privateKey = privateKey;
    this.#publicKey = publicKey;
    this.#publicJwk = publicJwk;
  }

  /** Loads `<dataDir>/dev-issuer-key.json`, creating the key pair when missing. */
  static async load(dataDir: string, issuer: string): Promise<DevIssuer> {
    const file = join(dataDir, 'dev-issuer-key.json');
    let privateJwk: JWK;
    try {
      privateJwk = JSON.parse(await readFile(file, 'utf8')) as JWK;
    } catch {
      const pair = await generateKeyPair(ALGORITHM, { extractable: true });
      privateJwk = await exportJWK(pair.privateKey);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify(privateJwk), { mode: 0o600 });
    }
    const { d: _private, ...publicJwk } = privateJwk;
    const publicWithId: JWK = { ...publicJwk, kid: KEY_ID, alg: ALGORITHM, use: 'sig' };
    return new DevIssuer(
      issuer,
      await importJWK(privateJwk, ALGORITHM),
      await importJWK(publicJwk, ALGORITHM),
      publicWithId,
    );
  }

  /** An access token with the claims Cognito puts in one: groups = [role] (none for a machine client), custom attributes, scope. */
  async mint(request: DevTokenRequest, lifetimeSeconds = DEV_TOKEN_LIFETIME_SECONDS): Promise<string> {
    const claims: JWTPayload = {
      ...(request.role === undefined ? {} : { 'cognito:groups': [request.role] }),
      token_use: 'access',
      client_id: DEV_AUDIENCE,
      ...(request.branch === undefined ? {} : { 'custom:branch': request.branch }),
      ...(request.rmId === undefined ? {} : { 'custom:rmId': request.rmId }),
      ...(request.scopes === undefined || request.scopes.length === 0
        ? {}
        : { scope: request.scopes.join(' ') }),
    };
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: ALGORITHM, kid: KEY_ID, typ: 'JWT' })
      .setSubject(request.sub)
      .setIssuer(this.issuer)
      .setAudience(DEV_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + lifetimeSeconds)
      .setJti(crypto.randomUUID())
      .sign(this.#privateKey);
  }

  /** Verifies as the JWT authorizer does; throws on any failure. `aud` or `client_id` must be ours. */
  async verify(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.#publicKey, {
      issuer: this.issuer,
      algorithms: [ALGORITHM],
    });
    const audiences = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
    if (!audiences.includes(DEV_AUDIENCE) && payload.client_id !== DEV_AUDIENCE) {
      throw new Error('Token audience is not fincrm-local');
    }
    return payload;
  }

  /** The public key set (`/local/.well-known/jwks.json`). */
  jwks(): { keys: JWK[] } {
    return { keys: [this.#publicJwk] };
  }
}

/**
 * Claims as the HTTP API JWT authorizer hands them to the Lambda: every value a string,
 * arrays flattened to `[a b]`, numbers and booleans as text.
 */
export function flattenClaims(payload: JWTPayload): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) flat[name] = `[${value.map(String).join(' ')}]`;
    else if (typeof value === 'object' && value !== null) flat[name] = JSON.stringify(value);
    else flat[name] = String(value);
  }
  return flat;
}
