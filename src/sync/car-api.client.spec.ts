import { CarApiServer } from '../../test/support/car-api/car-api-server';
import { CarApiClient, CarApiRejectedError, CarApiUnavailableError, parseRetryAfter } from './car-api.client';

describe('CarApiClient against a Parse-protocol server', () => {
  let server: CarApiServer;
  const client = (overrides: Partial<ConstructorParameters<typeof CarApiClient>[0]> = {}) =>
    new CarApiClient({
      url: server.url,
      className: 'Carmodels_Car_Model_List',
      appId: 'app',
      key: 'key',
      keyHeader: 'X-Parse-REST-API-Key',
      timeoutMs: 2_000,
      retries: 2,
      retryBaseMs: 10,
      ...overrides,
    });

  beforeAll(async () => {
    server = await CarApiServer.start({ count: 30, appId: 'app', apiKey: 'key' });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.clearFaults();
    server.resetRequests();
  });

  it('sends the Parse headers and query, and reads a page in (updatedAt, objectId) order', async () => {
    const page = await client().fetchPage({ limit: 10, skip: 5, count: true });
    expect(page.count).toBe(30);
    expect(page.results.map((car) => car.objectId)).toEqual(
      server
        .all()
        .slice(5, 15)
        .map((car) => car.objectId),
    );
    expect(server.requests[0]).toMatchObject({
      limit: 10,
      skip: 5,
      order: 'updatedAt,objectId',
      count: true,
    });
  });

  it('asks with an inclusive updatedAt cursor', async () => {
    const since = server.all()[20].updatedAt;
    const page = await client().fetchPage({ limit: 100, skip: 0, since });
    expect(page.results[0].updatedAt >= since).toBe(true);
    expect(page.results.some((car) => car.objectId === server.all()[20].objectId)).toBe(true);
  });

  it('fails at once, naming the variables to check, when the key is refused', async () => {
    const error = await client({ key: 'wrong' })
      .fetchPage({ limit: 1, skip: 0 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CarApiRejectedError);
    expect((error as Error).message).toMatch(/401.*CAR_API_ID, CAR_API_KEY and CAR_API_KEY_HEADER/);
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['a malformed body', { type: 'malformed' } as const],
    ['a body without results', { type: 'wrong-shape' } as const],
    ['a dropped connection', { type: 'drop' } as const],
    ['a 502', { type: 'status', status: 502 } as const],
  ])('retries %s and then succeeds', async (_name, fault) => {
    server.failNext(fault);
    const page = await client().fetchPage({ limit: 5, skip: 0 });
    expect(page.results).toHaveLength(5);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up after the configured retries with a clear error', async () => {
    server.failNext({ type: 'wrong-shape' }, 5);
    const error = await client()
      .fetchPage({ limit: 5, skip: 0 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CarApiUnavailableError);
    expect((error as Error).message).toMatch(/failed 3 times; last: response body has no "results" array/);
  });

  it('reads a slowly trickled body', async () => {
    server.failNext({ type: 'trickle', ms: 300 });
    const page = await client().fetchPage({ limit: 5, skip: 0 });
    expect(page.results).toHaveLength(5);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and caps long waits at a minute', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('3600', now)).toBe(60_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
