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
});
