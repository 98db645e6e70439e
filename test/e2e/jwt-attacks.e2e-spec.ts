import fc from 'fast-check';
import { createHmac, generateKeyPairSync, KeyObject } from 'node:crypto';
import { decode, sign } from 'jsonwebtoken';
import { Response } from 'supertest';
import { DEV_JWT_SECRET } from '../../src/config/env.validation';
import { fillPath, Route, routesOf } from '../support/hostile';
import { createTestApp, TestApp } from '../support/test-app';
import { expectError } from '../support/expect-error';
import { logInAdmin, SignedUpUser, signUp } from '../support/users';

/**
 * Attacks on the access token, each refused with 401 on every route that needs one (the routes of
 * the OpenAPI document, and the queue dashboard): `alg: none`, HS/RS key confusion and other
 * algorithms, wrong signatures, expired and not-yet-valid tokens, the token of a deleted user and
 * of an ended session; the same tokens in a browser session's access_token cookie; then generated
 * headers, tokens and claims. auth.e2e-spec.ts checks the
 * basic cases on /api/auth/me (expired, `alg: none`, another key, another user's session); the
 * tokens sign nothing with issuer or audience, so there is none to get wrong.
 */
const SECRET = process.env.JWT_SECRET?.trim() || DEV_JWT_SECRET;
const SEED = Number(process.env.HOSTILE_SEED ?? 20261121);
const RUNS = Number(process.env.HOSTILE_RUNS ?? 20) * 5;

interface Claims {
  sub: string;
  role: string;
  sid: number;
  iat: number;
  exp: number;
}

const now = () => Math.floor(Date.now() / 1000);
/** The csrf_token cookie and X-CSRF-Token header of the cookie attacks: they match. */
const CSRF = 'csrf-pair-that-matches';
const base64url = (value: object | string) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const hmac = (algorithm: 'sha256' | 'sha384' | 'sha512', input: string, key: string | Buffer) =>
  createHmac(algorithm, key).update(input).digest('base64url');

/** A token of this header and payload (objects, or raw JSON text), signed HMAC-SHA256 with `key`. */
function hs256(header: object | string, payload: object | string, key: string | Buffer = SECRET): string {
  const input = `${base64url(header)}.${base64url(payload)}`;
  return `${input}.${hmac('sha256', input, key)}`;
}

const claimsOf = (token: string) => decode(token) as Claims;
const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });
const attackerEc = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();

describe('JWT attacks', () => {
  let t: TestApp;
  let secured: Route[];
  let user: SignedUpUser;
  let admin: SignedUpUser;

  beforeAll(async () => {
    t = await createTestApp();
    secured = (await routesOf(t)).filter((route) => route.secured);
    user = await signUp(t);
    admin = await logInAdmin(t);
  });
  afterAll(() => t.close());

  /** Valid claims of `user`'s session, changed by `changes`. */
  const claims = (of: SignedUpUser = user, changes: object = {}) => {
    const { sub, role, sid } = claimsOf(of.accessToken);
    return { sub, role, sid, iat: now(), exp: now() + 300, ...changes };
  };

  const call = (route: Route, authorization: string) =>
    t.http[route.method](fillPath(route)).set('Authorization', authorization);

  /**
   * A request of a browser session carrying `token` in the access_token cookie, with a CSRF pair
   * that matches: only the token is judged, and it must be judged first (401, not 403).
   */
  const callByCookie = (route: Route, token: string) =>
    t.http[route.method](fillPath(route))
      .set('Cookie', `access_token=${token}; csrf_token=${CSRF}`)
      .set('X-CSRF-Token', CSRF);

  /** 401 in the API's error shape, on every secured route, for `token` in the access_token cookie. */
  async function expectCookieRefusedEverywhere(token: string, what: string): Promise<void> {
    const failures: string[] = [];
    for (const route of secured) {
      const response = await callByCookie(route, token);
      if (response.status !== 401 || response.body.error !== 'Unauthorized') {
        failures.push(`${route.name} → ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
      }
    }
    if (failures.length) throw new Error(`${what} in the cookie: not 401 on\n${failures.join('\n')}`);
    expectError(await t.http.get('/api/auth/me').set('Cookie', `access_token=${token}`), 401);
  }

  /** 401 in the API's error shape, on every secured route and on the queue dashboard. */
  async function expectRefusedEverywhere(token: string, what: string): Promise<void> {
    const authorization = `Bearer ${token}`;
    const failures: string[] = [];
    const check = (name: string, response: Response) => {
      if (response.status !== 401 || response.body.error !== 'Unauthorized') {
        failures.push(`${name} → ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
      }
    };
    for (const route of secured) check(route.name, await call(route, authorization));
    check('GET /api/admin/queues', await t.http.get('/api/admin/queues').set('Authorization', authorization));
    check(
      'GET /api/admin/queues?token=',
      await t.http.get(`/api/admin/queues?token=${encodeURIComponent(token)}`),
    );
    if (failures.length) throw new Error(`${what}: not 401 on\n${failures.join('\n')}`);
    expectError(await t.http.get('/api/auth/me').set('Authorization', authorization), 401);
  }

  it('covers the secured routes of the OpenAPI document, and the controls pass', async () => {
    expect(secured.length).toBeGreaterThan(45);
    // The same claims, correctly signed, are accepted: what the attacks change is what is refused.
    await t.http
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${hs256({ alg: 'HS256', typ: 'JWT' }, claims())}`)
      .expect(200);
    await t.http.get('/api/users').set(admin.auth).expect(200);
  });

  describe('forged and broken tokens', () => {
    const header = { alg: 'HS256', typ: 'JWT' };
    const attacks: [string, () => string][] = [
      // alg: none, in every spelling, with and without a signature
      ...['none', 'None', 'NONE', 'nOnE'].map((alg): [string, () => string] => [
        `alg: ${alg}, no signature`,
        () => `${base64url({ alg, typ: 'JWT' })}.${base64url(claims())}.`,
      ]),
      [
        'alg: none, the signature of a valid token kept',
        () => `${base64url({ alg: 'none' })}.${base64url(claims())}.${user.accessToken.split('.')[2]}`,
      ],
      ['alg: none, no signature segment', () => `${base64url({ alg: 'none' })}.${base64url(claims())}`],
      // HS/RS confusion and other algorithms
      [
        'RS256, signed with the attacker’s RSA key',
        () => sign(claims(), attacker.privateKey, { algorithm: 'RS256' }),
      ],
      [
        'RS256 with the attacker’s public key embedded as jwk',
        () =>
          sign(claims(), attacker.privateKey, {
            algorithm: 'RS256',
            header: { alg: 'RS256', jwk: attacker.publicKey.export({ format: 'jwk' }) } as never,
          }),
      ],
      [
        'PS256, signed with the attacker’s RSA key',
        () => sign(claims(), attacker.privateKey, { algorithm: 'PS256' }),
      ],
      [
        'ES256, signed with the attacker’s EC key',
        () => sign(claims(), attackerEc.privateKey, { algorithm: 'ES256' }),
      ],
      [
        'HS256 keyed with the attacker’s RSA public key (PEM)',
        () => hs256(header, claims(), pem(attacker.publicKey)),
      ],
      ['alg: RS256 in the header, HMAC-SHA256 with the real secret', () => hs256({ alg: 'RS256' }, claims())],
      ['alg: ES256 in the header, HMAC-SHA256 with the real secret', () => hs256({ alg: 'ES256' }, claims())],
      [
        'HS384 with the real secret (only HS256 is accepted)',
        () => sign(claims(), SECRET, { algorithm: 'HS384' }),
      ],
      [
        'HS512 with the real secret (only HS256 is accepted)',
        () => sign(claims(), SECRET, { algorithm: 'HS512' }),
      ],
      // wrong signatures
      ['signed with another secret', () => hs256(header, claims(), 'another-secret-of-enough-length-1234')],
      ['signed with the secret in upper case', () => hs256(header, claims(), SECRET.toUpperCase())],
      ['signed with an empty secret', () => hs256(header, claims(), '')],
      [
        'claims changed to the admin’s, signature kept',
        () => {
          const [head, , signature] = user.accessToken.split('.');
          return `${head}.${base64url(claims(admin))}.${signature}`;
        },
      ],
      [
        'role changed to admin, signature kept',
        () => {
          const [head, , signature] = user.accessToken.split('.');
          return `${head}.${base64url({ ...claimsOf(user.accessToken), role: 'admin' })}.${signature}`;
        },
      ],
      ['empty signature', () => user.accessToken.replace(/\.[^.]*$/, '.')],
      ['signature cut short', () => user.accessToken.slice(0, -4)],
      ['signature padded with =', () => `${user.accessToken}=`],
      [
        'signature in standard base64 with padding',
        () => {
          const [head, payload, signature] = user.accessToken.split('.');
          return `${head}.${payload}.${Buffer.from(signature, 'base64url').toString('base64')}`;
        },
      ],
      ['a fourth segment', () => `${user.accessToken}.${user.accessToken.split('.')[2]}`],
      [
        'header and payload swapped',
        () => {
          const [head, payload, signature] = user.accessToken.split('.');
          return `${payload}.${head}.${signature}`;
        },
      ],
      // time
      ['expired a second ago', () => hs256(header, claims(user, { iat: now() - 901, exp: now() - 1 }))],
      ['expiring this very second', () => hs256(header, claims(user, { exp: now() }))],
      ['exp as text', () => hs256(header, claims(user, { exp: String(now() + 300) }))],
      [
        'no exp at all (a token that would never expire)',
        () => hs256(header, claims(user, { exp: undefined })),
      ],
      ['not valid before an hour from now (nbf)', () => hs256(header, claims(user, { nbf: now() + 3600 }))],
      ['nbf as text', () => hs256(header, claims(user, { nbf: 'tomorrow' }))],
      // claims that name no live session
      ['a session id that does not exist', () => hs256(header, claims(user, { sid: 2_147_483_647 }))],
      ["another user's session", () => hs256(header, claims(user, { sid: claimsOf(admin.accessToken).sid }))],
      [
        'a session id as text',
        () => hs256(header, claims(user, { sid: String(claimsOf(user.accessToken).sid) })),
      ],
      [
        'a fractional session id',
        () => hs256(header, claims(user, { sid: claimsOf(user.accessToken).sid + 0.5 })),
      ],
      ['a session id beyond 32 bits', () => hs256(header, claims(user, { sid: 2 ** 31 }))],
      [
        'an infinite session id',
        () => hs256(header, JSON.stringify(claims()).replace(/"sid":\d+/, '"sid":1e400')),
      ],
      ['a user id that is not a number', () => hs256(header, claims(user, { sub: "1' OR '1'='1" }))],
      [
        'a user id with a leading zero',
        () => hs256(header, claims(user, { sub: `0${claimsOf(user.accessToken).sub}` })),
      ],
      [
        'a user id as a number',
        () => hs256(header, claims(user, { sub: Number(claimsOf(user.accessToken).sub) })),
      ],
      ['a user id beyond 32 bits', () => hs256(header, claims(user, { sub: '99999999999' }))],
      ['no claims at all', () => hs256(header, {})],
      ['a payload that is not JSON', () => hs256(header, 'not json')],
      ['a payload that is a JSON array', () => hs256(header, '[1,2,3]')],
      ['a header that is not JSON', () => hs256('not json', claims())],
    ];

    it.each(attacks)('%s → 401', async (what, token) => {
      await expectRefusedEverywhere(token(), what);
    });
  });

  describe('tokens whose user or session is gone', () => {
    it("a deleted user's token → 401, also once a new user has signed up after them", async () => {
      const victim = await signUp(t);
      await t.http.get('/api/auth/me').set(victim.auth).expect(200);
      await t.http.delete(`/api/users/${victim.id}`).set(admin.auth).expect(204);
      await expectRefusedEverywhere(victim.accessToken, 'deleted user');
      // Ids are not reused: the next user and session are new rows, the old token names neither.
      const next = await signUp(t);
      expect(next.id).not.toBe(victim.id);
      expect(claimsOf(next.accessToken).sid).not.toBe(claimsOf(victim.accessToken).sid);
      await expectRefusedEverywhere(victim.accessToken, 'deleted user, after a new signup');
    });

    it.each([
      ['logout', (u: SignedUpUser) => t.http.post('/api/auth/logout').set(u.auth).expect(204)],
      ['logout-all', (u: SignedUpUser) => t.http.post('/api/auth/logout-all').set(u.auth).expect(204)],
      [
        'DELETE of the session from another session',
        async (u: SignedUpUser) => {
          const other = await t.http
            .post('/api/auth/login')
            .send({ email: u.email, password: u.password })
            .expect(200);
          await t.http
            .delete(`/api/auth/sessions/${claimsOf(u.accessToken).sid}`)
            .set('Authorization', `Bearer ${other.body.accessToken}`)
            .expect(204);
        },
      ],
      [
        'a password change from another session',
        async (u: SignedUpUser) => {
          const other = await t.http
            .post('/api/auth/login')
            .send({ email: u.email, password: u.password })
            .expect(200);
          await t.http
            .post('/api/auth/change-password')
            .set('Authorization', `Bearer ${other.body.accessToken}`)
            .send({ currentPassword: u.password, newPassword: 'another-good-password' })
            .expect(204);
        },
      ],
      [
        'a replayed refresh token (the session is taken to be stolen)',
        async (u: SignedUpUser) => {
          await t.http.post('/api/auth/refresh').send({ refreshToken: u.refreshToken }).expect(200);
          await t.http.post('/api/auth/refresh').send({ refreshToken: u.refreshToken }).expect(401);
        },
      ],
    ])('a token of a session ended by %s → 401', async (_how, end) => {
      const victim = await signUp(t);
      await t.http.get('/api/auth/me').set(victim.auth).expect(200);
      await end(victim);
      await expectRefusedEverywhere(victim.accessToken, 'ended session');
    });

    it('the role is read from the database: a demoted admin is refused admin routes at once', async () => {
      const promoted = await signUp(t);
      await t.http
        .patch(`/api/users/${promoted.id}/role`)
        .set(admin.auth)
        .send({ role: 'admin' })
        .expect(200);
      await t.http.get('/api/users').set(promoted.auth).expect(200);
      await t.http.patch(`/api/users/${promoted.id}/role`).set(admin.auth).send({ role: 'user' }).expect(200);
      expectError(await t.http.get('/api/users').set(promoted.auth), 403);
      // A validly signed token that claims the admin role changes nothing either.
      const claimsAdmin = hs256({ alg: 'HS256' }, claims(promoted, { role: 'admin' }));
      expectError(await t.http.get('/api/users').set('Authorization', `Bearer ${claimsAdmin}`), 403);
    });
  });

  describe('tokens in the access_token cookie', () => {
    const header = { alg: 'HS256', typ: 'JWT' };

    it('the control: the same claims, correctly signed, are accepted by cookie', async () => {
      const token = hs256(header, claims());
      await t.http.get('/api/auth/me').set('Cookie', `access_token=${token}`).expect(200);
      // An unsafe route judges the token first, then the CSRF pair (here it matches).
      await t.http
        .patch('/api/users/profile')
        .set('Cookie', `access_token=${token}; csrf_token=${CSRF}`)
        .set('X-CSRF-Token', CSRF)
        .send({})
        .expect(200);
    });

    it.each<[string, () => string]>([
      ['alg: none, no signature', () => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims())}.`],
      ['alg: none, no signature segment', () => `${base64url({ alg: 'none' })}.${base64url(claims())}`],
      [
        'HS256 keyed with the attacker’s RSA public key (PEM)',
        () => hs256(header, claims(), pem(attacker.publicKey)),
      ],
      ['signed with another secret', () => hs256(header, claims(), 'another-secret-of-enough-length-1234')],
      [
        'claims changed to the admin’s, signature kept',
        () => {
          const [head, , signature] = user.accessToken.split('.');
          return `${head}.${base64url(claims(admin))}.${signature}`;
        },
      ],
      ['expired a second ago', () => hs256(header, claims(user, { iat: now() - 901, exp: now() - 1 }))],
      ['no exp at all', () => hs256(header, claims(user, { exp: undefined }))],
      [
        'longer than an Authorization header may be',
        () => hs256(header, claims(user, { pad: 'x'.repeat(4096) })),
      ],
    ])('%s → 401', async (what, token) => {
      await expectCookieRefusedEverywhere(token(), what);
    });

    it('the token of a revoked session (logout) → 401', async () => {
      const victim = await signUp(t);
      await t.http.get('/api/auth/me').set('Cookie', `access_token=${victim.accessToken}`).expect(200);
      await t.http.post('/api/auth/logout').set(victim.auth).expect(204);
      await expectCookieRefusedEverywhere(victim.accessToken, 'revoked session');
    });

    it('a valid cookie does not rescue a bad Authorization header beside it', async () => {
      const response = await t.http
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${hs256({ alg: 'none' }, claims())}`)
        .set('Cookie', `access_token=${user.accessToken}`);
      expectError(response, 401);
    });
  });

  describe('generated tokens (fast-check)', () => {
    const base64urlSegment = fc
      .uint8Array({ maxLength: 80 })
      .map((bytes) => Buffer.from(bytes).toString('base64url'));
    const jsonSegment = fc
      .jsonValue({ maxDepth: 2 })
      .map((value) => base64url(JSON.stringify(value) ?? 'null'));
    /** Printable ASCII, as a header value can carry it. */
    const headerText = fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
      maxLength: 300,
    });

    const assertRefused = (response: Response, context: string) => {
      if (response.status !== 401)
        throw new Error(`${context} → ${response.status} ${JSON.stringify(response.body)}`);
    };

    it('any Authorization header that is not a valid token → 401', async () => {
      const authorization = fc.oneof(
        headerText,
        headerText.map((text) => `Bearer ${text}`),
        fc
          .tuple(
            fc.oneof(jsonSegment, base64urlSegment),
            fc.oneof(jsonSegment, base64urlSegment),
            base64urlSegment,
          )
          .map((parts) => `Bearer ${parts.join('.')}`),
        fc
          .tuple(
            fc.constantFrom('Bearer', 'bearer', 'BEARER', 'Bearer ', 'Token', 'JWT', 'Basic'),
            fc.array(base64urlSegment, { minLength: 1, maxLength: 6 }),
          )
          .map(([scheme, parts]) => `${scheme} ${parts.join('.')}`),
      );
      await fc.assert(
        fc.asyncProperty(authorization, fc.constantFrom(...secured), async (value, route) => {
          assertRefused(await call(route, value), `${route.name} with Authorization: ${value}`);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });

    it('validly signed claims of any shape: 200 only for the exact user id and session id, else 401', async () => {
      const { sub, sid } = claimsOf(user.accessToken);
      const subject = fc.oneof(
        fc.constant<unknown>(sub),
        fc.constantFrom<unknown>(
          Number(sub),
          `0${sub}`,
          ` ${sub}`,
          `${sub} `,
          `+${sub}`,
          `${sub}.0`,
          `${sub}e0`,
          `0x${Number(sub).toString(16)}`,
          `${sub}' OR '1'='1`,
          '99999999999',
          '2147483648',
          '-1',
          '0',
          '',
          null,
          true,
          [sub],
          { $ne: null },
        ),
        fc.string({ maxLength: 20 }),
      );
      const session = fc.oneof(
        fc.constant<unknown>(sid),
        fc.constantFrom<unknown>(
          sid + 0.5,
          -sid,
          0,
          2 ** 31,
          2 ** 53,
          1e308,
          -1e308,
          Number.MIN_VALUE,
          String(sid),
          [sid],
          { $gt: 0 },
          null,
          false,
        ),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
      );
      await fc.assert(
        fc.asyncProperty(subject, session, fc.constantFrom(...secured), async (s, i, route) => {
          const token = hs256({ alg: 'HS256', typ: 'JWT' }, { ...claims(), sub: s, sid: i });
          const response = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${token}`);
          const exact = s === sub && i === sid;
          if (response.status !== (exact ? 200 : 401)) {
            throw new Error(
              `sub ${JSON.stringify(s)}, sid ${JSON.stringify(i)} → ${response.status} ${JSON.stringify(response.body)}`,
            );
          }
          if (!exact)
            assertRefused(
              await call(route, `Bearer ${token}`),
              `${route.name}, sub ${JSON.stringify(s)}, sid ${JSON.stringify(i)}`,
            );
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });

    it('a header of any kind over a correct HMAC-SHA256 signature: 200 only when it says alg HS256', async () => {
      const header = fc.record(
        {
          alg: fc.oneof(
            fc.constantFrom<unknown>(
              'HS256',
              'hs256',
              'HS256 ',
              'none',
              'RS256',
              'ES256',
              'HS384',
              'HS512',
              'PS256',
              '',
              null,
              ['HS256'],
              256,
            ),
            fc.string({ maxLength: 10 }),
          ),
          typ: fc.constantFrom<unknown>('JWT', 'at+jwt', '', 1),
          kid: fc.constantFrom<unknown>('../../../../dev/null', "' OR '1'='1", 'key-1', { $ne: null }),
          jku: fc.constantFrom('https://attacker.example/jwks.json', 'file:///etc/passwd'),
          jwk: fc.constant(attacker.publicKey.export({ format: 'jwk' })),
          x5u: fc.constant('https://attacker.example/cert.pem'),
          crit: fc.constantFrom<unknown>(['exp'], ['b64'], []),
        },
        { requiredKeys: ['alg'] },
      );
      await fc.assert(
        fc.asyncProperty(header, async (value) => {
          const response = await t.http
            .get('/api/auth/me')
            .set('Authorization', `Bearer ${hs256(value, claims())}`);
          const expected = value.alg === 'HS256' ? 200 : 401;
          if (response.status !== expected) {
            throw new Error(`header ${JSON.stringify(value)} → ${response.status}, expected ${expected}`);
          }
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });
  });

  it('the API still answers, and the user and the admin are still signed in', async () => {
    await t.http.get('/api/health').expect(200);
    await t.http.get('/api/auth/me').set(user.auth).expect(200);
    await t.http.get('/api/users').set(admin.auth).expect(200);
  });
});
