import { AddressInfo } from 'node:net';
import { Cookie, CookieJar } from 'tough-cookie';
import { DataSource } from 'typeorm';
import { changedTables, snapshotDatabase } from '../support/hostile';
import { SocketClients } from '../support/sockets';
import { createTestApp, TestApp } from '../support/test-app';
import { signUp } from '../support/users';

/** The front end of CORS_ORIGINS, and a site that is not. */
const FRONT_END = 'http://cars.example.com';
const OTHER_SITE = 'http://evil.example.net';
const ACCESS_TTL = 900;
const SESSION_TTL = 30 * 24 * 3600;
const PASSWORD = 'correct-horse-battery';

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
  /** The cookies the response set, parsed. */
  set: Cookie[];
}

interface Call {
  method?: string;
  body?: object;
  /** Send X-CSRF-Token with the csrf_token cookie's value (as the front end does): true by default. */
  csrf?: boolean | string;
  headers?: Record<string, string>;
}

/**
 * A browser running the front end of CORS_ORIGINS (a site of its own, as `cars.example.com` beside
 * `api.cars.example.com` would be): a real cookie jar that sends a cookie only where its Path,
 * Secure flag and expiry allow, over real HTTP. Its requests go with `credentials: 'include'`.
 */
class Browser {
  jar = new CookieJar();

  constructor(private readonly api: string) {}

  async call(path: string, { method = 'GET', body, csrf = true, headers = {} }: Call = {}): Promise<Answer> {
    const url = this.api + path;
    const cookie = await this.jar.getCookieString(url, { sameSiteContext: 'strict' });
    const token = csrf === true ? await this.readableCookie('csrf_token') : csrf || undefined;
    const response = await fetch(url, {
      method,
      headers: {
        origin: FRONT_END,
        ...(cookie && { cookie }),
        ...(body && { 'content-type': 'application/json' }),
        ...(token && { 'x-csrf-token': token }),
        ...headers,
      },
      body: body && JSON.stringify(body),
    });
    const set = response.headers.getSetCookie();
    for (const line of set) await this.jar.setCookie(line, url, { sameSiteContext: 'strict' });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? JSON.parse(text) : {},
      headers: response.headers,
      set: set.map((line) => Cookie.parse(line)!),
    };
  }

  /** A cookie as the page's scripts see it in `document.cookie`: not at all when HttpOnly. */
  async readableCookie(name: string): Promise<string | undefined> {
    const cookies = await this.jar.getCookies(`${this.api}/`, { http: false });
    return cookies.find((cookie) => cookie.key === name)?.value;
  }

  /** The value of one of the jar's cookies (HttpOnly or not), as sent to `path`. */
  async cookie(name: string, path = '/api/auth/refresh'): Promise<string | undefined> {
    return (await this.jar.getCookies(this.api + path)).find((cookie) => cookie.key === name)?.value;
  }

  /** The Cookie header this browser sends to `path`. */
  cookieHeader(path: string): Promise<string> {
    return this.jar.getCookieString(this.api + path, { sameSiteContext: 'strict' });
  }

  /** Signs up a new user with `"cookie": true`. */
  async signUp(): Promise<{ id: number; email: string }> {
    const tag = Math.random().toString(36).slice(2, 10);
    const email = `browser_${tag}@example.com`;
    const answer = await this.call('/api/auth/signup', {
      method: 'POST',
      body: { username: `browser_${tag}`, email, password: PASSWORD, cookie: true },
    });
    expect(answer.status).toBe(201);
    return { id: (answer.body.user as { id: number }).id, email };
  }

  /** A copy of this browser's cookies as they are now: what a thief would hold. */
  async copy(): Promise<Browser> {
    const copy = new Browser(this.api);
    copy.jar = await this.jar.clone();
    return copy;
  }
}

const byName = (cookies: Cookie[]) => Object.fromEntries(cookies.map((cookie) => [cookie.key, cookie]));

/**
 * Browser sessions: `"cookie": true` on signup and login sets the access_token, refresh_token and
 * csrf_token cookies; cookie-authenticated requests need X-CSRF-Token on every unsafe method;
 * refresh and logout work through the cookies; the Socket.IO handshake takes the cookie from the
 * API's own origin and CORS_ORIGINS only; CORS answers credentialed requests from CORS_ORIGINS only.
 */
describe('browser sessions: cookies and CSRF', () => {
  let t: TestApp;
  let api: string;

  beforeAll(async () => {
    t = await createTestApp({ CORS_ORIGINS: FRONT_END });
    await t.app.listen(0, '127.0.0.1');
    api = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  describe('signing in', () => {
    it.each(['signup', 'register'])(
      '%s with cookie: true sets the three cookies and answers no token',
      async (route) => {
        const browser = new Browser(api);
        const tag = Math.random().toString(36).slice(2, 10);
        const answer = await browser.call(`/api/auth/${route}`, {
          method: 'POST',
          body: { username: `c_${tag}`, email: `c_${tag}@example.com`, password: PASSWORD, cookie: true },
        });
        expect(answer.status).toBe(201);
        expect(answer.body).toEqual({
          user: expect.objectContaining({ username: `c_${tag}`, email: `c_${tag}@example.com` }),
          expiresIn: ACCESS_TTL,
          tokenType: 'Cookie',
        });
        expect(answer.headers.get('cache-control')).toBe('no-store');
        const set = byName(answer.set);
        expect(Object.keys(set).sort()).toEqual(['access_token', 'csrf_token', 'refresh_token']);
        expect(set.access_token).toMatchObject({
          httpOnly: true,
          sameSite: 'lax',
          path: '/',
          maxAge: ACCESS_TTL,
          secure: false,
        });
        expect(set.refresh_token).toMatchObject({
          httpOnly: true,
          sameSite: 'strict',
          path: '/api/auth',
          maxAge: SESSION_TTL,
          secure: false,
        });
        expect(set.csrf_token).toMatchObject({
          httpOnly: false,
          sameSite: 'strict',
          path: '/',
          maxAge: SESSION_TTL,
          secure: false,
        });
        expect(set.csrf_token.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
        // The page's scripts read the CSRF token and nothing else.
        expect(await browser.readableCookie('csrf_token')).toBe(set.csrf_token.value);
        expect(await browser.readableCookie('access_token')).toBeUndefined();
        expect(await browser.readableCookie('refresh_token')).toBeUndefined();
        const me = await browser.call('/api/auth/me');
        expect(me.status).toBe(200);
        expect(me.body).toMatchObject({ username: `c_${tag}` });
      },
    );

    it('login with cookie: true does the same; without it the tokens come in the body and no cookie', async () => {
      const user = await signUp(t);
      const browser = new Browser(api);
      const answer = await browser.call('/api/auth/login', {
        method: 'POST',
        body: { username: user.username, password: user.password, cookie: true },
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        user: expect.objectContaining({ id: user.id }),
        expiresIn: ACCESS_TTL,
        tokenType: 'Cookie',
      });
      expect(answer.set.map((cookie) => cookie.key).sort()).toEqual([
        'access_token',
        'csrf_token',
        'refresh_token',
      ]);
      expect((await browser.call('/api/auth/me')).body).toMatchObject({ id: user.id });

      const plain = await new Browser(api).call('/api/auth/login', {
        method: 'POST',
        body: { email: user.email, password: user.password, cookie: false },
      });
      expect(plain.status).toBe(200);
      expect(plain.body).toMatchObject({ tokenType: 'Bearer', accessToken: expect.any(String) });
      expect(plain.set).toEqual([]);
    });

    it('cookie must be a boolean (400), and wrong credentials set no cookie (401)', async () => {
      const user = await signUp(t);
      const browser = new Browser(api);
      const bad = await browser.call('/api/auth/login', {
        method: 'POST',
        body: { email: user.email, password: user.password, cookie: 'yes' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toEqual(['cookie must be a boolean value']);
      const wrong = await browser.call('/api/auth/login', {
        method: 'POST',
        body: { email: user.email, password: 'not-the-password', cookie: true },
      });
      expect(wrong.status).toBe(401);
      expect([bad.set, wrong.set]).toEqual([[], []]);
    });

    it('each cookie goes back only where its Path allows: the refresh cookie to the auth routes alone', async () => {
      const browser = new Browser(api);
      await browser.signUp();
      const names = async (path: string) =>
        (await browser.cookieHeader(path))
          .split('; ')
          .map((pair) => pair.split('=')[0])
          .sort();
      expect(await names('/api/cars')).toEqual(['access_token', 'csrf_token']);
      expect(await names('/api/auctions/1/bids')).toEqual(['access_token', 'csrf_token']);
      expect(await names('/api/auth/refresh')).toEqual(['access_token', 'csrf_token', 'refresh_token']);
      expect(await names('/api/auth/logout')).toEqual(['access_token', 'csrf_token', 'refresh_token']);
    });
  });

  describe('CSRF', () => {
    it('an unsafe request by cookie without X-CSRF-Token is 403 and changes nothing', async () => {
      const browser = new Browser(api);
      await browser.signUp();
      const dataSource = t.app.get(DataSource);
      const before = await snapshotDatabase(dataSource);
      const refused = [
        await browser.call('/api/users/profile', {
          method: 'PATCH',
          body: { displayName: 'Changed' },
          csrf: false,
        }),
        await browser.call('/api/auth/logout', { method: 'POST', csrf: false }),
        await browser.call('/api/auth/logout-all', { method: 'POST', csrf: false }),
        await browser.call('/api/auth/sessions/1', { method: 'DELETE', csrf: false }),
        await browser.call('/api/auth/change-password', {
          method: 'POST',
          body: { currentPassword: PASSWORD, newPassword: 'another-good-password' },
          csrf: false,
        }),
      ];
      for (const answer of refused) {
        expect(answer.status).toBe(403);
        expect(answer.body).toMatchObject({
          statusCode: 403,
          error: 'Forbidden',
          message:
            'Missing X-CSRF-Token header: a request authenticated by the session cookie must repeat the csrf_token cookie in it',
        });
        expect(answer.set).toEqual([]);
      }
      expect(changedTables(before, await snapshotDatabase(dataSource))).toEqual([]);
      expect((await browser.call('/api/auth/me')).status).toBe(200);
    });

    it('a wrong X-CSRF-Token is 403 (another session’s, one character off, of another length, not ASCII)', async () => {
      const browser = new Browser(api);
      await browser.signUp();
      const other = new Browser(api);
      await other.signUp();
      const right = (await browser.readableCookie('csrf_token'))!;
      const flipped = right.slice(0, -1) + (right.endsWith('A') ? 'B' : 'A');
      for (const wrong of [
        (await other.readableCookie('csrf_token'))!,
        flipped,
        right.slice(1),
        `${right}x`,
        'é'.repeat(43),
      ]) {
        const answer = await browser.call('/api/users/profile', {
          method: 'PATCH',
          body: { displayName: 'Changed' },
          csrf: wrong,
        });
        expect({ wrong, status: answer.status, message: answer.body.message }).toEqual({
          wrong,
          status: 403,
          message: 'X-CSRF-Token does not match the csrf_token cookie',
        });
      }
      expect((await browser.call('/api/auth/me')).body.displayName).toBeNull();
    });

    it('with the right X-CSRF-Token the same requests work; safe methods need none', async () => {
      const browser = new Browser(api);
      await browser.signUp();
      const patch = await browser.call('/api/users/profile', {
        method: 'PATCH',
        body: { displayName: 'Changed' },
      });
      expect(patch.status).toBe(200);
      expect((await browser.call('/api/auth/me', { csrf: false })).body.displayName).toBe('Changed');
      expect((await browser.call('/api/auth/sessions', { csrf: false })).status).toBe(200);
    });

    it('a same-site page without the token is refused even with every cookie; a cross-site one sends none', async () => {
      const victim = new Browser(api);
      await victim.signUp();
      // A page of a sibling site (same site, other origin): the browser sends all cookies, but the
      // page cannot read csrf_token, nor send a custom header cross-origin without a preflight.
      const cookie = await victim.cookieHeader('/api/auth/logout');
      const sibling = await fetch(`${api}/api/auth/logout`, {
        method: 'POST',
        headers: { origin: OTHER_SITE, cookie },
      });
      expect(sibling.status).toBe(403);
      // A form posted from another site: SameSite keeps every cookie at home.
      const crossSite = await victim.jar.getCookieString(`${api}/api/auth/logout`, {
        sameSiteContext: 'none',
      });
      expect(crossSite).toBe('');
      // A link followed from another site (a top-level GET): the access cookie only, no CSRF token.
      const navigation = await victim.jar.getCookies(`${api}/api/auth/me`, { sameSiteContext: 'lax' });
      expect(navigation.map((c) => c.key)).toEqual(['access_token']);
      expect((await victim.call('/api/auth/me')).status).toBe(200);
    });

    it('a request with an Authorization header ignores the cookies: no CSRF needed, and no fallback to them', async () => {
      const browser = new Browser(api);
      await browser.signUp();
      const bearer = await signUp(t);
      // A bearer client's unsafe request needs no CSRF header, cookies or not.
      const patch = await browser.call('/api/users/profile', {
        method: 'PATCH',
        body: { displayName: 'By bearer' },
        csrf: false,
        headers: bearer.auth,
      });
      expect(patch.status).toBe(200);
      expect(patch.body).toMatchObject({ id: bearer.id, displayName: 'By bearer' });
      expect((await browser.call('/api/auth/me', { headers: bearer.auth })).body).toMatchObject({
        id: bearer.id,
      });
      // A bad header is 401 even beside valid cookies.
      const bad = await browser.call('/api/auth/me', { headers: { authorization: 'Bearer not-a-token' } });
      expect(bad.status).toBe(401);
      const empty = await browser.call('/api/auth/me', { headers: { authorization: '' } });
      expect(empty.status).toBe(401);
    });
  });

  describe('refresh and logout', () => {
    it('refresh with no body uses the refresh cookie and sets all three cookies again', async () => {
      const browser = new Browser(api);
      const { id } = await browser.signUp();
      const before = {
        refresh: await browser.cookie('refresh_token'),
        csrf: await browser.readableCookie('csrf_token'),
      };
      const answer = await browser.call('/api/auth/refresh', { method: 'POST' });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        user: expect.objectContaining({ id }),
        expiresIn: ACCESS_TTL,
        tokenType: 'Cookie',
      });
      const set = byName(answer.set);
      expect(Object.keys(set).sort()).toEqual(['access_token', 'csrf_token', 'refresh_token']);
      expect(set.refresh_token).toMatchObject({ path: '/api/auth', maxAge: SESSION_TTL, httpOnly: true });
      expect(set.refresh_token.value).not.toBe(before.refresh);
      expect(set.csrf_token.value).not.toBe(before.csrf);
      // The new cookies work, the new CSRF token included; an empty JSON body is the same as none.
      expect((await browser.call('/api/auth/me')).status).toBe(200);
      const again = await browser.call('/api/auth/refresh', { method: 'POST', body: {} });
      expect(again.status).toBe(200);
      const patch = await browser.call('/api/users/profile', {
        method: 'PATCH',
        body: { displayName: 'After refresh' },
      });
      expect(patch.status).toBe(200);
    });

    it('refresh by cookie needs X-CSRF-Token (403, the token is not spent) and a refresh cookie (401)', async () => {
      const browser = new Browser(api);
      await browser.signUp();
      const refresh = await browser.cookie('refresh_token');
      const without = await browser.call('/api/auth/refresh', { method: 'POST', csrf: false });
      expect(without.status).toBe(403);
      expect(without.set).toEqual([]);
      const wrong = await browser.call('/api/auth/refresh', { method: 'POST', csrf: 'not-the-token' });
      expect(wrong.status).toBe(403);
      expect(await browser.cookie('refresh_token')).toBe(refresh);
      expect((await browser.call('/api/auth/refresh', { method: 'POST' })).status).toBe(200);

      const none = await new Browser(api).call('/api/auth/refresh', { method: 'POST' });
      expect(none.status).toBe(401);
      expect(none.body.message).toMatch(/refresh_token cookie/);
    });

    it('a body refreshToken is the bearer refresh, cookies or not', async () => {
      const browser = new Browser(api);
      await browser.signUp();
      const user = await signUp(t);
      const answer = await browser.call('/api/auth/refresh', {
        method: 'POST',
        body: { refreshToken: user.refreshToken },
        csrf: false,
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ tokenType: 'Bearer', user: { id: user.id } });
      expect(answer.set).toEqual([]);
    });

    it('a replayed refresh cookie ends the session: 401, and the new access cookie stops working', async () => {
      const victim = new Browser(api);
      await victim.signUp();
      const thief = await victim.copy();
      expect((await victim.call('/api/auth/refresh', { method: 'POST' })).status).toBe(200);
      expect((await victim.call('/api/auth/me')).status).toBe(200);

      const replay = await thief.call('/api/auth/refresh', { method: 'POST' });
      expect(replay.status).toBe(401);
      expect(replay.body.message).toMatch(/already used; the session has been ended/);
      // The refused cookies are cleared in the replaying browser.
      expect(byName(replay.set)).toMatchObject({
        access_token: { value: '', maxAge: 0, path: '/' },
        refresh_token: { value: '', maxAge: 0, path: '/api/auth' },
        csrf_token: { value: '', maxAge: 0, path: '/' },
      });
      expect(await thief.cookieHeader('/api/auth/refresh')).toBe('');

      const me = await victim.call('/api/auth/me');
      expect(me.status).toBe(401);
      const refresh = await victim.call('/api/auth/refresh', { method: 'POST' });
      expect(refresh.status).toBe(401);
    });

    it.each(['logout', 'logout-all'])('%s ends the session and clears the three cookies', async (route) => {
      const browser = new Browser(api);
      await browser.signUp();
      const kept = await browser.copy();
      const answer = await browser.call(`/api/auth/${route}`, { method: 'POST' });
      expect(answer.status).toBe(204);
      expect(byName(answer.set)).toEqual({
        access_token: expect.objectContaining({
          value: '',
          maxAge: 0,
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
        }),
        refresh_token: expect.objectContaining({
          value: '',
          maxAge: 0,
          path: '/api/auth',
          httpOnly: true,
          sameSite: 'strict',
        }),
        csrf_token: expect.objectContaining({
          value: '',
          maxAge: 0,
          path: '/',
          httpOnly: false,
          sameSite: 'strict',
        }),
      });
      expect(await browser.cookieHeader('/api/auth/refresh')).toBe('');
      // The cookies, kept from before, no longer work either.
      expect((await kept.call('/api/auth/me')).status).toBe(401);
      expect((await kept.call('/api/auth/refresh', { method: 'POST' })).status).toBe(401);
    });

    it('a bearer logout sets no cookie', async () => {
      const user = await signUp(t);
      const response = await t.http.post('/api/auth/logout').set(user.auth).expect(204);
      expect(response.headers['set-cookie']).toBeUndefined();
    });
  });

  describe('CORS', () => {
    const preflight = (origin: string) =>
      fetch(`${api}/api/users/profile`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'PATCH',
          'access-control-request-headers': 'content-type,x-csrf-token',
        },
      });

    it('a page of CORS_ORIGINS may send credentials and X-CSRF-Token', async () => {
      const response = await preflight(FRONT_END);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(FRONT_END);
      expect(response.headers.get('access-control-allow-credentials')).toBe('true');
      expect(response.headers.get('access-control-allow-methods')).toContain('PATCH');
      expect(response.headers.get('access-control-allow-headers')?.toLowerCase().split(',')).toEqual(
        expect.arrayContaining(['x-csrf-token', 'content-type', 'authorization']),
      );
      const browser = new Browser(api);
      await browser.signUp();
      const me = await browser.call('/api/auth/me');
      expect(me.headers.get('access-control-allow-origin')).toBe(FRONT_END);
      expect(me.headers.get('access-control-allow-credentials')).toBe('true');
      expect(me.headers.get('vary')).toMatch(/Origin/);
    });

    it('another origin gets no Access-Control-Allow-* header at all', async () => {
      const response = await preflight(OTHER_SITE);
      const allow = [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));
      expect(allow).toEqual([]);
      const status = await fetch(`${api}/api/status`, { headers: { origin: OTHER_SITE } });
      expect(status.status).toBe(200);
      expect([...status.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
      expect(status.headers.get('vary')).toMatch(/Origin/);
    });
  });

  it('the OpenAPI document tells: the cookie scheme beside bearer, the CSRF header and its 403', async () => {
    const { paths, components } = (await fetch(`${api}/api/docs-json`).then((r) => r.json())) as {
      paths: Record<
        string,
        Record<
          string,
          {
            security?: object[];
            parameters?: { name: string; in: string }[];
            responses: Record<string, { description: string }>;
          }
        >
      >;
      components: { securitySchemes: Record<string, object> };
    };
    expect(components.securitySchemes.access_token).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'access_token',
    });
    const patch = paths['/api/users/profile'].patch;
    expect(patch.security).toEqual([{ bearer: [] }, { access_token: [] }]);
    expect(patch.parameters).toContainEqual(expect.objectContaining({ name: 'X-CSRF-Token', in: 'header' }));
    expect(patch.responses['403'].description).toMatch(/X-CSRF-Token/);
    const get = paths['/api/users/profile'].get;
    expect(get.security).toEqual([{ bearer: [] }, { access_token: [] }]);
    expect(get.parameters ?? []).not.toContainEqual(expect.objectContaining({ name: 'X-CSRF-Token' }));
    // Public routes stay public; refresh documents its cookie path.
    expect(paths['/api/auth/login'].post.security).toBeUndefined();
    expect(paths['/api/auth/refresh'].post.parameters).toContainEqual(
      expect.objectContaining({ name: 'X-CSRF-Token' }),
    );
    expect(Object.keys(paths['/api/auth/refresh'].post.responses)).toEqual(
      expect.arrayContaining(['200', '401', '403', '429']),
    );
  });

  describe('the Socket.IO handshake', () => {
    const sockets = new SocketClients();

    /** Connects to /auctions with these headers (and `auth`), then disconnects; or the refusal. */
    async function handshake(
      headers: Record<string, string>,
      auth: Record<string, unknown> = {},
    ): Promise<{ connected: boolean; statusCode?: number; message?: string }> {
      const { socket, refused, data } = await sockets.open(api, auth, { extraHeaders: headers });
      if (!socket) return { connected: false, statusCode: data?.statusCode, message: refused };
      socket.disconnect();
      return { connected: true };
    }

    it('takes the access cookie from the front end, the API’s own origin, or no origin at all', async () => {
      const browser = new Browser(api);
      await browser.signUp();
      const cookie = await browser.cookieHeader('/socket.io/');
      expect(await handshake({ cookie, origin: FRONT_END })).toEqual({ connected: true });
      expect(await handshake({ cookie, origin: api })).toEqual({ connected: true });
      expect(await handshake({ cookie })).toEqual({ connected: true });
    });

    it('refuses the cookie from another origin (cross-site WebSocket hijacking), and after logout', async () => {
      const browser = new Browser(api);
      await browser.signUp();
      const cookie = await browser.cookieHeader('/socket.io/');
      for (const origin of [
        OTHER_SITE,
        'null',
        `${api}.evil.example.net`,
        'http://cars.example.com.evil.example.net',
      ]) {
        expect({ origin, ...(await handshake({ cookie, origin })) }).toEqual({
          origin,
          connected: false,
          statusCode: 403,
          message: expect.stringMatching(/only from the API's own origin and CORS_ORIGINS/),
        });
      }
      // auth.token, when given, is what counts: a bad one is not rescued by the cookie.
      expect(await handshake({ cookie, origin: FRONT_END }, { token: 'not-a-token' })).toMatchObject({
        connected: false,
        statusCode: 401,
      });
      expect((await browser.call('/api/auth/logout', { method: 'POST' })).status).toBe(204);
      expect(await handshake({ cookie, origin: FRONT_END })).toMatchObject({
        connected: false,
        statusCode: 401,
      });
    });

    it('a page of another origin may still connect with auth.token', async () => {
      const user = await signUp(t);
      expect(await handshake({ origin: OTHER_SITE }, { token: user.accessToken })).toEqual({
        connected: true,
      });
    });
  });
});

/** The same with `COOKIE_SECURE=true`, and a small rate limit that refresh by cookie counts against. */
describe('browser sessions: Secure cookies and the rate limit', () => {
  let t: TestApp;
  let api: string;

  beforeAll(async () => {
    t = await createTestApp({ COOKIE_SECURE: 'true', AUTH_RATE_LIMIT: '3' });
    await t.app.listen(0, '127.0.0.1');
    api = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  it('every cookie is Secure, set and cleared; refresh by cookie counts against AUTH_RATE_LIMIT', async () => {
    const browser = new Browser(api);
    await browser.signUp(); // 1
    const refresh = await browser.call('/api/auth/refresh', { method: 'POST' }); // 2
    expect(refresh.status).toBe(200);
    expect(refresh.set.map((cookie) => [cookie.key, cookie.secure])).toEqual([
      ['access_token', true],
      ['refresh_token', true],
      ['csrf_token', true],
    ]);
    // A browser sends Secure cookies over HTTPS only (loopback aside, as a developer's browser does).
    const strict = new CookieJar(undefined, { allowSecureOnLocal: false });
    for (const cookie of refresh.set) await strict.setCookie(cookie, `https://api.example.com/api/auth`);
    expect(await strict.getCookieString('http://api.example.com/api/auth/refresh')).toBe('');
    expect(await strict.getCookieString('https://api.example.com/api/auth/refresh')).toMatch(
      /refresh_token=/,
    );

    expect((await browser.call('/api/auth/refresh', { method: 'POST' })).status).toBe(200); // 3
    const limited = await browser.call('/api/auth/refresh', { method: 'POST' });
    expect(limited.status).toBe(429);
    const logout = await browser.call('/api/auth/logout', { method: 'POST' });
    expect(logout.status).toBe(204);
    expect(logout.set.map((cookie) => [cookie.key, cookie.secure, cookie.maxAge])).toEqual([
      ['access_token', true, 0],
      ['refresh_token', true, 0],
      ['csrf_token', true, 0],
    ]);
  });
});
