import { HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { expectError } from '../support/expect-error';
import { createTestApp, TestApp } from '../support/test-app';
import { logInAdmin, signUp } from '../support/users';

interface OpenApiParameter {
  name: string;
  required: boolean;
  schema: { default?: unknown };
}

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
    expect(response.body).toMatchObject({
      users: expect.any(Number),
      cars: 0,
      listings: 0,
      auctions: 0,
      bids: 0,
      transactions: 0,
      lastSyncRun: null,
    });
    expect(response.body.users).toBeGreaterThanOrEqual(2);
  });

  describe('the queue dashboard at /api/admin/queues', () => {
    it('is refused without a token (401), with a bad one (401) and to a non-admin (403)', async () => {
      expectError(await t.http.get('/api/admin/queues'), 401);
      expectError(await t.http.get('/api/admin/queues/api/queues'), 401);
      expectError(await t.http.get('/api/admin/queues').set('Authorization', 'Bearer not-a-jwt'), 401);
      const user = await signUp(t);
      expectError(await t.http.get('/api/admin/queues').set(user.auth), 403);
      expectError(await t.http.get(`/api/admin/queues?token=${user.accessToken}`), 403);
    });

    it('shows an admin the sync and auction-close queues', async () => {
      const admin = await logInAdmin(t);
      const page = await t.http.get('/api/admin/queues').set(admin.auth).expect(200);
      expect(page.text).toContain('<base href="/api/admin/queues/" />');
      const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(page.text)![1];
      await t.http.get(`/api/admin/queues/${script}`).set(admin.auth).expect(200);
      const { body } = await t.http.get('/api/admin/queues/api/queues').set(admin.auth).expect(200);
      expect((body.queues as { name: string }[]).map((queue) => queue.name).sort()).toEqual([
        'auction-close',
        'car-sync',
      ]);
    });

    it('signs a browser in from ?token= with an HttpOnly cookie for the dashboard path only', async () => {
      const admin = await logInAdmin(t);
      const signIn = await t.http.get(`/api/admin/queues?token=${admin.accessToken}`).expect(303);
      expect(signIn.headers.location).toBe('/api/admin/queues');
      const [cookie] = signIn.headers['set-cookie'] as unknown as string[];
      expect(cookie).toMatch(
        /^queues_token=[^;]+; Max-Age=\d+; Path=\/api\/admin\/queues; HttpOnly; SameSite=Strict$/,
      );
      const session = cookie.split(';')[0];
      await t.http.get('/api/admin/queues').set('Cookie', session).expect(200);
      await t.http.get('/api/admin/queues/api/queues').set('Cookie', session).expect(200);
      // The cookie is for the dashboard: other routes still want the bearer header.
      await t.http.get('/api/stats').set('Cookie', session).expect(401);
      // Logging out ends the session the cookie carries.
      await t.http.post('/api/auth/logout').set(admin.auth).send({ refreshToken: admin.refreshToken });
      expectError(await t.http.get('/api/admin/queues').set('Cookie', session), 401);
    });
  });

  it('serves the OpenAPI UI and a document with every route, its DTOs and the bearer scheme', async () => {
    const page = await t.http.get('/api/docs').expect(200);
    expect(page.text).toContain('swagger-ui');
    const { body: document } = await t.http.get('/api/docs-json').expect(200);
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const operations = Object.entries(
      document.paths as Record<string, Record<string, { security?: unknown[] }>>,
    ).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        route: `${method.toUpperCase()} ${path}`,
        operation,
      })),
    );
    expect(operations.map((o) => o.route).sort()).toEqual(
      [
        'POST /api/auth/signup',
        'POST /api/auth/register',
        'POST /api/auth/login',
        'POST /api/auth/refresh',
        'POST /api/auth/logout',
        'POST /api/auth/logout-all',
        'GET /api/auth/me',
        'GET /api/auth/sessions',
        'DELETE /api/auth/sessions/{id}',
        'POST /api/auth/change-password',
        'GET /api/users/profile',
        'PATCH /api/users/profile',
        'PUT /api/users/profile',
        'GET /api/users',
        'POST /api/users',
        'GET /api/users/{id}',
        'PATCH /api/users/{id}',
        'PUT /api/users/{id}',
        'DELETE /api/users/{id}',
        'PATCH /api/users/{id}/role',
        'GET /api/health',
        'GET /api/status',
        'GET /api/stats',
        'GET /api/cars',
        'POST /api/cars',
        'GET /api/cars/{id}',
        'PATCH /api/cars/{id}',
        'PUT /api/cars/{id}',
        'DELETE /api/cars/{id}',
        'POST /api/cars/sync-cars',
        'GET /api/cars/sync-cars/{jobId}',
        'GET /api/sync/status',
        'GET /api/sync/runs',
        'GET /api/users/dashboard',
        'GET /api/marketplace/listings',
        'POST /api/marketplace/listings',
        'GET /api/marketplace/listings/{id}',
        'PATCH /api/marketplace/listings/{id}',
        'PUT /api/marketplace/listings/{id}',
        'DELETE /api/marketplace/listings/{id}',
        'POST /api/marketplace/listings/{id}/purchase',
        'GET /api/marketplace/transactions',
        'GET /api/marketplace/transactions/{id}',
        'GET /api/favorites',
        'POST /api/favorites/listing/{id}',
        'DELETE /api/favorites/listing/{id}',
        'GET /api/favorites/listing/{id}',
        'GET /api/auctions',
        'POST /api/auctions',
        'GET /api/auctions/search',
        'GET /api/auctions/{id}',
        'PATCH /api/auctions/{id}',
        'PUT /api/auctions/{id}',
        'DELETE /api/auctions/{id}',
        'POST /api/auctions/{id}/bids',
        'POST /api/bids/auction/{auctionId}',
        'GET /api/bids/auction/{auctionId}',
        'GET /api/bids/user',
        'GET /api/bids/{id}',
        'GET /api/users/{id}/auctions',
        'GET /api/users/{id}/bids',
        'POST /api/favorites/auction/{id}',
        'DELETE /api/favorites/auction/{id}',
        'GET /api/favorites/auction/{id}',
      ].sort(),
    );
    const publicRoutes = [
      '/auth/signup',
      '/auth/register',
      '/auth/login',
      '/auth/refresh',
      '/health',
      '/api/status',
    ];
    for (const { route, operation } of operations) {
      const isPublic = publicRoutes.some((path) => route.endsWith(path));
      expect({ route, secured: Boolean(operation.security?.length) }).toEqual({ route, secured: !isPublic });
    }
    expect(document.components.schemas.SignupDto.required).toEqual(['username', 'email', 'password']);
    expect(document.components.schemas.LoginDto.properties).toHaveProperty('username');
    // Paging has defaults: optional in every list's parameters.
    const paging = (document.paths['/api/cars'].get.parameters as OpenApiParameter[])
      .filter(({ name }) => name === 'page' || name === 'limit')
      .map(({ name, required, schema }) => ({ name, required, default: schema.default }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(paging).toEqual([
      { name: 'limit', required: false, default: 20 },
      { name: 'page', required: false, default: 1 },
    ]);
  });

  it('documents expectedPrice as the way to buy a listing', async () => {
    const { body: document } = await t.http.get('/api/docs-json').expect(200);
    const purchase = document.paths['/api/marketplace/listings/{id}/purchase'].post;
    expect(purchase.description).toContain('expectedPrice');
    expect(purchase.requestBody).toMatchObject({
      required: false,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/PurchaseDto' } } },
    });
    expect(purchase.responses).toHaveProperty('409');
    expect(document.components.schemas.PurchaseDto).toMatchObject({
      properties: {
        expectedPrice: {
          type: 'number',
          minimum: 0.01,
          maximum: 10_000_000,
          description: expect.any(String),
        },
      },
    });
    expect(document.components.schemas.PurchaseDto.required ?? []).toEqual([]);
  });

  describe('with a database that does not answer', () => {
    let unreachable: TestApp;

    beforeAll(async () => {
      // A real database cannot be taken away under the app (SQLite is a file): its probe is replaced.
      unreachable = await createTestApp(
        {},
        {
          override: (builder) =>
            builder.overrideProvider(TypeOrmHealthIndicator).useFactory({
              inject: [HealthIndicatorService],
              factory: (indicators: HealthIndicatorService) => ({
                pingCheck: (key: string) =>
                  indicators.check(key).attempt(() => Promise.reject(new Error('connection refused'))),
              }),
            }),
        },
      );
    });
    afterAll(() => unreachable?.close());

    it('GET /api/health answers 503 and names the database as down', async () => {
      const response = await unreachable.http.get('/api/health').expect(503);
      expect(response.body).toEqual({
        status: 'error',
        checks: {
          database: expect.objectContaining({ status: 'down' }),
          redis: expect.objectContaining({ status: 'up' }),
        },
      });
    });
  });
});
