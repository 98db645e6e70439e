import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiProcess } from '../support/processes';
import { createTestApp, TestApp } from '../support/test-app';
import { signUp } from '../support/users';
import { waitFor } from '../support/wait';

interface Line {
  level: number;
  req?: Record<string, unknown>;
  res?: Record<string, unknown>;
  responseTime?: number;
  userId?: number;
  msg: string;
}

/** The request lines of `text` (JSON lines), by request id. */
function requestLines(text: string): Map<string, Line> {
  const lines = text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Line)
    .filter((line) => line.req !== undefined && line.responseTime !== undefined);
  return new Map(lines.map((line) => [line.req!.id as string, line]));
}

/** The request line of each id in `<dir>/api.log`, once all of them are written (asynchronously). */
const loggedRequests = (dir: string, ids: string[]) =>
  waitFor(`api.log to have the requests ${ids.join(', ')}`, () => {
    const file = join(dir, 'api.log');
    const lines = requestLines(existsSync(file) ? readFileSync(file, 'utf8') : '');
    return ids.every((id) => lines.has(id)) && lines;
  });

describe('the request log', () => {
  let t: TestApp;
  let api: ApiProcess | undefined;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: 'info' });
    dir = mkdtempSync(join(tmpdir(), 'request-log-'));
  });
  afterAll(async () => {
    await api?.stop();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a line a request: id, method, URL, client address, status, response time and caller, no header', async () => {
    const user = await signUp(t);
    await t.http
      .get('/api/auth/me?page=2')
      .set(user.auth)
      .set('Cookie', 'refresh_token=cookie-secret')
      .set('X-Request-Id', 'log-signed-in')
      .expect(200);
    await t.http.get('/api/auth/me').set('X-Request-Id', 'log-anonymous').expect(401);

    const lines = await loggedRequests(join(t.dir, 'logs'), ['log-signed-in', 'log-anonymous']);
    expect(lines.get('log-signed-in')).toEqual({
      level: 30,
      time: expect.any(Number),
      pid: expect.any(Number),
      hostname: expect.any(String),
      req: {
        id: 'log-signed-in',
        method: 'GET',
        url: '/api/auth/me?page=2',
        remoteAddress: expect.stringMatching(/127\.0\.0\.1|::1/),
      },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
      userId: user.id,
      msg: 'request completed',
    });
    expect(lines.get('log-anonymous')).toEqual(
      expect.objectContaining({ level: 40, res: { statusCode: 401 } }),
    );
    expect(lines.get('log-anonymous')).not.toHaveProperty('userId');
    const text = readFileSync(join(t.dir, 'logs', 'api.log'), 'utf8');
    for (const secret of [user.accessToken, 'cookie-secret']) expect(text).not.toContain(secret);
  });

  it('an API process stopped by SIGTERM has logged every request it answered, on stdout and in api.log', async () => {
    api = await ApiProcess.start({ LOG_LEVEL: 'info', LOG_DIR: dir });
    const ids = Array.from({ length: 200 }, (_, i) => `before-sigterm-${i}`);
    await Promise.all(
      ids.map((id) =>
        fetch(`${api!.url}/api/status`, { headers: { 'X-Request-Id': id } }).then((r) => r.text()),
      ),
    );
    expect(await api.stop('SIGTERM')).toMatchObject({ code: 0, killed: false });

    const missing = (lines: Map<string, Line>) => ids.filter((id) => !lines.has(id));
    expect(missing(requestLines(api.output))).toEqual([]);
    expect(missing(requestLines(readFileSync(join(dir, 'api.log'), 'utf8')))).toEqual([]);
  });
});
