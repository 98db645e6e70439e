import { ApiProcess } from '../support/api-process';
import { createTestApp, TestApp } from '../support/test-app';

describe('auth rate limit (AUTH_RATE_LIMIT=3)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Every request comes from 127.0.0.1; createTestApp empties this worker's Redis database, so
    // no counter of an earlier test file eats into the budget.
    t = await createTestApp({ AUTH_RATE_LIMIT: '3' });
  });
  afterAll(() => t.close());

  it('signup, login and refresh share one budget; the 4th request is 429', async () => {
    const credentials = {
      username: 'limited_user',
      email: 'limited@example.com',
      password: 'correct-horse-battery',
    };
    const signup = await t.http.post('/api/auth/signup').send(credentials).expect(201);
    await t.http
      .post('/api/auth/login')
      .send({ email: credentials.email, password: credentials.password })
      .expect(200);
    await t.http.post('/api/auth/refresh').send({ refreshToken: signup.body.refreshToken }).expect(200);

    const blocked = await t.http
      .post('/api/auth/login')
      .send({ email: credentials.email, password: credentials.password });
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.any(String),
    });

    for (const path of ['/api/auth/signup', '/api/auth/register', '/api/auth/refresh']) {
      const response = await t.http.post(path).send({});
      expect({ path, status: response.status }).toEqual({ path, status: 429 });
    }
  });

  it('routes other than signup, login and refresh are not limited', async () => {
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
    let proxied: ApiProcess;

    beforeAll(async () => {
      proxied = await ApiProcess.start({ TRUST_PROXY: 'loopback' });
    });
    afterAll(() => proxied?.stop());

    const signUpFrom = (address: string, tag: string) =>
      fetch(`${proxied.url}/api/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({
          username: `proxied_${tag}`,
          email: `proxied_${tag}@example.com`,
          password: 'correct-horse-battery',
        }),
      });

    it('each client address has its own budget, and its sessions show that address', async () => {
      const first = await signUpFrom('203.0.113.10', 'a1');
      expect(first.status).toBe(201);
      for (const tag of ['a2', 'a3']) expect((await signUpFrom('203.0.113.10', tag)).status).toBe(201);
      expect((await signUpFrom('203.0.113.10', 'a4')).status).toBe(429);
      // Another client behind the same proxy is not held back by the first one.
      expect((await signUpFrom('203.0.113.11', 'b1')).status).toBe(201);

      const { accessToken } = (await first.json()) as { accessToken: string };
      const sessions = await fetch(`${proxied.url}/api/auth/sessions`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      const { data } = (await sessions.json()) as { data: { ip: string }[] };
      expect(data.map(({ ip }) => ip)).toEqual(['203.0.113.10']);
    });
  });
});
