import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DevIssuer } from '../../../infra/local/dev-issuer.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dev-issuer-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ISSUER = 'http://127.0.0.1:3000/local';

describe('the dev issuer', () => {
  it('mints Cognito-shaped access tokens that it verifies', async () => {
    const issuer = await DevIssuer.load(dir, ISSUER);
    const token = await issuer.mint({
      sub: 'rm-1',
      role: 'relationship-manager',
      branch: '0101',
      rmId: 'rm-1',
      scopes: ['crm/read'],
    });

    const claims = await issuer.verify(token);
    expect(claims).toMatchObject({
      sub: 'rm-1',
      iss: ISSUER,
      aud: 'fincrm-local',
      'cognito:groups': ['relationship-manager'],
      'custom:branch': '0101',
      'custom:rmId': 'rm-1',
      scope: 'crm/read',
      token_use: 'access',
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(8 * 3600);
  });

  it('mints a token for the head-office complaints unit, a role without branch or book', async () => {
    const issuer = await DevIssuer.load(dir, ISSUER);
    const claims = await issuer.verify(await issuer.mint({ sub: 'cu-1', role: 'complaints-manager' }));

    expect(claims['cognito:groups']).toEqual(['complaints-manager']);
    expect(claims).not.toHaveProperty('custom:branch');
  });

  it('keeps its key under the data directory, so tokens survive a restart', async () => {
    const token = await (await DevIssuer.load(dir, ISSUER)).mint({ sub: 'a-1', role: 'analyst' });
    await expect((await DevIssuer.load(dir, ISSUER)).verify(token)).resolves.toMatchObject({ sub: 'a-1' });
  });

  it('rejects expired tokens, another issuer and another key', async () => {
    const issuer = await DevIssuer.load(dir, ISSUER);
    const expired = await issuer.mint({ sub: 'a-1', role: 'analyst' }, -60);
    await expect(issuer.verify(expired)).rejects.toThrow();

    const otherIssuer = await DevIssuer.load(dir, 'http://127.0.0.1:4000/local');
    await expect(issuer.verify(await otherIssuer.mint({ sub: 'a-1', role: 'analyst' }))).rejects.toThrow();

    const otherDir = await mkdtemp(join(tmpdir(), 'dev-issuer-'));
    const otherKey = await DevIssuer.load(otherDir, ISSUER);
    await expect(issuer.verify(await otherKey.mint({ sub: 'a-1', role: 'analyst' }))).rejects.toThrow();
    await rm(otherDir, { recursive: true, force: true });
  });

  it('publishes only the public key', async () => {
    const issuer = await DevIssuer.load(dir, ISSUER);
    const [key] = issuer.jwks().keys;
    expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(key).not.toHaveProperty('d');
    expect(decodeJwt(await issuer.mint({ sub: 'x', role: 'admin' })).sub).toBe('x');
  });
});
