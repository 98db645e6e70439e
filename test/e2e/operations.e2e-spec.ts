import { createTestApp, TestApp } from '../support/test-app';
import { logInAdmin, signUp } from '../support/users';

describe('operations routes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('GET /api/health reports database and Redis up', async () => {
    const response = await t.http.get('/api/health').expect(200);
    expect(response.body).toEqual({
      status: 'ok',
      checks: {
        database: expect.objectContaining({ status: 'up' }),
        redis: expect.objectContaining({ status: 'up' }),
      },
    });
  });

  it('GET /api/status answers without a token', async () => {
    const response = await t.http.get('/api/status').expect(200);
    expect(response.body).toEqual({
      status: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      uptime: expect.any(Number),
    });
  });

  it('GET /api/stats is for admins only', async () => {
    await t.http.get('/api/stats').expect(401);
    const user = await signUp(t);
    await t.http.get('/api/stats').set(user.auth).expect(403);
    const admin = await logInAdmin(t);
    const response = await t.http.get('/api/stats').set(admin.auth).expect(200);
    expect(response.body.users).toBeGreaterThanOrEqual(2);
  });
});
