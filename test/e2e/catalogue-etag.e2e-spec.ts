import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { redisServerInstalled, startRedisServer } from '../../src/redis/local-redis-server';
import { CarApiServer } from '../support/car-api/car-api-server';
import { freePort } from '../support/global-setup';
import { ApiProcess, WorkerProcess } from '../support/processes';
import { waitForJob } from '../support/sync';
import { createTestApp, TestApp } from '../support/test-app';
import { logInAdmin, signUp, SignedUpUser } from '../support/users';
import { waitFor } from '../support/wait';

jest.setTimeout(90_000);

/** The catalogue's ETag: its version, weak. Express's own (a hash of the body) has another shape. */
const VERSION_TAG = /^W\/"[0-9a-f]{16}"$/;
const CACHE_CONTROL = 'private, no-cache';

/** A make no other test uses, so a list shows the cars of one test only. */
const uniqueMake = () => `Et${randomBytes(4).toString('hex')}`;

interface Answer {
  status: number;
  etag: string | undefined;
  body: { [key: string]: unknown; data?: Record<string, unknown>[]; meta?: { total: number } };
}

/** One request to an API process over HTTP, as a client would send it. */
async function call(
  baseUrl: string,
  user: SignedUpUser,
  method: string,
  path: string,
  { body, ifNoneMatch }: { body?: object; ifNoneMatch?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...user.auth };
  if (body) headers['content-type'] = 'application/json';
  if (ifNoneMatch) headers['if-none-match'] = ifNoneMatch;
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: body && JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    etag: response.headers.get('etag') ?? undefined,
    body: text ? JSON.parse(text) : {},
  };
}

describe('conditional reads of the catalogue', () => {
  let t: TestApp;
  let source: CarApiServer;
  let owner: SignedUpUser;
  let other: SignedUpUser;
  let admin: SignedUpUser;
  let worker: WorkerProcess | undefined;
  const env = {
    CAR_API_ID: 'test-app',
    CAR_API_KEY: 'test-key',
    SYNC_PAGE_SIZE: '250',
    SYNC_INTERVAL_MS: '3600000',
    CAR_API_RETRIES: '2',
    CAR_API_RETRY_BASE_MS: '50',
  };

  beforeAll(async () => {
    source = await CarApiServer.start({ count: 600, appId: env.CAR_API_ID, apiKey: env.CAR_API_KEY });
    t = await createTestApp({ ...env, CAR_API_URL: source.url });
    [owner, other, admin] = await Promise.all([signUp(t), signUp(t), logInAdmin(t)]);
  });

  afterAll(async () => {
    await worker?.stop();
    await t?.close();
    await source?.close();
  });

  const get = (path: string, ifNoneMatch?: string, as: SignedUpUser = owner) => {
    const request = t.http.get(path).set(as.auth);
    return ifNoneMatch === undefined ? request : request.set('If-None-Match', ifNoneMatch);
  };
  const addCar = async (make: string, model: string, as: SignedUpUser = owner) =>
    (await t.http.post('/api/cars').set(as.auth).send({ make, model, year: 2021 }).expect(201)).body as {
      id: number;
    };

  /** Asked with the ETag from before a write: a full answer with a new ETag. */
  async function changedSince(path: string, etag: string) {
    const response = await get(path, etag).expect(200);
    expect(response.headers.etag).toMatch(VERSION_TAG);
    expect(response.headers.etag).not.toBe(etag);
    return response;
  }

  it('answers the version as a weak ETag, and 304 without a body to an If-None-Match naming it', async () => {
    const make = uniqueMake();
    const car = await addCar(make, 'Tagged');
    for (const path of [`/api/cars?make=${make}`, `/api/cars/${car.id}`]) {
      const first = await get(path).expect(200);
      const etag = first.headers.etag;
      expect(etag).toMatch(VERSION_TAG);
      expect(first.headers['cache-control']).toBe(CACHE_CONTROL);

      // As sent, in its strong form (compared weakly), in a list, and `*` (the car exists).
      for (const header of [etag, etag.slice(2), `"elsewhere", ${etag}`, '*']) {
        const again = await get(path, header);
        expect({ header, status: again.status, body: again.text ?? '' }).toEqual({
          header,
          status: 304,
          body: '',
        });
        expect(again.headers).toMatchObject({ etag, 'cache-control': CACHE_CONTROL });
        expect(again.headers['content-type']).toBeUndefined();
      }

      const otherTag = await get(path, 'W/"0123456789abcdef", "x"').expect(200);
      expect(otherTag.body).toEqual(first.body);
      expect(otherTag.headers.etag).toBe(etag);
    }
  });

  it('every write moves it, after its commit: an ETag from before answers 200 with what the write did', async () => {
    const make = uniqueMake();
    const car = await addCar(make, 'First');
    const list = `/api/cars?make=${make}`;
    const path = `/api/cars/${car.id}`;
    let etag = (await get(path).expect(200)).headers.etag;

    await addCar(make, 'Second');
    let response = await changedSince(list, etag);
    expect(response.body.meta.total).toBe(2);
    etag = response.headers.etag;

    await t.http.patch(path).set(owner.auth).send({ category: 'Coupe' }).expect(200);
    response = await changedSince(path, etag);
    expect(response.body).toMatchObject({ model: 'First', category: 'Coupe' });
    etag = response.headers.etag;

    await t.http.put(path).set(owner.auth).send({ make, model: 'Replaced', year: 2022 }).expect(200);
    response = await changedSince(path, etag);
    expect(response.body).toMatchObject({ model: 'Replaced', year: 2022, category: null });
    etag = response.headers.etag;

    // A refused write commits nothing and moves nothing.
    await t.http.patch(path).set(other.auth).send({ category: 'Van' }).expect(403);
    await get(path, etag).expect(304);

    await t.http.delete(path).set(owner.auth).expect(204);
    const gone = await get(path, etag).expect(404);
    expect(gone.headers.etag ?? '').not.toMatch(VERSION_TAG);
    response = await changedSince(list, etag);
    expect(response.body.meta.total).toBe(1);
  });

  it('a 404 carries no version, and `*` for a car that does not exist is 404', async () => {
    const { etag } = (await get('/api/cars?limit=1').expect(200)).headers;
    for (const header of [undefined, '*']) {
      const missing = await get('/api/cars/999999', header).expect(404);
      expect(missing.headers.etag ?? '').not.toMatch(VERSION_TAG);
      expect(missing.headers.etag).not.toBe(etag);
    }
  });

  it('bad input is 400 even with an If-None-Match naming the current version', async () => {
    const { etag } = (await get('/api/cars?limit=1').expect(200)).headers;
    for (const path of [
      '/api/cars?limit=1000',
      '/api/cars?year=abc',
      '/api/cars?sort=price',
      '/api/cars/abc',
      '/api/cars/0',
    ]) {
      const response = await get(path, etag);
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
    }
  });

  it('the OpenAPI document shows If-None-Match, the ETag and Cache-Control headers and the 304', async () => {
    const { paths } = (await t.http.get('/api/docs-json').expect(200)).body;
    for (const route of ['/api/cars', '/api/cars/{id}']) {
      const operation = paths[route].get;
      expect(operation.parameters).toContainEqual(
        expect.objectContaining({ name: 'If-None-Match', in: 'header', required: false }),
      );
      for (const status of ['200', '304']) {
        expect(Object.keys(operation.responses[status].headers)).toEqual([
          'ETag',
          'Cache-Control',
          'Access-Control-Allow-Origin',
        ]);
      }
      expect(operation.responses['200'].content['application/json'].schema).toBeDefined();
      expect(operation.responses['304'].content).toBeUndefined();
    }
  });

  it('across two API processes: a change made through one is what the other answers to the next conditional read', async () => {
    const [a, b] = await Promise.all([ApiProcess.start(), ApiProcess.start()]);
    try {
      const make = uniqueMake();
      const list = `/api/cars?make=${make}&sort=model`;
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) {
        const created = await call(a.url, owner, 'POST', '/api/cars', {
          body: { make, model: `M${i}`, year: 2020 },
        });
        expect(created.status).toBe(201);
        ids.push(created.body.id as number);
      }

      const writes = ids.flatMap((id, i) => [
        { id, method: 'PATCH', body: { category: `Class ${i}` }, expected: { category: `Class ${i}` } },
        {
          id,
          method: 'PUT',
          body: { make, model: `N${i}`, year: 2020 },
          expected: { model: `N${i}`, category: null },
        },
      ]);
      for (const { id, method, body, expected } of writes) {
        const path = `/api/cars/${id}`;
        const before = await call(b.url, owner, 'GET', path);
        expect(before.etag).toMatch(VERSION_TAG);
        // A copy held by the client, confirmed current at B.
        expect((await call(b.url, owner, 'GET', path, { ifNoneMatch: before.etag })).status).toBe(304);

        expect((await call(a.url, owner, method, path, { body })).status).toBe(200);

        const after = await call(b.url, owner, 'GET', path, { ifNoneMatch: before.etag });
        expect({ method, status: after.status, body: after.body }).toMatchObject({
          method,
          status: 200,
          body: expected,
        });
        expect(after.etag).toMatch(VERSION_TAG);
        expect(after.etag).not.toBe(before.etag);
        const listed = await call(b.url, owner, 'GET', list, { ifNoneMatch: before.etag });
        expect(listed.status).toBe(200);
        expect(listed.body.data).toContainEqual(expect.objectContaining({ id, ...expected }));
      }

      const [listBefore, carBefore] = await Promise.all(
        [list, `/api/cars/${ids[0]}`].map((path) => call(b.url, owner, 'GET', path)),
      );
      expect((await call(a.url, owner, 'DELETE', `/api/cars/${ids[0]}`)).status).toBe(204);
      const listAfter = await call(b.url, owner, 'GET', list, { ifNoneMatch: listBefore.etag });
      expect(listAfter.status).toBe(200);
      expect(listAfter.body.data!.map((car) => car.model)).toEqual(['N1', 'N2']);
      const carAfter = await call(b.url, owner, 'GET', `/api/cars/${ids[0]}`, {
        ifNoneMatch: carBefore.etag,
      });
      expect(carAfter).toMatchObject({ status: 404, etag: expect.not.stringMatching(VERSION_TAG) });
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('the sync moves it at each committed page that wrote cars, and only then', async () => {
    const synced = '/api/cars?source=sync&limit=1';
    const before = (await get(synced).expect(200)).headers.etag;
    worker = await WorkerProcess.start({ ...env, CAR_API_URL: source.url });
    // The sync the worker runs at start: the ETag from before answers with every car it brought.
    await waitFor(
      'the start-up sync to complete',
      async () =>
        (await get('/api/sync/runs', undefined, admin).expect(200)).body.data[0]?.status === 'completed',
      { timeoutMs: 30_000 },
    );
    const imported = await changedSince(synced, before);
    expect(imported.body.meta.total).toBe(source.size);

    // 500 new models for the next run, which reads them in pages of 250: the second page is slow to
    // come, so that the API is asked between the commits of the first page and the second.
    const make = uniqueMake();
    const newest = Date.parse(source.all().at(-1)!.updatedAt);
    for (let i = 0; i < 500; i++) {
      source.upsert({ Make: make, Model: `S${i}`, Year: 2020 }, new Date(newest + 1000 + i));
    }
    source.failNext({ type: 'latency', ms: 0 });
    source.failNext({ type: 'latency', ms: 4_000 });
    const fresh = `/api/cars?make=${make}&limit=1`;
    const empty = (await get(fresh).expect(200)).headers.etag;
    const { jobId } = (await t.http.post('/api/cars/sync-cars').set(admin.auth).expect(202)).body;

    const firstPage = await waitFor(
      'the version to move with the first page',
      async () => {
        const response = await get(fresh, empty);
        return response.status === 200 ? response : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 20 },
    );
    expect(firstPage.body.meta.total).toBeGreaterThan(0);
    expect(firstPage.body.meta.total).toBeLessThan(500);
    expect((await get(`/api/cars/sync-cars/${jobId}`, undefined, admin).expect(200)).body.status).toBe(
      'running',
    );

    const job = await waitForJob(t, admin, jobId);
    expect(job.result).toMatchObject({ inserted: 500, failed: 0 });
    const complete = await changedSince(fresh, firstPage.headers.etag);
    expect(complete.body.meta.total).toBe(500);

    // A run that finds nothing new writes no car, and every copy stays current.
    const unchanged = (await t.http.post('/api/cars/sync-cars').set(admin.auth).expect(202)).body.jobId;
    expect((await waitForJob(t, admin, unchanged)).result).toMatchObject({
      inserted: 0,
      updated: 0,
      removed: 0,
    });
    await get(fresh, complete.headers.etag).expect(304);
  });

  // Last: it closes the app's data source.
  it('a 304 needs no database: with the data source closed it still answers, while a plain read fails', async () => {
    const path = '/api/cars?limit=5';
    // Also leaves the caller's session in the guard's cache, which spares the guard its lookup.
    const { etag } = (await get(path).expect(200)).headers;
    await t.app.get(DataSource).destroy();

    const conditional = await get(path, etag);
    expect(conditional.status).toBe(304);
    expect(conditional.headers.etag).toBe(etag);
    const plain = await get(path);
    expect(plain.status).toBeGreaterThanOrEqual(500);
  });
});

// This part stops and restarts a Redis of its own, so it needs the redis-server binary.
(redisServerInstalled() ? describe : describe.skip)('conditional reads while Redis is unreachable', () => {
  let port: number;
  let redis: ChildProcess;
  let t: TestApp;
  let owner: SignedUpUser;
  let admin: SignedUpUser;

  const stopRedis = () =>
    new Promise<void>((resolve) => {
      redis.once('exit', () => resolve());
      redis.kill('SIGKILL');
    });

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedisServer(port);
    t = await createTestApp({ REDIS_URL: `redis://127.0.0.1:${port}` });
    [owner, admin] = await Promise.all([signUp(t), logInAdmin(t)]);
  });

  afterAll(async () => {
    await t?.close();
    if (redis?.exitCode === null) redis.kill('SIGKILL');
  });

  it('the database answers, without an ETag and never 304; writes go on; the version is back with Redis', async () => {
    const { body: car } = await t.http
      .post('/api/cars')
      .set(owner.auth)
      .send({ make: uniqueMake(), model: 'Offline', year: 2020 })
      .expect(201);
    const path = `/api/cars/${car.id}`;
    const { etag } = (await t.http.get(path).set(owner.auth).expect(200)).headers;
    expect(etag).toMatch(VERSION_TAG);

    await stopRedis();
    for (const header of [undefined, etag, '*']) {
      const request = t.http.get(path).set(owner.auth);
      const response = await (header ? request.set('If-None-Match', header) : request).expect(200);
      expect(response.headers.etag).toBeUndefined();
      expect(response.body).toMatchObject({ id: car.id, model: 'Offline' });
    }
    await t.http.patch(path).set(owner.auth).send({ model: 'Offline II' }).expect(200);
    expect((await t.http.get(path).set(owner.auth).expect(200)).headers.etag).toBeUndefined();

    redis = await startRedisServer(port);
    const back = await waitFor(
      'the ETag to come back',
      async () => {
        const response = await t.http.get(path).set(owner.auth).set('If-None-Match', etag).expect(200);
        return response.headers.etag ? response : undefined;
      },
      { intervalMs: 100 },
    );
    expect(back.headers.etag).toMatch(VERSION_TAG);
    expect(back.headers.etag).not.toBe(etag);
    expect(back.body).toMatchObject({ model: 'Offline II' });
    // So do the queues: closing the app before they have would leave their clients reconnecting.
    await waitFor(
      'the queues to answer',
      async () => (await t.http.get('/api/admin/queues/api/queues').set(admin.auth)).status === 200,
    );
  });
});
