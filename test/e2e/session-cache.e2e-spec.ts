import { SESSION_CACHE_TTL_MS } from '../../src/session-cache/session-cache';
import { ApiProcess } from '../support/processes';
import { createTestApp, TestApp } from '../support/test-app';
import { logInAdmin, signUp, SignedUpUser } from '../support/users';
import { waitFor } from '../support/wait';

/**
 * Each API process caches live sessions for a few seconds (the guard's database lookup). What ends
 * a session or changes a user holds at once at the process that did it, and at every other one as
 * soon as the Redis message reaches it: milliseconds, well before the cache's own expiry. The test
 * app and a second API process (`dist/main.js`) share the database and Redis.
 */
describe('session cache across API processes', () => {
  let t: TestApp;
  let other: ApiProcess;
  let admin: SignedUpUser;

  beforeAll(async () => {
    t = await createTestApp();
    other = await ApiProcess.start();
    admin = await logInAdmin(t);
  });
  afterAll(async () => {
    await other?.stop();
    await t?.close();
  });

  const atOther = (path: string, user: SignedUpUser) =>
    fetch(`${other.url}${path}`, { headers: user.auth }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
    }));

  type Answer = Awaited<ReturnType<typeof atOther>>;

  /**
   * What the other process answers, asked until the answer is `wanted`; for a second at most, far
   * less than the cache's lifetime, so a missed message would show.
   */
  const soonAtOther = (path: string, user: SignedUpUser, wanted: (answer: Answer) => boolean) =>
    waitFor(
      `the other process to answer ${path} as expected`,
      async () => {
        const answer = await atOther(path, user);
        return wanted(answer) ? answer : undefined;
      },
      { timeoutMs: Math.min(1_000, SESSION_CACHE_TTL_MS / 2), intervalMs: 10 },
    );

  /**
   * Two requests, so that the second is answered from the other process's caches: its session
   * cache, and the access tokens its guard has verified (which skip passport-jwt from then on).
   */
  const seenLiveAtOther = async (path: string, user: SignedUpUser) => {
    for (let i = 0; i < 2; i++) expect((await atOther(path, user)).status).toBe(200);
  };

  it('a session ended at one process is refused at the other within a moment', async () => {
    const user = await signUp(t);
    await seenLiveAtOther('/api/auth/me', user);
    await t.http.post('/api/auth/logout').set(user.auth).expect(204);
    expect((await soonAtOther('/api/auth/me', user, ({ status }) => status === 401)).status).toBe(401);
  });

  it('sessions ended by a password change are refused at the other process, the current one lives', async () => {
    const user = await signUp(t);
    const second = {
      ...user,
      ...(
        await t.http.post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200)
      ).body,
    };
    second.auth = { Authorization: `Bearer ${second.accessToken}` };
    await seenLiveAtOther('/api/auth/me', second);
    await t.http
      .post('/api/auth/change-password')
      .set(user.auth)
      .send({ currentPassword: user.password, newPassword: 'another-horse-battery' })
      .expect(204);
    expect((await soonAtOther('/api/auth/me', second, ({ status }) => status === 401)).status).toBe(401);
    expect((await soonAtOther('/api/auth/me', user, ({ status }) => status === 200)).status).toBe(200);
  });

  it('a demoted admin is refused admin routes at the other process within a moment', async () => {
    const user = await signUp(t);
    await t.http.patch(`/api/users/${user.id}/role`).set(admin.auth).send({ role: 'admin' }).expect(200);
    await seenLiveAtOther('/api/stats', user);
    await t.http.patch(`/api/users/${user.id}/role`).set(admin.auth).send({ role: 'user' }).expect(200);
    expect((await soonAtOther('/api/stats', user, ({ status }) => status === 403)).status).toBe(403);
  });

  it('a deleted user is refused at the other process within a moment', async () => {
    const user = await signUp(t);
    await seenLiveAtOther('/api/auth/me', user);
    await t.http.delete(`/api/users/${user.id}`).set(admin.auth).expect(204);
    expect((await soonAtOther('/api/auth/me', user, ({ status }) => status === 401)).status).toBe(401);
  });

  it('a profile changed at one process is what the other returns as /auth/me within a moment', async () => {
    const user = await signUp(t);
    await seenLiveAtOther('/api/auth/me', user);
    await t.http
      .patch('/api/users/profile')
      .set(user.auth)
      .send({ displayName: 'Renamed Driver' })
      .expect(200);
    const me = await soonAtOther('/api/auth/me', user, ({ body }) => body.displayName === 'Renamed Driver');
    expect(me).toEqual({ status: 200, body: expect.objectContaining({ displayName: 'Renamed Driver' }) });
  });

  it('a replayed refresh token ends its session at every process', async () => {
    const user = await signUp(t);
    await seenLiveAtOther('/api/auth/me', user);
    await t.http.post('/api/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
    await t.http.post('/api/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
    expect((await soonAtOther('/api/auth/me', user, ({ status }) => status === 401)).status).toBe(401);
  });
});
