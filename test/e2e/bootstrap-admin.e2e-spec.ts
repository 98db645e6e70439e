import { ApiProcess } from '../support/processes';
import { createTestApp, TestApp } from '../support/test-app';
import { signUp } from '../support/users';

/**
 * The bootstrap admin of ADMIN_EMAIL/ADMIN_PASSWORD, when an account of that email already exists:
 * anyone could have signed up with it before the operator chose it, so it is promoted only when
 * ADMIN_PASSWORD is its password. Each case starts an API process on the test app's database.
 */
describe('bootstrap admin over an existing account', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** An API process started with this bootstrap admin; stopped once `check` has run. */
  async function startWithAdmin(email: string, password: string, check: (api: ApiProcess) => Promise<void>) {
    const api = await ApiProcess.start({ ADMIN_EMAIL: email, ADMIN_PASSWORD: password, LOG_LEVEL: 'info' });
    try {
      await check(api);
    } finally {
      await api.stop();
    }
  }

  const login = (email: string, password: string) => t.http.post('/api/auth/login').send({ email, password });

  it('an account with another password is not promoted, keeps its password, and the conflict is logged', async () => {
    const squatter = await signUp(t, { email: 'boss@example.com', password: 'squatters-own-password' });
    await startWithAdmin('boss@example.com', 'operators-password-1', async (api) => {
      const logged = api.output
        .split('\n')
        .filter((line) => line.includes('"level":50') && line.includes('ADMIN_EMAIL boss@example.com'));
      expect(logged).toHaveLength(1);
      expect(logged[0]).toContain(`existing account (user ${squatter.id})`);
      expect(logged[0]).toContain('change its password to ADMIN_PASSWORD');
      expect(logged[0]).toContain('choose another ADMIN_EMAIL');
    });
    const own = await login('boss@example.com', 'squatters-own-password').expect(200);
    expect(own.body.user.role).toBe('user');
    const me = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${own.body.accessToken}`);
    expect(me.body.role).toBe('user');
    await t.http.get('/api/users').set(squatter.auth).expect(403);
    await login('boss@example.com', 'operators-password-1').expect(401);
  });

  it('an account whose password is ADMIN_PASSWORD is promoted', async () => {
    const operator = await signUp(t, { email: 'chief@example.com', password: 'operators-password-2' });
    await t.http.get('/api/users').set(operator.auth).expect(403);
    await startWithAdmin('chief@example.com', 'operators-password-2', async (api) => {
      expect(api.output).toContain('Made the existing account chief@example.com the bootstrap admin');
      expect(api.output).not.toContain('"level":50');
    });
    const signedIn = await login('chief@example.com', 'operators-password-2').expect(200);
    expect(signedIn.body.user.role).toBe('admin');
    await t.http.get('/api/users').set('Authorization', `Bearer ${signedIn.body.accessToken}`).expect(200);
  });
});
