import { AddressInfo } from 'node:net';
import { SocketClients } from '../support/sockets';
import { createTestApp, TestApp } from '../support/test-app';
import { signUp } from '../support/users';

jest.setTimeout(60_000);

/** A socket lives no longer than the access token it connected with (2 s here). */
describe('a live socket whose access token expires', () => {
  let t: TestApp;
  let url: string;
  const sockets = new SocketClients();

  beforeAll(async () => {
    t = await createTestApp({ JWT_ACCESS_TTL: '2s' });
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    sockets.closeAll();
    await t?.close();
  });

  const expiryOf = (token: string) =>
    (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { exp: number }).exp * 1000;

  it('is disconnected at its expiry, after a session_ended event saying so', async () => {
    const user = await signUp(t);
    const socket = await sockets.connected(url, { token: user.accessToken });
    const ended = new Promise<{ payload: unknown; reason: string; at: number }>((resolve) => {
      let payload: unknown;
      socket.once('session_ended', (event) => (payload = event));
      socket.once('disconnect', (reason) => resolve({ payload, reason, at: Date.now() }));
    });

    const { payload, reason, at } = await ended;
    expect(payload).toEqual({ statusCode: 401, message: expect.stringMatching(/Access token expired/) });
    expect(reason).toBe('io server disconnect');
    // Not before the token's `exp` (a timer is never early by more than a tick), and well before
    // anything else would end it.
    const expiresAt = expiryOf(user.accessToken);
    expect(at).toBeGreaterThanOrEqual(expiresAt - 50);
    expect(at).toBeLessThan(expiresAt + 5_000);
  });
});
