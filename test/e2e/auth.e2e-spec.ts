import { decode, sign } from 'jsonwebtoken';
import { randomBytes } from 'node:crypto';
import { Response } from 'supertest';
import { DEV_JWT_SECRET } from '../../src/config/env.validation';
import { createTestApp, TestApp } from '../support/test-app';
import { expectError } from '../support/expect-error';
import { logInAdmin, SignedUpUser, signUp } from '../support/users';

/** The key the app signs with: the dev value, as the test app sets no JWT_SECRET (read as auth.config does). */
const SECRET = process.env.JWT_SECRET?.trim() || DEV_JWT_SECRET;

interface Tokens {
  accessToken: string;
  refreshToken: string;
  tokenType: string;
  expiresIn: number;
  user: { id: number; username: string; email: string; role: string };
}

interface Claims {
  sub: string;
  role: string;
  sid: number;
  iat: number;
  exp: number;
}

interface SessionView {
  id: number;
  createdAt: string;
  lastUsedAt: string;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
}

const tag = () => randomBytes(4).toString('hex');
const credentials = () => {
  const id = tag();
  return { username: `auth_${id}`, email: `auth_${id}@example.com`, password: 'correct-horse-battery' };
};
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const claimsOf = (token: string) => decode(token) as Claims;
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token with one character of its signature changed (in the middle, where every bit counts). */
function tamper(token: string): string {
  const at = token.lastIndexOf('.') + 10;
  return token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
}

const expectUnauthorized = (response: Response) => expectError(response, 401);

/** No key that names a password or a hash, and no argon2 PHC string, anywhere in the body. */
function expectNoSecrets(body: unknown): void {
  const json = JSON.stringify(body);
  expect(json).not.toMatch(/"[^"]*(password|hash)[^"]*"\s*:/i);
  expect(json).not.toContain('$argon2');
}

describe('auth routes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const signup = (body: object, path = '/api/auth/signup') => t.http.post(path).send(body);
  const login = (body: object, userAgent = 'auth-e2e') =>
    t.http.post('/api/auth/login').set('User-Agent', userAgent).send(body);
  const refresh = (refreshToken: string) => t.http.post('/api/auth/refresh').send({ refreshToken });
  const me = (token: string) => t.http.get('/api/auth/me').set(bearer(token));
  const sessions = (token: string, query = '') => t.http.get(`/api/auth/sessions${query}`).set(bearer(token));

  /** A second (third, …) session of `user`, from a login with the given User-Agent. */
  const newSession = async (user: SignedUpUser, userAgent?: string): Promise<Tokens> =>
    (await login({ email: user.email, password: user.password }, userAgent).expect(200)).body;

  /** A validly signed access token for the session of `token`, with claims changed by `changes`. */
  const forge = (token: string, changes: object, secret = SECRET) => {
    const { sub, role, sid } = claimsOf(token);
    const now = Math.floor(Date.now() / 1000);
    return sign({ sub, role, sid, iat: now, exp: now + 300, ...changes }, secret, { algorithm: 'HS256' });
  };

  describe('POST /api/auth/signup', () => {
    it.each(['/api/auth/signup', '/api/auth/register'])('%s → 201 with tokens and the user', async (path) => {
      const body = credentials();
      const response = await signup(body, path).expect(201);
      expect(response.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 900,
        user: expect.objectContaining({
          id: expect.any(Number),
          username: body.username,
          email: body.email,
          role: 'user',
        }),
      });
      expectNoSecrets(response.body);
    });

    it('issues an HS256 access token carrying user id, role and session id', async () => {
      const { body } = await signup(credentials()).expect(201);
      const header = JSON.parse(Buffer.from(body.accessToken.split('.')[0], 'base64url').toString());
      const claims = claimsOf(body.accessToken);
      expect(header.alg).toBe('HS256');
      expect(claims).toEqual(
        expect.objectContaining({ sub: String(body.user.id), role: 'user', sid: expect.any(Number) }),
      );
      expect(claims.exp - claims.iat).toBe(900);
    });

    it('stores the email lower-cased and trimmed', async () => {
      const body = credentials();
      const response = await signup({ ...body, email: `  ${body.email.toUpperCase()} ` }).expect(201);
      expect(response.body.user.email).toBe(body.email);
    });

    it('accepts a password of exactly 8 characters', async () => {
      await signup({ ...credentials(), password: '12345678' }).expect(201);
    });

    it('409 for an email already registered in another letter case', async () => {
      const user = await signUp(t);
      const response = await signup({ ...credentials(), email: user.email.toUpperCase() });
      expectError(response, 409);
    });

    it('409 for a username already taken in another letter case', async () => {
      const user = await signUp(t);
      const response = await signup({ ...credentials(), username: user.username.toUpperCase() });
      expectError(response, 409);
    });

    it.each([
      ['a password under 8 characters', { password: 'short7!' }, /password/],
      ['a username under 3 characters', { username: 'ab' }, /username/],
      ['a username over 32 characters', { username: 'u'.repeat(33) }, /username/],
      ['a username with a space', { username: 'bad name' }, /username/],
      ['a username with other characters', { username: 'bad!name' }, /username/],
      ['an invalid email', { email: 'not-an-email' }, /email/],
      ['a missing password', { password: undefined }, /password/],
      ['a non-string username', { username: 12345 }, /username/],
    ])('400 for %s', async (_case, change, mentions) => {
      const response = await signup({ ...credentials(), ...change });
      expectError(response, 400);
      expect(JSON.stringify(response.body.message)).toMatch(mentions);
    });

    it('400 for an unknown body field, and no account is created', async () => {
      const body = credentials();
      const response = await signup({ ...body, role: 'admin' });
      expectError(response, 400);
      expect(JSON.stringify(response.body.message)).toMatch(/role/);
      expectUnauthorized(await login({ email: body.email, password: body.password }));
    });
  });

  describe('POST /api/auth/login', () => {
    let user: SignedUpUser;

    beforeAll(async () => {
      user = await signUp(t);
    });

    it('200 with tokens for the email in any letter case', async () => {
      for (const email of [user.email, user.email.toUpperCase()]) {
        const response = await login({ email, password: user.password }).expect(200);
        expect(response.body).toEqual(
          expect.objectContaining({
            tokenType: 'Bearer',
            expiresIn: 900,
            user: expect.objectContaining({ id: user.id }),
          }),
        );
        expectNoSecrets(response.body);
      }
    });

    it('200 for the username', async () => {
      const response = await login({ username: user.username, password: user.password }).expect(200);
      expect(response.body.user.id).toBe(user.id);
      await me(response.body.accessToken).expect(200);
    });

    it('the same 401 for a wrong password and an unknown user', async () => {
      const attempts = [
        { email: user.email, password: 'wrong-password-123' },
        { email: `nobody_${tag()}@example.com`, password: 'wrong-password-123' },
        { username: user.username, password: 'wrong-password-123' },
        { username: `nobody_${tag()}`, password: 'wrong-password-123' },
      ];
      const responses = await Promise.all(attempts.map((body) => login(body)));
      responses.forEach(expectUnauthorized);
      expect(new Set(responses.map((response) => JSON.stringify(response.body.message))).size).toBe(1);
    });

    it.each([
      ['neither email nor username', { password: 'correct-horse-battery' }],
      ['no password', { email: 'someone@example.com' }],
      [
        'an unknown field',
        { email: 'someone@example.com', password: 'correct-horse-battery', remember: true },
      ],
    ])('400 for %s', async (_case, body) => {
      expectError(await login(body), 400);
    });
  });

  describe('GET /api/auth/me', () => {
    let user: SignedUpUser;

    beforeAll(async () => {
      user = await signUp(t);
    });

    it('200 with the current user and no secrets', async () => {
      const response = await me(user.accessToken).expect(200);
      expect(response.body).toEqual(
        expect.objectContaining({ id: user.id, username: user.username, email: user.email, role: 'user' }),
      );
      expectNoSecrets(response.body);
    });

    it("shows the admin's role", async () => {
      const admin = await logInAdmin(t);
      expect((await me(admin.accessToken).expect(200)).body.role).toBe('admin');
    });

    it('accepts a token this test signs with the right key (the control for the forged ones below)', async () => {
      const response = await me(forge(user.accessToken, {})).expect(200);
      expect(response.body.id).toBe(user.id);
    });

    it('401 without an Authorization header', async () => {
      expectUnauthorized(await t.http.get('/api/auth/me'));
    });

    it.each([
      ['a Basic scheme', () => `Basic ${Buffer.from('user:pass').toString('base64')}`],
      ['a bearer without a token', () => 'Bearer '],
      ['a bearer that is not a JWT', () => 'Bearer not-a-jwt'],
      ['the token without a scheme', () => user.accessToken],
    ])('401 for a malformed header: %s', async (_case, header) => {
      expectUnauthorized(await t.http.get('/api/auth/me').set('Authorization', header()));
    });

    it('401 for a token with one character of the signature changed', async () => {
      expectUnauthorized(await me(tamper(user.accessToken)));
    });

    it('401 for an expired token', async () => {
      const past = Math.floor(Date.now() / 1000) - 3600;
      const response = await me(forge(user.accessToken, { iat: past - 900, exp: past }));
      expectUnauthorized(response);
      expect(response.body.message).toMatch(/expired/i);
    });

    it('401 for an alg: none token', async () => {
      const { sub, role, sid } = claimsOf(user.accessToken);
      const now = Math.floor(Date.now() / 1000);
      const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub, role, sid, iat: now, exp: now + 300 })}.`;
      expectUnauthorized(await me(token));
    });

    it('401 for a token signed with another key', async () => {
      expectUnauthorized(await me(forge(user.accessToken, {}, 'some-other-secret-of-enough-length')));
    });

    it("401 for a validly signed token naming another user's session", async () => {
      const other = await signUp(t);
      expectUnauthorized(await me(forge(user.accessToken, { sid: claimsOf(other.accessToken).sid })));
    });

    it('401 for a validly signed token whose session id is not a number', async () => {
      expectUnauthorized(await me(forge(user.accessToken, { sid: String(claimsOf(user.accessToken).sid) })));
    });
  });

  it.each([
    ['post', '/api/auth/logout'],
    ['post', '/api/auth/logout-all'],
    ['get', '/api/auth/sessions'],
    ['delete', '/api/auth/sessions/1'],
    ['post', '/api/auth/change-password'],
  ] as const)('%s %s → 401 without a token', async (method, path) => {
    expectUnauthorized(await t.http[method](path));
  });

  describe('POST /api/auth/refresh', () => {
    it('200 with new tokens that work; the refresh token changes', async () => {
      const user = await signUp(t);
      const response = await refresh(user.refreshToken).expect(200);
      expect(response.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 900,
        user: expect.objectContaining({ id: user.id }),
      });
      expect(response.body.refreshToken).not.toBe(user.refreshToken);
      expect(claimsOf(response.body.accessToken).sid).toBe(claimsOf(user.accessToken).sid);
      expectNoSecrets(response.body);
      await me(response.body.accessToken).expect(200);
      await refresh(response.body.refreshToken).expect(200);
    });

    it('a rotated refresh token is refused, and replaying it ends that session (only that one)', async () => {
      const user = await signUp(t);
      const other = await newSession(user);
      const rotated: Tokens = (await refresh(user.refreshToken).expect(200)).body;
      expectUnauthorized(await refresh(user.refreshToken));
      expectUnauthorized(await refresh(rotated.refreshToken));
      expectUnauthorized(await me(rotated.accessToken));
      await me(other.accessToken).expect(200);
    });

    it('401 for an unknown refresh token, which ends no session', async () => {
      const user = await signUp(t);
      expectUnauthorized(await refresh(randomBytes(32).toString('base64url')));
      await me(user.accessToken).expect(200);
      await refresh(user.refreshToken).expect(200);
    });

    it('two concurrent refreshes with the same token: exactly one 200', async () => {
      const user = await signUp(t);
      const responses = await Promise.all([refresh(user.refreshToken), refresh(user.refreshToken)]);
      expect(responses.map((response) => response.status).sort()).toEqual([200, 401]);
    });

    it.each([
      ['an empty refreshToken', { refreshToken: '' }],
      ['a non-string refreshToken', { refreshToken: 42 }],
    ])('400 for %s', async (_case, body) => {
      expectError(await t.http.post('/api/auth/refresh').send(body), 400);
    });

    it('401 for a missing refreshToken and no refresh cookie', async () => {
      const response = await t.http.post('/api/auth/refresh').send({});
      expectError(response, 401);
      expect(response.body.message).toMatch(/refreshToken.*refresh_token cookie/);
    });
  });

  describe('POST /api/auth/logout and /api/auth/logout-all', () => {
    it('logout → 204; that access token and refresh token are refused, other sessions live on', async () => {
      const user = await signUp(t);
      const other = await newSession(user);
      await t.http.post('/api/auth/logout').set(user.auth).expect(204);
      expectUnauthorized(await me(user.accessToken));
      expectUnauthorized(await refresh(user.refreshToken));
      await me(other.accessToken).expect(200);
    });

    it('logout-all → 204; every session of the user is refused, other users are untouched', async () => {
      const user = await signUp(t);
      const bystander = await signUp(t);
      const sessionsOfUser = [user, await newSession(user), await newSession(user)];
      await t.http.post('/api/auth/logout-all').set(bearer(sessionsOfUser[1].accessToken)).expect(204);
      for (const { accessToken, refreshToken } of sessionsOfUser) {
        expectUnauthorized(await me(accessToken));
        expectUnauthorized(await refresh(refreshToken));
      }
      await me(bystander.accessToken).expect(200);
    });
  });

  describe('sessions', () => {
    it('lists the live sessions of the user, exactly one of them current', async () => {
      const user = await signUp(t);
      const phone = await newSession(user, 'AuthSpec-Phone/1.0');
      const laptop = await newSession(user, 'AuthSpec-Laptop/2.0');
      await signUp(t); // someone else's session, not listed
      const response = await sessions(laptop.accessToken).expect(200);
      expect(response.body.meta).toEqual({ page: 1, limit: 20, total: 3, totalPages: 1 });
      const data: SessionView[] = response.body.data;
      expect(data).toHaveLength(3);
      for (const session of data) {
        expect(Object.keys(session).sort()).toEqual([
          'createdAt',
          'current',
          'id',
          'ip',
          'lastUsedAt',
          'userAgent',
        ]);
        expect(new Date(session.createdAt).toISOString()).toBe(session.createdAt);
        expect(new Date(session.lastUsedAt).toISOString()).toBe(session.lastUsedAt);
        expect(session.ip).toEqual(expect.any(String));
      }
      expect(data.filter((session) => session.current)).toEqual([
        expect.objectContaining({ id: claimsOf(laptop.accessToken).sid, userAgent: 'AuthSpec-Laptop/2.0' }),
      ]);
      expect(data.find((session) => session.id === claimsOf(phone.accessToken).sid)?.userAgent).toBe(
        'AuthSpec-Phone/1.0',
      );
      expectNoSecrets(response.body);
    });

    it('pages the list', async () => {
      const user = await signUp(t);
      await newSession(user);
      await newSession(user);
      const response = await sessions(user.accessToken, '?page=2&limit=1').expect(200);
      expect(response.body.data).toHaveLength(1);
      expect(response.body.meta).toEqual({ page: 2, limit: 1, total: 3, totalPages: 3 });
    });

    it.each(['?limit=0', '?limit=101', '?page=0', '?page=abc', '?foo=1'])(
      '400 for the query %s',
      async (query) => {
        const user = await signUp(t);
        expectError(await sessions(user.accessToken, query), 400);
      },
    );

    it('DELETE of an own other session → 204; its tokens are refused and it leaves the list', async () => {
      const user = await signUp(t);
      const other = await newSession(user);
      const sid = claimsOf(other.accessToken).sid;
      await t.http.delete(`/api/auth/sessions/${sid}`).set(user.auth).expect(204);
      expectUnauthorized(await me(other.accessToken));
      expectUnauthorized(await refresh(other.refreshToken));
      const listed: SessionView[] = (await sessions(user.accessToken).expect(200)).body.data;
      expect(listed.map((session) => session.id)).toEqual([claimsOf(user.accessToken).sid]);
      expectError(await t.http.delete(`/api/auth/sessions/${sid}`).set(user.auth), 404);
    });

    it("DELETE of another user's session → 404 (also for an admin), and it stays live", async () => {
      const owner = await signUp(t);
      const stranger = await signUp(t);
      const admin = await logInAdmin(t);
      const path = `/api/auth/sessions/${claimsOf(owner.accessToken).sid}`;
      expectError(await t.http.delete(path).set(stranger.auth), 404);
      expectError(await t.http.delete(path).set(admin.auth), 404);
      await me(owner.accessToken).expect(200);
    });

    it.each(['abc', '1.5', '-1', '0', '1e3', '99999999999'])(
      'DELETE /api/auth/sessions/%s → 400',
      async (id) => {
        const user = await signUp(t);
        expectError(await t.http.delete(`/api/auth/sessions/${id}`).set(user.auth), 400);
      },
    );
  });

  describe('POST /api/auth/change-password', () => {
    const changePassword = (user: SignedUpUser, body: object) =>
      t.http.post('/api/auth/change-password').set(user.auth).send(body);

    it('403 for a wrong current password; the password stays', async () => {
      const user = await signUp(t);
      const response = await changePassword(user, {
        currentPassword: 'not-my-password',
        newPassword: 'brand-new-pass-1',
      });
      expectError(response, 403);
      await login({ email: user.email, password: user.password }).expect(200);
    });

    it.each([
      ['a new password under 8 characters', { newPassword: 'short7!' }],
      ['a missing new password', { newPassword: undefined }],
      ['an unknown field', { logoutOthers: false }],
    ])('400 for %s', async (_case, change) => {
      const user = await signUp(t);
      const body = { currentPassword: user.password, newPassword: 'brand-new-pass-1', ...change };
      expectError(await changePassword(user, body), 400);
      await login({ email: user.email, password: user.password }).expect(200);
    });

    it('204; other sessions end, the current one works, only the new password logs in', async () => {
      const user = await signUp(t);
      const other = await newSession(user);
      const newPassword = 'brand-new-pass-1';
      await changePassword(user, { currentPassword: user.password, newPassword }).expect(204);
      expectUnauthorized(await me(other.accessToken));
      expectUnauthorized(await refresh(other.refreshToken));
      await me(user.accessToken).expect(200);
      expectUnauthorized(await login({ email: user.email, password: user.password }));
      await login({ email: user.email, password: newPassword }).expect(200);
    });
  });

  describe('request ids and malformed requests', () => {
    it('an error carries requestId in the body and x-request-id in the header', async () => {
      const response = await t.http.get('/api/auth/me');
      expectUnauthorized(response);
      expect(response.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('an incoming X-Request-Id is echoed', async () => {
      const response = await t.http.get('/api/auth/me').set('X-Request-Id', 'abc-123');
      expectUnauthorized(response);
      expect(response.headers['x-request-id']).toBe('abc-123');
      expect(response.body.requestId).toBe('abc-123');
    });

    it('an X-Request-Id with unsafe characters is replaced by a fresh id', async () => {
      const response = await t.http.get('/api/auth/me').set('X-Request-Id', 'abc 123<script>');
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('a successful response has an x-request-id header too', async () => {
      const user = await signUp(t);
      const response = await me(user.accessToken).set('X-Request-Id', 'abc-123').expect(200);
      expect(response.headers['x-request-id']).toBe('abc-123');
    });

    it('413 for a body over 100kb', async () => {
      const response = await signup({ ...credentials(), password: 'p'.repeat(101 * 1024) });
      expectError(response, 413);
    });

    it('400 (not 500) for malformed JSON', async () => {
      const response = await t.http
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send('{"email": "a@example.com", "password": ');
      expectError(response, 400);
    });

    it.each([
      ['a JSON array', '[]'],
      ['a JSON string', '"hello"'],
      ['null', 'null'],
    ])('400 (not 500) for %s as the login body', async (_case, raw) => {
      const response = await t.http.post('/api/auth/login').set('Content-Type', 'application/json').send(raw);
      expectError(response, 400);
    });
  });
});
