import { createTestApp, TestApp } from '../support/test-app';

describe('auth rate limit (AUTH_RATE_LIMIT=3)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Every request comes from 127.0.0.1; createTestApp empties this worker's Redis database, so
    // no counter of an earlier test file eats into the budget.
    t = await createTestApp({ AUTH_RATE_LIMIT: '3' });
  });
  afterAll(() => t.close());

  it('signup, login, refresh and change-password share one budget; the 4th request is 429', async () => {
    const credentials = {
      username: 'limited_user',
      email: 'limited@example.com',
      password: 'correct-horse-battery',
    };
    const signup = await t.http.post('/api/auth/signup').send(credentials).expect(201);
    const login = await t.http
      .post('/api/auth/login')
      .send({ email: credentials.email, password: credentials.password })
      .expect(200);
    // The standard header names, with what is left of the budget and when it comes back.
    expect(login.headers).toMatchObject({ 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '1' });
    expect(Number(login.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
    await t.http.post('/api/auth/refresh').send({ refreshToken: signup.body.refreshToken }).expect(200);

    const blocked = await t.http
      .post('/api/auth/login')
      .send({ email: credentials.email, password: credentials.password });
    expect(blocked.status).toBe(429);
    expect(blocked.headers).toMatchObject({ 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '0' });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(blocked.body).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.any(String),
    });

    for (const path of ['/api/auth/signup', '/api/auth/register', '/api/auth/refresh']) {
      const response = await t.http.post(path).send({});
      expect({ path, status: response.status }).toEqual({ path, status: 429 });
    }
    // Even with the right current password: guessing it is what the limit is for.
    const changePassword = await t.http
      .post('/api/auth/change-password')
      .set('Authorization', `Bearer ${signup.body.accessToken}`)
      .send({ currentPassword: credentials.password, newPassword: 'another-horse-battery' });
    expect(changePassword.status).toBe(429);
    await t.http.get('/api/auth/me').set('Authorization', `Bearer ${signup.body.accessToken}`).expect(200);
  });

  it('routes other than signup, login, refresh and change-password are not limited', async () => {
    for (let i = 0; i < 5; i++) await t.http.get('/api/status').expect(200);
    expect((await t.http.post('/api/auth/login').send({})).status).toBe(429);
  });

  it('an X-Forwarded-For header does not buy a new budget when no proxy is trusted (the default)', async () => {
    for (const address of ['203.0.113.7', '198.51.100.1, 203.0.113.8']) {
      const response = await t.http.post('/api/auth/login').set('X-Forwarded-For', address).send({});
      expect({ address, status: response.status }).toEqual({ address, status: 429 });
    }
  });

  describe('behind a trusted proxy (TRUST_PROXY=loopback)', () => {
    let proxied: TestApp;

    beforeAll(async () => {
      // A second app in this file, of another configuration.
      proxied = await createTestApp({ AUTH_RATE_LIMIT: '3', TRUST_PROXY: 'loopback' });
    });
    afterAll(() => proxied?.close());

    const signUpFrom = (address: string, tag: string) =>
      proxied.http
        .post('/api/auth/signup')
        .set('X-Forwarded-For', address)
        .send({
          username: `proxied_${tag}`,
          email: `proxied_${tag}@example.com`,
          password: 'correct-horse-battery',
        });

    it('each client address has its own budget, and its sessions show that address', async () => {
      const first = await signUpFrom('203.0.113.10', 'a1');
      expect(first.status).toBe(201);
      for (const tag of ['a2', 'a3']) expect((await signUpFrom('203.0.113.10', tag)).status).toBe(201);
      expect((await signUpFrom('203.0.113.10', 'a4')).status).toBe(429);
      // Another client behind the same proxy is not held back by the first one.
      expect((await signUpFrom('203.0.113.11', 'b1')).status).toBe(201);

      const { accessToken } = first.body as { accessToken: string };
      const sessions = await proxied.http
        .get('/api/auth/sessions')
        .set('Authorization', `Bearer ${accessToken}`);
      const { data } = sessions.body as { data: { ip: string }[] };
      expect(data.map(({ ip }) => ip)).toEqual(['203.0.113.10']);
    });

    it('an address of any length in X-Forwarded-For signs in, kept to the 64 characters a session holds', async () => {
      const forged = `2001:db8::${'f'.repeat(200)}`;
      const signup = await signUpFrom(forged, 'long1');
      expect(signup.status).toBe(201);
      const sessions = await proxied.http
        .get('/api/auth/sessions')
        .set('Authorization', `Bearer ${(signup.body as { accessToken: string }).accessToken}`)
        .expect(200);
      const { data } = sessions.body as { data: { ip: string }[] };
      expect(data.map(({ ip }) => ip)).toEqual([forged.slice(0, 64)]);
    });

    it('IPv6 clients count by their /64: its addresses share one budget, another /64 has its own', async () => {
      const oneSite = ['2001:db8:a:1::1', '2001:db8:a:1::2', '2001:0db8:000a:0001:ffff:ffff:ffff:fffe'];
      for (const [i, address] of oneSite.entries()) {
        const response = await signUpFrom(address, `v6a${i}`);
        expect({ address, status: response.status }).toEqual({ address, status: 201 });
      }
      expect((await signUpFrom('2001:db8:a:1:1234:5678:9abc:def0', 'v6a3')).status).toBe(429);
      expect((await signUpFrom('2001:db8:a:2::1', 'v6b0')).status).toBe(201);
    });

    it('the first app keeps its own configuration: there X-Forwarded-For still buys no budget', async () => {
      // The second app emptied this worker's Redis: the first one's budget starts again.
      const statuses: number[] = [];
      for (const address of ['203.0.113.30', '203.0.113.31', '203.0.113.32', '203.0.113.33'])
        statuses.push((await t.http.post('/api/auth/login').set('X-Forwarded-For', address).send({})).status);
      expect(statuses.at(-1)).toBe(429);
    });

    it('an IPv4-mapped IPv6 address counts as its IPv4 address', async () => {
      for (const [i, address] of ['203.0.113.20', '::ffff:203.0.113.20', '203.0.113.20'].entries()) {
        const response = await signUpFrom(address, `mapped${i}`);
        expect({ address, status: response.status }).toEqual({ address, status: 201 });
      }
      expect((await signUpFrom('::ffff:203.0.113.20', 'mapped3')).status).toBe(429);
    });
  });
});
