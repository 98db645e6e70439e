import { MAX_AUTHORIZATION_LENGTH } from '../../src/auth/bearer-token';
import { expectError } from '../support/expect-error';
import { createTestApp, TestApp } from '../support/test-app';
import { signUp } from '../support/users';

/**
 * The Authorization header is read in linear time, and a value longer than a token can be is
 * refused before it is parsed: long values without a space, quadratic for a backtracking parser,
 * can no longer stall the server for everyone.
 */
describe('the Authorization header', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const me = (authorization: string) => t.http.get('/api/auth/me').set('Authorization', authorization);

  it('a bearer token is read with the scheme in any letter case', async () => {
    const user = await signUp(t);
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      const response = await me(`${scheme} ${user.accessToken}`);
      expect({ scheme, status: response.status }).toEqual({ scheme, status: 200 });
    }
  });

  it('a value over the limit is 401 saying so; one at the limit is read as a token', async () => {
    const oversized = await me(`Bearer ${'a'.repeat(MAX_AUTHORIZATION_LENGTH)}`);
    expectError(oversized, 401);
    expect(oversized.body.message).toBe(
      `Authorization header too long (at most ${MAX_AUTHORIZATION_LENGTH} characters)`,
    );
    const atLimit = await me(`Bearer ${'a'.repeat(MAX_AUTHORIZATION_LENGTH - 'Bearer '.length)}`);
    expectError(atLimit, 401);
    expect(atLimit.body.message).toBe('Invalid access token');
  });

  it('a burst of 16,000-character values is refused while GET /api/status answers within 2 s', async () => {
    const attack = 'a'.repeat(16_000);
    const timedStatus = async () => {
      const started = Date.now();
      const response = await t.http.get('/api/status');
      return { status: response.status, ms: Date.now() - started };
    };
    const attacks: Promise<number>[] = [];
    const statuses: Promise<{ status: number; ms: number }>[] = [];
    // Interleaved, so each status request queues behind attacks sent before it.
    for (let i = 1; i <= 32; i++) {
      attacks.push(me(attack).then((response) => response.status));
      if (i % 4 === 0) statuses.push(timedStatus());
    }
    expect(new Set(await Promise.all(attacks))).toEqual(new Set([401]));
    for (const { status, ms } of await Promise.all(statuses)) {
      expect(status).toBe(200);
      expect(ms).toBeLessThan(2_000);
    }
  });
});
