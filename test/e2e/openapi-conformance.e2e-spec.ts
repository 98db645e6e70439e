import { randomBytes } from 'node:crypto';
import { Response } from 'supertest';
import { CarApiServer } from '../support/car-api/car-api-server';
import { auctionInput, FULL_SPECS, listingInput, MAX_ID, uniqueMake } from '../support/fixtures';
import { fillPath, Route, routesOf } from '../support/hostile';
import { ContractViolation, OpenApiContract } from '../support/openapi-contract';
import { WorkerProcess } from '../support/processes';
import { syncNow } from '../support/sync';
import { createTestApp, TestApp } from '../support/test-app';
import { logInAdmin, SignedUpUser, signUp } from '../support/users';

jest.setTimeout(60_000);

const PASSWORD = 'correct-horse-battery';
const SOURCE = { appId: 'conformance-app', apiKey: 'conformance-key' };
/** The one route each of the body limit and the rate limit (global middleware) is tried on. */
const BODY_LIMIT_SAMPLE = 'POST /api/cars';
const RATE_LIMIT_SAMPLE = 'POST /api/auth/login';
const ENCODING_SAMPLE = 'PATCH /api/users/profile';
const HEAD_LIMIT_SAMPLE = 'GET /api/status';

/**
 * Statuses no test of this file provokes, and why. Everything else the document lists must have
 * been answered (and found as documented) by the end of the file.
 */
function exemption(operation: string, status: string): string | undefined {
  // An unexpected error: no request can cause one on purpose (the hostile-input suite looks for them).
  if (status === '500') return 'cannot be provoked';
  // A dependency down: redis-outage.e2e-spec.ts stops Redis under a running app.
  if (status === '503') return 'needs Redis down';
  // Global middleware: one route stands for the rest.
  if (status === '413' && operation !== BODY_LIMIT_SAMPLE) return `sampled on ${BODY_LIMIT_SAMPLE}`;
  if (status === '429' && operation !== RATE_LIMIT_SAMPLE) return `sampled on ${RATE_LIMIT_SAMPLE}`;
  if (status === '415' && operation !== ENCODING_SAMPLE) return `sampled on ${ENCODING_SAMPLE}`;
  if (status === '431' && operation !== HEAD_LIMIT_SAMPLE) return `sampled on ${HEAD_LIMIT_SAMPLE}`;
  return undefined;
}

/** The cookies of a browser session, as a Cookie header, and its CSRF token. */
interface CookieSession {
  cookie: string;
  csrf: string;
}

/**
 * Every route of the OpenAPI document driven through its success path and each documented error
 * that can be provoked from outside, every response validated against the document (status,
 * body, headers) by the contract the app's `http` is wrapped in: a response the document does not
 * describe fails the request that got it.
 */
describe('the API answers as its OpenAPI document says', () => {
  /** The app as created, for what the document does not describe (the document itself). */
  let app: TestApp;
  /** The same app with every response checked against the document. */
  let t: TestApp;
  let contract: OpenApiContract;
  let source: CarApiServer;
  let worker: WorkerProcess;
  let admin: SignedUpUser;
  let seller: SignedUpUser;
  let buyer: SignedUpUser;

  beforeAll(async () => {
    source = await CarApiServer.start({ count: 40, ...SOURCE });
    const env = {
      CAR_API_URL: source.url,
      CAR_API_ID: SOURCE.appId,
      CAR_API_KEY: SOURCE.apiKey,
      SYNC_INTERVAL_MS: '3600000',
    };
    app = await createTestApp(env);
    contract = await OpenApiContract.load(app);
    t = contract.checked(app);
    [worker, admin, seller, buyer] = await Promise.all([
      WorkerProcess.start(env),
      logInAdmin(t),
      signUp(t),
      signUp(t),
    ]);
  });

  afterAll(async () => {
    await worker?.stop();
    await t?.close();
    await source?.close();
  });

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const credentials = () => {
    const tag = randomBytes(4).toString('hex');
    return { username: `conf_${tag}`, email: `conf_${tag}@example.com`, password: PASSWORD };
  };

  /** A new user signed up with `"cookie": true`: authenticated by its cookies alone. */
  async function cookieSession(): Promise<CookieSession> {
    const response = await t.http
      .post('/api/auth/signup')
      .send({ ...credentials(), cookie: true })
      .expect(201);
    const cookies = new Map(
      (response.headers['set-cookie'] as unknown as string[]).map((line) => {
        const [pair] = line.split(';');
        const split = pair.indexOf('=');
        return [pair.slice(0, split), pair.slice(split + 1)];
      }),
    );
    return {
      cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      csrf: cookies.get('csrf_token')!,
    };
  }

  const createAuction = async (as: SignedUpUser, changes: object = {}) =>
    (await t.http.post('/api/auctions').set(as.auth).send(auctionInput(changes)).expect(201)).body as {
      id: number;
    };
  const createListing = async (as: SignedUpUser, changes: object = {}) =>
    (await t.http.post('/api/marketplace/listings').set(as.auth).send(listingInput(changes)).expect(201))
      .body as { id: number; price: number };

  it('the contract refuses what the document does not describe (the control for the checks below)', async () => {
    const real = await app.http.get(`/api/cars?limit=1`).set(buyer.auth).expect(200);
    expect(() => contract.check('get', '/api/cars', real)).not.toThrow();
    const json = (status: number, body?: unknown, headers: Record<string, string> = {}) => ({
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body,
      text: body === undefined ? '' : JSON.stringify(body),
    });
    const tooMany = {
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'Slow down',
      path: '/api/auth/login',
      timestamp: new Date().toISOString(),
      requestId: 'r',
    };
    const violations: [string, string, ReturnType<typeof json>][] = [
      ['get', '/api/cars', json(418, { statusCode: 418 })],
      ['get', '/api/cars', json(200, { ...real.body, data: 'not a list' })],
      ['get', '/api/cars', json(200, { ...real.body, passwordHash: 'x' })],
      ['get', '/api/cars', json(200, real.body, { etag: 'not a version' })],
      ['get', '/api/cars', json(304, real.body)],
      ['get', '/api/cars', json(200)],
      ['post', '/api/auth/login', json(429, tooMany)],
      ['delete', '/api/status', json(200, {})],
    ];
    expect(() =>
      contract.check('post', '/api/auth/login', json(429, tooMany, { 'retry-after': '30' })),
    ).not.toThrow();
    for (const [method, url, response] of violations) {
      expect(() => contract.check(method, url, response)).toThrow(ContractViolation);
    }
  });

  describe('scenarios', () => {
    it('auth: signup, register, login, refresh, me, sessions, change-password, logout', async () => {
      const user = credentials();
      const signup = await t.http.post('/api/auth/signup').send(user).expect(201);
      await t.http.post('/api/auth/signup').send(user).expect(409);
      const registered = credentials();
      await t.http.post('/api/auth/register').send(registered).expect(201);
      await t.http.post('/api/auth/register').send(registered).expect(409);

      const login = await t.http
        .post('/api/auth/login')
        .send({ username: user.username, password: user.password })
        .expect(200);
      await t.http
        .post('/api/auth/login')
        .send({ email: user.email, password: 'wrong-password-1' })
        .expect(401);
      await t.http
        .post('/api/auth/login')
        .send({ email: user.email, password: user.password, cookie: true })
        .expect(200);

      const refreshed = await t.http
        .post('/api/auth/refresh')
        .send({ refreshToken: signup.body.refreshToken })
        .expect(200);
      // A rotated refresh token presented again: theft, that session ends.
      await t.http.post('/api/auth/refresh').send({ refreshToken: signup.body.refreshToken }).expect(401);

      const token = login.body.accessToken as string;
      await t.http.get('/api/auth/me').set(bearer(token)).expect(200);
      const sessions = await t.http.get('/api/auth/sessions?page=1&limit=10').set(bearer(token)).expect(200);
      const other = (sessions.body.data as { id: number; current: boolean }[]).find(
        (session) => !session.current,
      )!;
      await t.http.delete(`/api/auth/sessions/${other.id}`).set(bearer(token)).expect(204);
      await t.http.delete(`/api/auth/sessions/${other.id}`).set(bearer(token)).expect(404);

      await t.http
        .post('/api/auth/change-password')
        .set(bearer(token))
        .send({ currentPassword: user.password, newPassword: 'another-horse-battery' })
        .expect(204);
      await t.http
        .post('/api/auth/change-password')
        .set(bearer(token))
        .send({ currentPassword: user.password, newPassword: 'a-third-horse-battery' })
        .expect(403);
      await t.http.post('/api/auth/logout').set(bearer(token)).expect(204);
      await t.http.post('/api/auth/logout-all').set(bearer(refreshed.body.accessToken)).expect(401);
      const again = await t.http
        .post('/api/auth/login')
        .send({ email: user.email, password: 'another-horse-battery' })
        .expect(200);
      await t.http.post('/api/auth/logout-all').set(bearer(again.body.accessToken)).expect(204);
    });

    it('browser sessions: cookies, CSRF, refresh and logout by cookie', async () => {
      const session = await cookieSession();
      await t.http.get('/api/auth/me').set('Cookie', session.cookie).expect(200);
      await t.http
        .patch('/api/users/profile')
        .set('Cookie', session.cookie)
        .send({ displayName: 'X' })
        .expect(403);
      await t.http
        .patch('/api/users/profile')
        .set({ Cookie: session.cookie, 'X-CSRF-Token': session.csrf })
        .send({ displayName: 'Cookie user' })
        .expect(200);
      await t.http.post('/api/auth/refresh').set('Cookie', session.cookie).expect(403);
      const refreshed = await t.http
        .post('/api/auth/refresh')
        .set({ Cookie: session.cookie, 'X-CSRF-Token': session.csrf })
        .expect(200);
      const cookies = (refreshed.headers['set-cookie'] as unknown as string[]).map(
        (line) => line.split(';')[0],
      );
      const csrf = cookies.find((pair) => pair.startsWith('csrf_token='))!.split('=')[1];
      await t.http
        .post('/api/auth/logout')
        .set({ Cookie: cookies.join('; '), 'X-CSRF-Token': csrf })
        .expect(204);
    });

    it('users: profile, public profile, admin management', async () => {
      const user = await signUp(t);
      await t.http.get('/api/users/profile').set(user.auth).expect(200);
      await t.http
        .patch('/api/users/profile')
        .set(user.auth)
        .send({ firstName: 'Ada', phone: '+1 555 0100' })
        .expect(200);
      await t.http.put('/api/users/profile').set(user.auth).send({ displayName: 'Ada L.' }).expect(200);
      await t.http.get(`/api/users/${seller.id}`).set(user.auth).expect(200);
      await t.http.get(`/api/users/${seller.id}/auctions?limit=5`).set(user.auth).expect(200);
      await t.http.get(`/api/users/${user.id}/bids`).set(user.auth).expect(200);
      await t.http.get(`/api/users/${seller.id}/bids`).set(user.auth).expect(403);

      await t.http.get(`/api/users?sort=-createdAt&role=user&q=conf`).set(admin.auth).expect(200);
      const created = credentials();
      const made = await t.http
        .post('/api/users')
        .set(admin.auth)
        .send({ ...created, role: 'user', firstName: 'Made', lastName: 'ByAdmin' })
        .expect(201);
      await t.http.post('/api/users').set(admin.auth).send(created).expect(409);
      const id = made.body.id as number;
      await t.http.patch(`/api/users/${id}`).set(admin.auth).send({ displayName: 'Managed' }).expect(200);
      await t.http.patch(`/api/users/${id}`).set(admin.auth).send({ email: user.email }).expect(409);
      const replacement = credentials();
      await t.http
        .put(`/api/users/${id}`)
        .set(admin.auth)
        .send({ username: replacement.username, email: replacement.email, lastName: 'Replaced' })
        .expect(200);
      await t.http
        .put(`/api/users/${id}`)
        .set(admin.auth)
        .send({ username: user.username, email: user.email })
        .expect(409);
      await t.http.patch(`/api/users/${id}/role`).set(admin.auth).send({ role: 'admin' }).expect(200);
      await t.http.patch(`/api/users/${admin.id}/role`).set(admin.auth).send({ role: 'user' }).expect(409);
      await t.http.delete(`/api/users/${admin.id}`).set(admin.auth).expect(409);
      await t.http.delete(`/api/users/${id}`).set(admin.auth).expect(204);
    });

    it('cars: the catalogue with filters, ETag and 304, CRUD', async () => {
      const make = uniqueMake('Cf');
      const created = await t.http
        .post('/api/cars')
        .set(seller.auth)
        .send({ make, model: 'Alpha', year: 2020, category: 'Sedan' })
        .expect(201);
      const id = created.body.id as number;
      await t.http
        .post('/api/cars')
        .set(seller.auth)
        .send({ make: make.toUpperCase(), model: 'alpha', year: 2020 })
        .expect(409);
      const other = await t.http
        .post('/api/cars')
        .set(seller.auth)
        .send({ make, model: 'Beta', year: 2021 })
        .expect(201);

      const list = await t.http
        .get(`/api/cars?make=${make}&yearFrom=2019&yearTo=2022&source=manual&sort=-year&page=1&limit=10`)
        .set(buyer.auth)
        .expect(200);
      await t.http.get('/api/cars?q=alp&category=Sedan&includeRemoved=true').set(buyer.auth).expect(200);
      await t.http
        .get('/api/cars')
        .set({ ...buyer.auth, 'If-None-Match': list.headers.etag })
        .expect(304);
      const one = await t.http.get(`/api/cars/${id}`).set(buyer.auth).expect(200);
      await t.http
        .get(`/api/cars/${id}`)
        .set({ ...buyer.auth, 'If-None-Match': one.headers.etag })
        .expect(304);

      await t.http.patch(`/api/cars/${id}`).set(seller.auth).send({ category: 'Coupe' }).expect(200);
      await t.http.patch(`/api/cars/${id}`).set(buyer.auth).send({ category: 'Van' }).expect(403);
      await t.http.patch(`/api/cars/${id}`).set(seller.auth).send({ model: 'Beta', year: 2021 }).expect(409);
      await t.http
        .put(`/api/cars/${id}`)
        .set(admin.auth)
        .send({ make, model: 'Gamma', year: 2019 })
        .expect(200);
      await t.http
        .put(`/api/cars/${id}`)
        .set(admin.auth)
        .send({ make, model: 'Beta', year: 2021 })
        .expect(409);
      await t.http.delete(`/api/cars/${other.body.id}`).set(seller.auth).expect(204);
    });

    it('sync: trigger, job status, sync status and runs', async () => {
      const job = await syncNow(t, admin);
      expect(job.status).toBe('completed');
      await t.http.get('/api/cars/sync-cars/no-such-job').set(admin.auth).expect(404);
      await t.http.get('/api/sync/status').set(admin.auth).expect(200);
      await t.http.get('/api/sync/runs?limit=5').set(admin.auth).expect(200);
      await t.http.get('/api/cars?source=sync&limit=3').set(buyer.auth).expect(200);
    });

    it('operations: stats, status and health', async () => {
      await t.http.get('/api/stats').set(admin.auth).expect(200);
      await t.http.get('/api/status').expect(200);
      await t.http.get('/api/health').expect(200);
    });

    it('marketplace: listings, purchase, transactions', async () => {
      const listing = await createListing(seller, { specs: FULL_SPECS, description: 'One owner' });
      await t.http
        .get(
          `/api/marketplace/listings?sellerId=${seller.id}&priceMin=1&priceMax=99999&sort=-price&status=active`,
        )
        .set(buyer.auth)
        .expect(200);
      await t.http.get(`/api/marketplace/listings/${listing.id}`).set(buyer.auth).expect(200);
      await t.http
        .patch(`/api/marketplace/listings/${listing.id}`)
        .set(seller.auth)
        .send({ price: 11000 })
        .expect(200);
      await t.http
        .patch(`/api/marketplace/listings/${listing.id}`)
        .set(buyer.auth)
        .send({ price: 1 })
        .expect(403);
      await t.http
        .put(`/api/marketplace/listings/${listing.id}`)
        .set(seller.auth)
        .send(listingInput({ price: 10500 }))
        .expect(200);

      const path = `/api/marketplace/listings/${listing.id}/purchase`;
      await t.http.post(path).set(seller.auth).expect(403);
      await t.http.post(path).set(buyer.auth).send({ expectedPrice: 1 }).expect(409);
      const sale = await t.http.post(path).set(buyer.auth).send({ expectedPrice: 10500 }).expect(201);
      await t.http.post(path).set(buyer.auth).expect(409);
      await t.http
        .patch(`/api/marketplace/listings/${listing.id}`)
        .set(seller.auth)
        .send({ price: 1 })
        .expect(409);
      await t.http
        .put(`/api/marketplace/listings/${listing.id}`)
        .set(seller.auth)
        .send(listingInput())
        .expect(409);
      await t.http.delete(`/api/marketplace/listings/${listing.id}`).set(seller.auth).expect(409);

      await t.http.get('/api/marketplace/transactions?role=buyer').set(buyer.auth).expect(200);
      await t.http.get(`/api/marketplace/transactions/${sale.body.id}`).set(seller.auth).expect(200);
      const withdrawn = await createListing(seller);
      await t.http.delete(`/api/marketplace/listings/${withdrawn.id}`).set(seller.auth).expect(204);
    });

    it('auctions and bids: CRUD, search, plain and proxy bids, the freeze', async () => {
      const auction = await createAuction(seller, { reservePrice: 500, specs: FULL_SPECS });
      const path = `/api/auctions/${auction.id}`;
      await t.http
        .get(`/api/auctions?sellerId=${seller.id}&status=active&sort=-currentPrice&priceMax=100000`)
        .set(buyer.auth)
        .expect(200);
      await t.http.get('/api/auctions/search?q=Civic&limit=5').set(buyer.auth).expect(200);
      await t.http.get(path).set(seller.auth).expect(200);
      await t.http.patch(path).set(seller.auth).send({ title: 'Clean Civic, one careful owner' }).expect(200);
      await t.http.patch(path).set(buyer.auth).send({ title: 'Mine now' }).expect(403);
      await t.http
        .put(path)
        .set(seller.auth)
        .send(auctionInput({ reservePrice: 500 }))
        .expect(200);

      await t.http.post(`/api/bids/auction/${auction.id}`).set(seller.auth).send({ amount: 200 }).expect(403);
      await t.http.post(`/api/bids/auction/${auction.id}`).set(buyer.auth).send({ amount: 1 }).expect(400);
      const placed = await t.http
        .post(`/api/bids/auction/${auction.id}`)
        .set(buyer.auth)
        .send({ amount: 150 })
        .expect(201);
      await t.http.post(`${path}/bids`).set(admin.auth).send({ maxAmount: 900 }).expect(201);
      await t.http.get(`/api/bids/auction/${auction.id}?limit=10`).set(buyer.auth).expect(200);
      await t.http.get('/api/bids/user').set(buyer.auth).expect(200);
      await t.http.get(`/api/bids/${placed.body.bid.id}`).set(buyer.auth).expect(200);
      await t.http.get(path).set(buyer.auth).expect(200);

      // Bids freeze the prices, and an auction with bids is not cancelled.
      await t.http.patch(path).set(seller.auth).send({ startingPrice: 50 }).expect(409);
      await t.http.put(path).set(seller.auth).send(auctionInput()).expect(409);
      await t.http.delete(path).set(seller.auth).expect(409);

      const cancelled = await createAuction(seller);
      await t.http.delete(`/api/auctions/${cancelled.id}`).set(seller.auth).expect(204);
      await t.http
        .post(`/api/bids/auction/${cancelled.id}`)
        .set(buyer.auth)
        .send({ amount: 500 })
        .expect(409);
      await t.http
        .post(`/api/auctions/${cancelled.id}/bids`)
        .set(buyer.auth)
        .send({ amount: 500 })
        .expect(409);
    });

    it('favorites and the dashboard', async () => {
      const auction = await createAuction(seller);
      const listing = await createListing(seller);
      for (const [kind, id] of [
        ['auction', auction.id],
        ['listing', listing.id],
      ] as const) {
        await t.http.post(`/api/favorites/${kind}/${id}`).set(buyer.auth).expect(201);
        await t.http.get(`/api/favorites/${kind}/${id}`).set(buyer.auth).expect(200);
      }
      await t.http.get('/api/favorites?limit=10').set(buyer.auth).expect(200);
      await t.http.get('/api/users/dashboard').set(buyer.auth).expect(200);
      await t.http.get('/api/users/dashboard').set(seller.auth).expect(200);
      await t.http.delete(`/api/favorites/auction/${auction.id}`).set(buyer.auth).expect(204);
      await t.http.delete(`/api/favorites/listing/${listing.id}`).set(buyer.auth).expect(204);
    });
  });

  describe('the documented errors of every operation', () => {
    let routes: Route[];
    /** A valid body of each route that takes one, so that a 404 is not preceded by a 400. */
    const validBodies: Record<string, () => object> = {
      'POST /api/auctions/{id}/bids': () => ({ amount: 1000 }),
      'POST /api/bids/auction/{auctionId}': () => ({ amount: 1000 }),
      'PATCH /api/auctions/{id}': () => ({ title: 'A new title' }),
      'PUT /api/auctions/{id}': () => auctionInput(),
      'PATCH /api/cars/{id}': () => ({ category: 'Coupe' }),
      'PUT /api/cars/{id}': () => ({ make: uniqueMake(), model: 'M', year: 2020 }),
      'PATCH /api/users/{id}': () => ({ displayName: 'Nobody' }),
      'PUT /api/users/{id}': () => ({ username: credentials().username, email: credentials().email }),
      'PATCH /api/users/{id}/role': () => ({ role: 'user' }),
      'PATCH /api/marketplace/listings/{id}': () => ({ price: 100 }),
      'PUT /api/marketplace/listings/{id}': () => listingInput(),
    };

    beforeAll(async () => {
      routes = await routesOf(app);
    });

    const statusesOf = (route: Route) => contract.documentedStatuses(route.name);
    const unsafe = (route: Route) => route.method !== 'get';

    /**
     * Sends each request and collects what went wrong (a status other than the expected one, or a
     * response the document does not describe), so that one run lists every mismatch.
     */
    async function expectAll(
      cases: { route: Route; expected?: number; send: () => Promise<Response> }[],
    ): Promise<void> {
      const failures: string[] = [];
      for (const { route, expected, send } of cases) {
        try {
          const response = await send();
          if (expected !== undefined && response.status !== expected) {
            failures.push(
              `${route.name}: expected ${expected}, got ${response.status} ${response.text.slice(0, 200)}`,
            );
          }
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
      expect(failures).toEqual([]);
    }

    it('401 without a token on every secured operation', async () => {
      await expectAll(
        routes
          .filter((route) => route.secured && statusesOf(route).includes('401'))
          .map((route) => ({ route, expected: 401, send: () => t.http[route.method](fillPath(route)) })),
      );
    });

    it('403 for a cookie session without X-CSRF-Token on every unsafe operation that documents it', async () => {
      const session = await cookieSession();
      await expectAll(
        routes
          .filter((route) => unsafe(route) && statusesOf(route).includes('403'))
          .map((route) => ({
            route,
            expected: 403,
            send: () => t.http[route.method](fillPath(route)).set('Cookie', session.cookie),
          })),
      );
    });

    it('403 for a plain user on every admin-only read', async () => {
      const user = await signUp(t);
      await expectAll(
        routes
          .filter((route) => !unsafe(route) && statusesOf(route).includes('403'))
          .map((route) => ({
            route,
            expected: 403,
            // Another user's id where one is asked for (GET /api/users/{id}/bids).
            send: () => t.http.get(fillPath(route, { id: String(admin.id) })).set(user.auth),
          })),
      );
    });

    it('404 for an id that does not exist, as an admin, where documented; elsewhere what is', async () => {
      await expectAll(
        routes
          .filter((route) => route.pathParams.length)
          .map((route) => {
            const missing = Object.fromEntries(
              route.pathParams.map((parameter) => [
                parameter.name,
                parameter.name === 'jobId' ? 'no-such-job' : String(MAX_ID),
              ]),
            );
            return {
              route,
              // A route that documents no 404 (favorites, a user's lists) answers as the contract says.
              expected: statusesOf(route).includes('404') ? 404 : undefined,
              send: () => {
                const call = t.http[route.method](fillPath(route, missing)).set(admin.auth);
                const body = validBodies[route.name];
                return body ? call.send(body()) : call;
              },
            };
          }),
      );
    });

    it('400 for a malformed query, path parameter or body, as an admin', async () => {
      await expectAll(
        routes
          .filter((route) => statusesOf(route).includes('400'))
          .map((route) => ({
            route,
            expected: 400,
            send: () => {
              // `limit` out of its bounds, else a path parameter no id is, else an unknown field,
              // else (a route that reads nothing) JSON the body parser cannot read.
              if (route.query.some((parameter) => parameter.name === 'limit')) {
                return t.http[route.method](`${fillPath(route)}?limit=0`).set(admin.auth);
              }
              if (route.pathParams.length) {
                const bad = Object.fromEntries(
                  route.pathParams.map((parameter) => [parameter.name, 'not.an.id']),
                );
                return t.http[route.method](fillPath(route, bad)).set(admin.auth);
              }
              if (route.body) {
                return t.http[route.method](fillPath(route)).set(admin.auth).send({ notAField: true });
              }
              return t.http[route.method](fillPath(route))
                .set(admin.auth)
                .set('Content-Type', 'application/json')
                .send('{"broken":');
            },
          })),
      );
    });

    it(`413 for a body over 100kb (${BODY_LIMIT_SAMPLE})`, async () => {
      await t.http
        .post('/api/cars')
        .set(seller.auth)
        .send({ make: 'x'.repeat(101 * 1024), model: 'Big', year: 2020 })
        .expect(413);
    });
  });

  it(`415 for a body in an encoding the API does not read (${ENCODING_SAMPLE})`, async () => {
    await t.http
      .patch('/api/users/profile')
      .set(seller.auth)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'compress')
      .send('{"displayName":"Squeezed"}')
      .expect(415);
  });

  it(`431 for a request head over 16 KB, answered by Node before the app (${HEAD_LIMIT_SAMPLE})`, async () => {
    await t.http
      .get('/api/status')
      .set('X-Padding', 'x'.repeat(17 * 1024))
      .expect(431);
  });

  it(`429 past AUTH_RATE_LIMIT (${RATE_LIMIT_SAMPLE}, on an app of its own)`, async () => {
    // Another app empties this Jest worker's Redis database: the worker of the first one is done.
    await worker.stop();
    const limited = contract.checked(await createTestApp({ AUTH_RATE_LIMIT: '2' }));
    try {
      const login = { email: 'nobody@example.com', password: PASSWORD };
      await limited.http.post('/api/auth/login').send(login).expect(401);
      await limited.http.post('/api/auth/login').send(login).expect(401);
      await limited.http.post('/api/auth/login').send(login).expect(429);
    } finally {
      await limited.close();
    }
  });

  it('every documented status of every operation was answered, but for the exemptions', () => {
    const unseen = contract.unseen(exemption);
    if (unseen.length) console.log(`documented, never answered here:\n  ${unseen.join('\n  ')}`);
    expect(unseen).toEqual([]);
  });
});
