import { CarApiServer, CarRecord } from '../support/car-api/car-api-server';
import {
  CATEGORIES,
  FIRST_TIMESTAMP,
  generateCars,
  LAST_TIMESTAMP,
  TIE_EVERY,
} from '../support/car-api/car-data';

/** The stand-in for the external car API, exercised through real HTTP as the sync will use it. */

jest.setTimeout(30_000);

const CLASS = 'Carmodels_Car_Model_List';
const APP_ID = 'test-app-id';
const API_KEY = 'test-rest-key';
const AUTH = { 'X-Parse-Application-Id': APP_ID, 'X-Parse-REST-API-Key': API_KEY };
const SYNC_ORDER = 'updatedAt,objectId';

type Params = Record<string, string | number | object>;

interface Page {
  results: CarRecord[];
  count?: number;
}

function classUrl(server: CarApiServer, params: Params = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    query.set(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return `${server.url}/classes/${CLASS}?${query}`;
}

function get(
  server: CarApiServer,
  params: Params = {},
  headers: Record<string, string> = AUTH,
): Promise<Response> {
  return fetch(classUrl(server, params), { headers });
}

async function getPage(server: CarApiServer, params: Params = {}): Promise<Page> {
  const response = await get(server, params);
  expect(response.status).toBe(200);
  return (await response.json()) as Page;
}

function updatedAfter(iso: string, operator: '$gt' | '$gte'): object {
  return { updatedAt: { [operator]: { __type: 'Date', iso } } };
}

/** The sync's order, computed independently of the server: updatedAt by time, then objectId. */
function inSyncOrder(a: CarRecord, b: CarRecord): boolean {
  const [x, y] = [Date.parse(a.updatedAt), Date.parse(b.updatedAt)];
  return x < y || (x === y && a.objectId < b.objectId);
}

function ids(records: CarRecord[]): string[] {
  return records.map((record) => record.objectId);
}

/** Index i of a record sharing its updatedAt with record i - 1, away from both ends. */
function tiedIndex(records: CarRecord[]): number {
  const index = records.findIndex((r, i) => i > 10 && records[i - 1].updatedAt === r.updatedAt);
  expect(index).toBeGreaterThan(0);
  return index;
}

async function elapsed<T>(action: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await action();
  return { value, ms: performance.now() - start };
}

describe('CarApiServer', () => {
  describe('reading', () => {
    let server: CarApiServer;

    beforeAll(async () => {
      server = await CarApiServer.start({ count: 2500, appId: APP_ID, apiKey: API_KEY });
    });
    afterAll(() => server.close());
    beforeEach(() => server.resetRequests());

    it('refuses a request without the right application id and key with 401', async () => {
      const attempts: Array<Record<string, string>> = [
        {},
        { 'X-Parse-Application-Id': APP_ID },
        { 'X-Parse-REST-API-Key': API_KEY },
        { 'X-Parse-Application-Id': APP_ID, 'X-Parse-REST-API-Key': 'wrong' },
        { 'X-Parse-Application-Id': 'wrong', 'X-Parse-REST-API-Key': API_KEY },
        { 'X-Parse-Application-Id': APP_ID, 'X-Parse-Master-Key': API_KEY },
      ];
      for (const headers of attempts) {
        const response = await get(server, {}, headers);
        expect(response.status).toBe(401);
        expect(await response.json()).toEqual({ error: 'unauthorized' });
      }
      expect(server.requests.map((r) => r.status)).toEqual(attempts.map(() => 401));
    });

    it('matches header names case-insensitively', async () => {
      const response = await get(
        server,
        {},
        { 'x-parse-application-id': APP_ID, 'X-PARSE-REST-API-KEY': API_KEY },
      );
      expect(response.status).toBe(200);
    });

    it('answers other paths with a Parse-style 404 and does not record them', async () => {
      for (const path of ['/', '/classes/Other', `/classes/${CLASS}/abc`, '/health']) {
        const response = await fetch(`${server.url}${path}`, { headers: AUTH });
        expect(response.status).toBe(404);
        expect(await response.json()).toEqual({ code: 119, error: expect.any(String) });
      }
      expect(server.requests).toEqual([]);
    });

    it('serves every record exactly once over limit/skip pages, in (updatedAt, objectId) order', async () => {
      const pages: CarRecord[][] = [];
      for (let skip = 0; ; skip += 100) {
        const { results } = await getPage(server, { limit: 100, skip, order: SYNC_ORDER });
        if (results.length === 0) break;
        pages.push(results);
      }
      const seen = pages.flat();
      expect(seen).toHaveLength(server.size);
      expect(new Set(ids(seen)).size).toBe(server.size);
      expect(ids(seen)).toEqual(ids(server.all()));
      seen.slice(1).forEach((record, i) => expect(inSyncOrder(seen[i], record)).toBe(true));
      // Ties are adjacent (the order is sorted) and some straddle page boundaries, which is the trap.
      const ties = seen.filter((record, i) => i > 0 && seen[i - 1].updatedAt === record.updatedAt);
      expect(ties.length).toBeGreaterThanOrEqual(server.size / TIE_EVERY - 1);
      const straddling = pages.slice(1).filter((page, i) => pages[i].at(-1)!.updatedAt === page[0].updatedAt);
      expect(straddling.length).toBeGreaterThan(0);
    });

    it('returns records in the Parse REST shape', async () => {
      const { results } = await getPage(server, { limit: 50 });
      for (const record of results) {
        expect(Object.keys(record).sort()).toEqual(
          ['Category', 'Make', 'Model', 'Year', 'createdAt', 'objectId', 'updatedAt'].sort(),
        );
        expect(record.objectId).toMatch(/^[A-Za-z0-9]{10}$/);
        expect(record.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        expect(record.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      }
    });

    it('defaults limit to 100 and caps it at maxLimit', async () => {
      expect((await getPage(server)).results).toHaveLength(100);
      expect((await getPage(server, { limit: 5000 })).results).toHaveLength(1000);
      expect((await getPage(server, { limit: 7 })).results).toHaveLength(7);
    });

    it('count=1 adds the number of matching records', async () => {
      expect(await getPage(server, { limit: 0, count: 1 })).toEqual({ results: [], count: server.size });
      const page = await getPage(server, { limit: 3 });
      expect(page.count).toBeUndefined();
      const all = server.all();
      const since = await getPage(server, {
        where: updatedAfter(all[2000].updatedAt, '$gt'),
        count: 1,
        limit: 1,
      });
      expect(since.count).toBe(
        all.filter((r) => Date.parse(r.updatedAt) > Date.parse(all[2000].updatedAt)).length,
      );
    });

    it('where $gte includes the records that share the cursor timestamp, $gt excludes them', async () => {
      const all = server.all();
      const i = tiedIndex(all);
      const cursor = all[i].updatedAt;
      const params = { order: SYNC_ORDER, limit: 5, count: 1 };

      const inclusive = await getPage(server, { ...params, where: updatedAfter(cursor, '$gte') });
      expect(ids(inclusive.results).slice(0, 3)).toEqual(ids(all.slice(i - 1, i + 2)));
      expect(inclusive.count).toBe(all.length - (i - 1));

      const exclusive = await getPage(server, { ...params, where: updatedAfter(cursor, '$gt') });
      expect(exclusive.results[0].objectId).toBe(all[i + 1].objectId);
      expect(exclusive.count).toBe(all.length - (i + 1));

      // Dates compare by time value, whatever the notation.
      const offsetNotation = cursor.replace('Z', '+00:00');
      const same = await getPage(server, { ...params, where: updatedAfter(offsetNotation, '$gte') });
      expect(same).toEqual(inclusive);
    });

    it('filters on objectId equality', async () => {
      const record = server.all()[1234];
      expect((await getPage(server, { where: { objectId: record.objectId } })).results).toEqual([record]);
      expect((await getPage(server, { where: { objectId: 'nope' }, count: 1 })).count).toBe(0);
    });

    it('rejects unsupported queries with 400 and a Parse error code', async () => {
      const cases: Array<[Params, number]> = [
        [{ where: { updatedAt: { $ne: { __type: 'Date', iso: '2021-01-01T00:00:00.000Z' } } } }, 102],
        [{ where: { Make: { $regex: '^T' } } }, 102],
        [{ where: { updatedAt: { $gt: '2021-01-01T00:00:00.000Z' } } }, 102],
        [{ where: '{"updatedAt":' }, 102],
        [{ where: '[1]' }, 102],
        [{ limit: -1 }, 102],
        [{ skip: 'ten' }, 102],
        [{ order: 'Price' }, 105],
      ];
      for (const [params, code] of cases) {
        const response = await get(server, params);
        expect({ params, status: response.status }).toEqual({ params, status: 400 });
        expect(await response.json()).toEqual({ code, error: expect.any(String) });
      }
    });

    it('sorts by other fields, descending with a - prefix', async () => {
      const { results } = await getPage(server, { order: '-Year,Make', limit: 1000 });
      expect(results[0].Year).toBe(Math.max(...server.all().map((r) => r.Year)));
      results.slice(1).forEach((record, i) => {
        const previous = results[i];
        expect(
          previous.Year > record.Year || (previous.Year === record.Year && previous.Make <= record.Make),
        ).toBe(true);
      });
    });

    it('records every request to the class endpoint, in order', async () => {
      const where = updatedAfter('2022-01-01T00:00:00.000Z', '$gte');
      await getPage(server, { limit: 10, skip: 20, order: SYNC_ORDER, where, count: 1 });
      await get(server, {}, {});
      expect(server.requests).toEqual([
        {
          path: `/classes/${CLASS}`,
          limit: 10,
          skip: 20,
          order: SYNC_ORDER,
          where,
          count: true,
          status: 200,
        },
        { path: `/classes/${CLASS}`, count: false, status: 401 },
      ]);
    });

    it('honours a custom key header (a master key)', async () => {
      const master = await CarApiServer.start({ count: 10, keyHeader: 'X-Parse-Master-Key' });
      try {
        const url = `${master.url}/classes/${CLASS}`;
        const rest = await fetch(url, {
          headers: { 'X-Parse-Application-Id': 'demo-app-id', 'X-Parse-REST-API-Key': 'demo-rest-key' },
        });
        expect(rest.status).toBe(401);
        const ok = await fetch(url, {
          headers: { 'X-Parse-Application-Id': 'demo-app-id', 'X-Parse-Master-Key': 'demo-rest-key' },
        });
        expect(ok.status).toBe(200);
        expect(((await ok.json()) as Page).results).toHaveLength(10);
      } finally {
        await master.close();
      }
    });
  });

  describe('changes', () => {
    let server: CarApiServer;

    beforeEach(async () => {
      server = await CarApiServer.start({ count: 300, appId: APP_ID, apiKey: API_KEY });
    });
    afterEach(() => server.close());

    it('upsert changes updatedAt, keeps createdAt and moves the record to the end', async () => {
      const [first] = server.all();
      const lastBefore = server.all().at(-1)!;
      const before = Date.now();
      const changed = server.upsert({ objectId: first.objectId, Model: `${first.Model} XSE Hybrid` });

      expect(changed).toEqual({
        ...first,
        Model: `${first.Model} XSE Hybrid`,
        updatedAt: expect.any(String),
      });
      expect(Date.parse(changed.updatedAt)).toBeGreaterThanOrEqual(before);
      expect(server.size).toBe(300);
      expect(server.get(first.objectId)).toEqual(changed);

      const tail = await getPage(server, { order: SYNC_ORDER, skip: 298, limit: 10 });
      expect(tail.results).toEqual([lastBefore, changed]);
      const since = await getPage(server, {
        order: SYNC_ORDER,
        where: updatedAfter(lastBefore.updatedAt, '$gt'),
      });
      expect(since.results).toEqual([changed]);
    });

    it('upsert with an explicit updatedAt places the record by that time', async () => {
      const all = server.all();
      const moved = server.upsert(
        { objectId: all[200].objectId, Category: 'SUV' },
        new Date(all[10].updatedAt),
      );
      const order = ids(server.all());
      expect(order.indexOf(moved.objectId)).toBeLessThanOrEqual(11);
      expect(order.indexOf(moved.objectId)).toBeGreaterThanOrEqual(9);
      const page = await getPage(server, {
        where: updatedAfter(all[10].updatedAt, '$gte'),
        order: SYNC_ORDER,
      });
      expect(ids(page.results)).toContain(moved.objectId);
    });

    it('upsert without an objectId adds a record with a new one', async () => {
      const added = server.upsert({
        Make: 'Toyota',
        Model: 'Corolla Cross Hybrid',
        Year: 2026,
        Category: 'SUV',
      });
      expect(added.objectId).toMatch(/^[A-Za-z0-9]{10}$/);
      expect(added.createdAt).toBe(added.updatedAt);
      expect(server.size).toBe(301);
      expect(server.all().at(-1)).toEqual(added);
      const page = await getPage(server, { where: { objectId: added.objectId } });
      expect(page.results).toEqual([added]);
      expect(() => server.upsert({ Model: 'Nameless' })).toThrow(TypeError);
    });

    it('remove deletes a record from every answer', async () => {
      const victim = server.all()[42];
      expect(server.remove(victim.objectId)).toBe(true);
      expect(server.get(victim.objectId)).toBeUndefined();
      expect(server.size).toBe(299);
      expect(ids(server.all())).not.toContain(victim.objectId);
      expect(await getPage(server, { where: { objectId: victim.objectId }, count: 1 })).toEqual({
        results: [],
        count: 0,
      });
      expect((await getPage(server, { limit: 0, count: 1 })).count).toBe(299);
      expect(server.remove(victim.objectId)).toBe(false);
    });
  });

  describe('faults', () => {
    let server: CarApiServer;

    beforeAll(async () => {
      server = await CarApiServer.start({ count: 200, appId: APP_ID, apiKey: API_KEY });
    });
    afterAll(() => server.close());
    beforeEach(() => {
      server.clearFaults();
      server.resetRequests();
    });

    it('latency delays an otherwise normal answer', async () => {
      server.failNext({ type: 'latency', ms: 300 });
      const { value: response, ms } = await elapsed(() => get(server));
      expect(ms).toBeGreaterThanOrEqual(290);
      expect(response.status).toBe(200);
      expect(((await response.json()) as Page).results).toHaveLength(100);
      const { ms: next } = await elapsed(() => getPage(server));
      expect(next).toBeLessThan(290);
      expect(server.requests.map((r) => r.status)).toEqual([200, 200]);
    });

    it('status 500 answers once, then the endpoint recovers', async () => {
      server.failNext({ type: 'status', status: 500 });
      const failed = await get(server);
      expect(failed.status).toBe(500);
      expect(await failed.json()).toEqual({ code: 1, error: expect.any(String) });
      expect((await get(server)).status).toBe(200);
    });

    it('status 429 carries Retry-After', async () => {
      server.failNext({ type: 'status', status: 429, retryAfterSeconds: 7 });
      const response = await get(server);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(await response.json()).toEqual({ code: 155, error: expect.any(String) });
    });

    it('a status fault can carry its own body', async () => {
      server.failNext({ type: 'status', status: 502, body: '<html>Bad gateway</html>' });
      const response = await get(server);
      expect(response.status).toBe(502);
      expect(await response.text()).toBe('<html>Bad gateway</html>');
    });

    it('faults queue in order and apply `times` times', async () => {
      server.failNext({ type: 'status', status: 500 }, 2);
      server.failNext({ type: 'status', status: 503 });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await get(server)).status);
      expect(statuses).toEqual([500, 500, 503, 200]);
      expect(server.requests.map((r) => r.status)).toEqual([500, 500, 503, 200]);
    });

    it('malformed answers 200 with a body that is not JSON', async () => {
      server.failNext({ type: 'malformed' });
      const response = await get(server);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(() => JSON.parse(text)).toThrow(SyntaxError);
    });

    it('wrong-shape answers 200 with JSON that has no results array', async () => {
      server.failNext({ type: 'wrong-shape' });
      const response = await get(server);
      expect(response.status).toBe(200);
      const body = (await response.json()) as Record<string, unknown>;
      expect(Array.isArray(body.results)).toBe(false);
    });

    it('drop closes the connection without an answer, so fetch rejects', async () => {
      server.failNext({ type: 'drop' });
      await expect(get(server)).rejects.toThrow('fetch failed');
      expect(server.requests.at(-1)!.status).toBe(0);
      expect((await get(server)).status).toBe(200);
    });

    it('trickle sends a valid body slowly, in pieces', async () => {
      const expected = await getPage(server, { limit: 50 });
      server.failNext({ type: 'trickle', ms: 600 });
      const { value, ms } = await elapsed(async () => {
        const response = await get(server, { limit: 50 });
        expect(response.status).toBe(200);
        const reader = response.body!.getReader();
        const chunks: Uint8Array[] = [];
        for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
        return chunks;
      });
      expect(ms).toBeGreaterThanOrEqual(500);
      expect(value.length).toBeGreaterThan(1);
      expect(JSON.parse(Buffer.concat(value).toString('utf8'))).toEqual(expected);
    });

    it('clearFaults drops the queued faults', async () => {
      server.failNext({ type: 'status', status: 500 }, 3);
      server.clearFaults();
      expect((await get(server)).status).toBe(200);
    });
  });

  describe('data set', () => {
    it('is the same for the same seed and differs for another', async () => {
      const servers = await Promise.all([7, 7, 8].map((seed) => CarApiServer.start({ count: 500, seed })));
      try {
        const [a, b, c] = servers.map((server) => server.all());
        expect(a).toEqual(b);
        expect(ids(c)).not.toEqual(ids(a));
        expect(a).toEqual(generateCars(500, 7));
      } finally {
        await Promise.all(servers.map((server) => server.close()));
      }
    });

    it('looks like the real car model list', () => {
      const cars = generateCars(10_000);
      const makes = new Set(cars.map((car) => car.Make));
      expect(makes.size).toBeGreaterThanOrEqual(25);
      for (const make of [
        'Toyota',
        'Honda',
        'Ford',
        'BMW',
        'Mercedes-Benz',
        'Tesla',
        'Porsche',
        'Ram',
        'Lexus',
      ]) {
        expect(makes).toContain(make);
      }
      expect(cars).toContainEqual(expect.objectContaining({ Make: 'Toyota', Model: 'Corolla', Year: 2020 }));
      expect(cars.filter((car) => car.Make === 'Toyota' && car.Year === 2020).length).toBeGreaterThan(5);
      expect(cars.some((car) => car.Category.includes(', '))).toBe(true);
      // One expect per record would dominate the run; collect the odd ones out instead.
      const odd = cars.filter(
        (car) =>
          car.Year < 1990 ||
          car.Year > 2026 ||
          !car.Category.split(', ').every((category) => CATEGORIES.includes(category)) ||
          !/^[A-Za-z0-9]{10}$/.test(car.objectId) ||
          Date.parse(car.createdAt) > Date.parse(car.updatedAt) ||
          Date.parse(car.createdAt) < FIRST_TIMESTAMP ||
          Date.parse(car.updatedAt) > LAST_TIMESTAMP,
      );
      expect(odd).toEqual([]);
      expect(new Set(ids(cars)).size).toBe(cars.length);
      const ties = cars.filter((car, i) => i > 0 && cars[i - 1].updatedAt === car.updatedAt).length;
      expect(ties).toBeGreaterThanOrEqual(cars.length / TIE_EVERY - 1);
      expect(ties).toBeLessThanOrEqual(cars.length / 25);
    });

    it('generates 100,000 models quickly, (Make, Model, Year) unique case-insensitively', () => {
      const start = performance.now();
      const cars = generateCars(100_000);
      const ms = performance.now() - start;
      expect(ms).toBeLessThan(3000);
      expect(cars).toHaveLength(100_000);
      const keys = new Set(cars.map((car) => `${car.Make}|${car.Model}|${car.Year}`.toLowerCase()));
      expect(keys.size).toBe(100_000);
      expect(new Set(ids(cars)).size).toBe(100_000);
      // Beyond the natural combinations, trims keep names unique and realistic.
      expect(cars.some((car) => /^Corolla (LE|SE|XLE|XSE)\b/.test(car.Model))).toBe(true);
    });

    it('answers an incremental query over 100,000 records quickly', async () => {
      const server = await CarApiServer.start({ count: 100_000 });
      try {
        const all = server.all();
        const cursor = all[95_000].updatedAt;
        const firstAtCursor = all.findIndex((record) => record.updatedAt === cursor);
        const url = classUrl(server, {
          where: updatedAfter(cursor, '$gte'),
          order: SYNC_ORDER,
          limit: 1000,
          count: 1,
        });
        const headers = { 'X-Parse-Application-Id': 'demo-app-id', 'X-Parse-REST-API-Key': 'demo-rest-key' };
        const { value: page, ms } = await elapsed(
          async () => (await (await fetch(url, { headers })).json()) as Page,
        );
        expect(ids(page.results)).toEqual(ids(all.slice(firstAtCursor, firstAtCursor + 1000)));
        expect(page.count).toBe(100_000 - firstAtCursor);
        expect(ms).toBeLessThan(1000);
      } finally {
        await server.close();
      }
    });
  });
});
