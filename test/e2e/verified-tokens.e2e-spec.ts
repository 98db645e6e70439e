import { decode } from 'jsonwebtoken';
import { AuthRepository } from '../../src/auth/auth.repository';
import { JwtStrategy } from '../../src/auth/jwt.strategy';
import { Role } from '../../src/common/roles';
import { SESSION_CACHE_TTL_MS } from '../../src/session-cache/session-cache';
import { UsersRepository } from '../../src/users/users.repository';
import { createTestApp, TestApp } from '../support/test-app';
import { logInAdmin, signUp, SignedUpUser } from '../support/users';
import { sleep } from '../support/wait';

jest.setTimeout(60_000);

const claimsOf = (user: SignedUpUser) => decode(user.accessToken) as { sid: number; exp: number };

/**
 * The guard keeps the access tokens passport-jwt verified: a token seen again skips passport, never
 * the check that its session is live and the reading of the user's current role. Across API
 * processes, session-cache.e2e-spec.ts ends and changes sessions whose tokens the other process
 * has already verified.
 */
describe('verified access tokens', () => {
  let t: TestApp;
  let admin: SignedUpUser;
  /** How many times passport-jwt has handed verified claims to the strategy. */
  let verifications: jest.SpyInstance;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await logInAdmin(t);
    verifications = jest.spyOn(t.app.get(JwtStrategy), 'validate');
  });
  afterAll(() => t?.close());

  /** Verifies the user's token once and uses it once more, from the cache. */
  async function verifiedOnce(user: SignedUpUser): Promise<void> {
    const before = verifications.mock.calls.length;
    await t.http.get('/api/auth/me').set(user.auth).expect(200);
    await t.http.get('/api/auth/me').set(user.auth).expect(200);
    expect(verifications.mock.calls.length - before).toBe(1);
  }

  it('a token seen before is not verified again, and answers the same', async () => {
    const user = await signUp(t);
    const first = await t.http.get('/api/auth/me').set(user.auth).expect(200);
    const before = verifications.mock.calls.length;
    const again = await t.http.get('/api/auth/me').set(user.auth).expect(200);
    expect(verifications.mock.calls.length).toBe(before);
    expect(again.body).toEqual(first.body);
  });

  it('the token of a session ended by logout is refused on the next request', async () => {
    const user = await signUp(t);
    await verifiedOnce(user);
    await t.http.post('/api/auth/logout').set(user.auth).expect(204);
    const refused = await t.http.get('/api/auth/me').set(user.auth).expect(401);
    expect(refused.body.message).toBe('Invalid access token');
  });

  it('a user whose role changed gets the new role on the next request with the same token', async () => {
    const user = await signUp(t);
    await verifiedOnce(user);
    await t.http.get('/api/stats').set(user.auth).expect(403);
    await t.http.patch(`/api/users/${user.id}/role`).set(admin.auth).send({ role: Role.Admin }).expect(200);
    await t.http.get('/api/stats').set(user.auth).expect(200);
    await t.http.patch(`/api/users/${user.id}/role`).set(admin.auth).send({ role: Role.User }).expect(200);
    await t.http.get('/api/stats').set(user.auth).expect(403);
  });

  it('a session ended and a role changed by a commit no message told of: seen once the session cache lapses, without verifying the tokens again', async () => {
    // As a commit of another process whose message has not arrived yet: the token stays kept.
    const ended = await signUp(t);
    const promoted = await signUp(t);
    await verifiedOnce(ended);
    await verifiedOnce(promoted);
    await t.app.get(AuthRepository).endSession(claimsOf(ended).sid, new Date());
    await t.app.get(UsersRepository).update(promoted.id, { role: Role.Admin });
    await sleep(SESSION_CACHE_TTL_MS + 100);

    const before = verifications.mock.calls.length;
    const refused = await t.http.get('/api/auth/me').set(ended.auth).expect(401);
    expect(refused.body.message).toBe('Invalid access token');
    await t.http.get('/api/stats').set(promoted.auth).expect(200);
    expect((await t.http.get('/api/auth/me').set(promoted.auth).expect(200)).body.role).toBe(Role.Admin);
    expect(verifications.mock.calls.length).toBe(before);
  });
});

describe('a verified access token at its expiry', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ JWT_ACCESS_TTL: '2s' });
  });
  afterAll(() => t?.close());

  it('is refused as expired from its exp on, though it was verified before', async () => {
    const user = await signUp(t);
    const verifications = jest.spyOn(t.app.get(JwtStrategy), 'validate');
    await t.http.get('/api/auth/me').set(user.auth).expect(200);
    await t.http.get('/api/auth/me').set(user.auth).expect(200);
    expect(verifications).toHaveBeenCalledTimes(1);

    const expiresAt = claimsOf(user).exp * 1000;
    while (Date.now() < expiresAt) await sleep(expiresAt - Date.now());
    const refused = await t.http.get('/api/auth/me').set(user.auth).expect(401);
    expect(refused.body.message).toBe('Access token expired');
  });
});
