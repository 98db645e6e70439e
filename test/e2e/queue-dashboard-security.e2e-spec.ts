import { Queue } from 'bullmq';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bullConnection } from '../../src/queue/queue-root.module';
import { QueueName } from '../../src/queue/queues';
import { expectError } from '../support/expect-error';
import { createTestApp, TestApp } from '../support/test-app';
import { logInAdmin, SignedUpUser } from '../support/users';
import { waitFor } from '../support/wait';

/** The name this API is reached at in these requests (their Host header), so its own origin. */
const HOST = 'cars-api.example.com';
const OWN_ORIGIN = `http://${HOST}`;
const FRONT_END = 'https://cars.example.com';
const DASHBOARD = '/api/admin/queues';
const ADD_SYNC_JOB = `${DASHBOARD}/api/queues/${QueueName.CarSync}/add`;

/**
 * The queue dashboard's sign-in token in the logs, and its actions sent by a browser from other
 * sites. The app logs at info (the request lines are what is checked), sets `Secure` cookies
 * and trusts one front end.
 */
describe('the queue dashboard: tokens in the logs, actions from other sites', () => {
  let t: TestApp;
  let admin: SignedUpUser;
  let queue: Queue;

  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: 'info', COOKIE_SECURE: 'true', CORS_ORIGINS: FRONT_END });
    admin = await logInAdmin(t);
    queue = new Queue(QueueName.CarSync, { connection: bullConnection(process.env.REDIS_URL!) });
  });
  afterAll(async () => {
    await queue.close();
    await t.close();
  });

  /** The lines of api.log, once every given request id is in it (the file is written asynchronously). */
  async function logLinesOf(requestIds: string[]): Promise<string> {
    const file = join(t.dir, 'logs', 'api.log');
    return waitFor(
      `api.log to have the requests ${requestIds.join(', ')}`,
      () => {
        const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
        return requestIds.every((id) => text.includes(`"id":"${id}"`)) && text;
      },
      { intervalMs: 50 },
    );
  }

  /** A dashboard cookie, from the `?token=` sign-in. */
  async function dashboardCookie(): Promise<string> {
    const signIn = await t.http.get(`${DASHBOARD}?token=${admin.accessToken}`).expect(303);
    return (signIn.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
  }

  /** Names of the car-sync jobs in every state. */
  async function syncJobNames(): Promise<string[]> {
    return (await queue.getJobs()).map((job) => job.name);
  }

  describe('the request log', () => {
    it('holds no token, however its parameter is spelled, on the dashboard and on another route', async () => {
      const jwt = admin.accessToken;
      // Texts that are not JWTs must go too: a parameter is redacted by its name, whatever its value.
      const secrets = ['plain-secret-1', 'plain-secret-2', 'plain-secret-3', 'plain-secret-4'];
      const queries = [
        `token=${jwt}`,
        `%74oken=${jwt}`,
        `TOKEN=${jwt}`,
        `%54%4f%4B%45%4e=${jwt}`,
        `token=${jwt}&token=${jwt}`,
        `page=1&%74oken=${jwt}&token=${jwt}&TOKEN=${jwt}`,
        `token[]=${jwt}`,
        `token=${secrets[0]}`,
        `%74oken=${secrets[1]}`,
        `TOKEN=${secrets[2]}`,
        `page=2&token=${secrets[3]}&token=${secrets[3]}`,
      ];
      const requestIds: string[] = [];
      for (const path of [DASHBOARD, `${DASHBOARD}/api/queues`, '/api/status', '/api/cars']) {
        for (const query of queries) {
          const id = `token-log-${requestIds.length}`;
          requestIds.push(id);
          await t.http.get(`${path}?${query}`).set('X-Request-Id', id);
        }
      }

      const log = await logLinesOf(requestIds);
      for (const secret of [jwt, ...jwt.split('.'), ...secrets]) expect(log).not.toContain(secret);
      const requestLines = log
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { req?: { id: string; url: string; query?: object } })
        .filter((line) => line.req && requestIds.includes(line.req.id));
      expect(new Set(requestLines.map((line) => line.req!.id))).toEqual(new Set(requestIds));
      for (const { req } of requestLines) {
        expect(req!.url).toContain('=[Redacted]');
        expect(Object.values(req!.query ?? {})).not.toContainEqual(expect.stringMatching(/secret|eyJ/));
      }
    });
  });

  describe('sign-in with ?token=', () => {
    it('takes only the exact parameter name token, given once', async () => {
      const jwt = admin.accessToken;
      expectError(await t.http.get(`${DASHBOARD}?%74oken=${jwt}`), 401);
      expectError(await t.http.get(`${DASHBOARD}?TOKEN=${jwt}`), 401);
      expectError(await t.http.get(`${DASHBOARD}?token[]=${jwt}`), 401);
      expectError(await t.http.get(`${DASHBOARD}?token=${jwt}&token=${jwt}`), 400);
      const signIn = await t.http.get(`${DASHBOARD}?page=1&token=${jwt}&%74oken=${jwt}`).expect(303);
      // The address it reloads keeps no spelling of the token.
      expect(signIn.headers.location).toBe(`${DASHBOARD}?page=1`);
    });

    it('sets a Secure cookie with COOKIE_SECURE=true', async () => {
      const signIn = await t.http.get(`${DASHBOARD}?token=${admin.accessToken}`).expect(303);
      const [cookie] = signIn.headers['set-cookie'] as unknown as string[];
      expect(cookie).toMatch(/^queues_token=[^;]+;.*; HttpOnly; Secure; SameSite=Strict$/);
    });
  });

  describe('actions (POST, PUT, PATCH, DELETE) with the cookie', () => {
    it('from another site are 403 and start nothing: a foreign Origin, Sec-Fetch-Site cross-site, neither', async () => {
      const cookie = await dashboardCookie();
      const job = { name: 'cross-site', data: {} };
      const refused = [
        t.http.post(ADD_SYNC_JOB).set({ Cookie: cookie, Origin: 'https://evil.example' }).send(job),
        t.http.post(ADD_SYNC_JOB).set({ Cookie: cookie, Origin: 'null' }).send(job),
        t.http
          .post(ADD_SYNC_JOB)
          .set({ Cookie: cookie, Origin: `https://${HOST}`, Host: HOST })
          .send(job),
        t.http.post(ADD_SYNC_JOB).set({ Cookie: cookie, 'Sec-Fetch-Site': 'cross-site' }).send(job),
        t.http.post(ADD_SYNC_JOB).set({ Cookie: cookie, 'Sec-Fetch-Site': 'same-site' }).send(job),
        t.http.post(ADD_SYNC_JOB).set({ Cookie: cookie }).send(job),
        t.http
          .put(`${DASHBOARD}/api/queues/${QueueName.CarSync}/pause`)
          .set({ Cookie: cookie, Origin: 'https://evil.example' }),
      ];
      for (const response of await Promise.all(refused)) expectError(response, 403);
      expect(await syncJobNames()).not.toContain('cross-site');
      expect(await queue.isPaused()).toBe(false);
    });

    it('from its own pages or the front end of CORS_ORIGINS work, and so does a bearer header', async () => {
      const cookie = await dashboardCookie();
      const add = (name: string, headers: Record<string, string>) =>
        t.http.post(ADD_SYNC_JOB).set(headers).send({ name, data: {} }).expect(200);
      await add('own-origin', { Cookie: cookie, Origin: OWN_ORIGIN, Host: HOST });
      await add('front-end', { Cookie: cookie, Origin: FRONT_END });
      await add('same-origin', { Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' });
      await add('typed-address', { Cookie: cookie, 'Sec-Fetch-Site': 'none' });
      await add('api-client', admin.auth);
      expect(await syncJobNames()).toEqual(
        expect.arrayContaining(['own-origin', 'front-end', 'same-origin', 'typed-address', 'api-client']),
      );
      // Reading needs no Origin.
      await t.http.get(`${DASHBOARD}/api/queues`).set('Cookie', cookie).expect(200);
    });
  });
});
