import { createHmac, generateKeyPairSync } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { decode, sign } from 'jsonwebtoken';
import { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { DEV_JWT_SECRET } from '../../src/config/env.validation';
import { MAX_ID } from '../support/fixtures';
import { captureServerErrors, changedTables, snapshotDatabase } from '../support/hostile';
import { SocketClients } from '../support/sockets';
import { createTestApp, TestApp } from '../support/test-app';
import { logInAdmin, SignedUpUser, signUp } from '../support/users';

jest.setTimeout(120_000);

const SECRET = process.env.JWT_SECRET?.trim() || DEV_JWT_SECRET;

/** The messages a client sends; each payload below goes to every one of them. */
const EVENTS = [
  'join_auction',
  'leave_auction',
  'place_bid',
  'auction_status_update',
  'typing',
  'bid_placed',
];

/** Nested `depth` levels deep: `{ a: { a: ... } }`. */
const nested = (depth: number) => {
  let value: object = {};
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};

/**
 * Hostile payloads (the arguments of an emit), by what is wrong with them, for a real auction's
 * id, so that only the payload is wrong.
 */
const PAYLOADS: [string, (auctionId: number) => unknown[]][] = [
  ['no payload', () => []],
  ['null', () => [null]],
  ['a string', () => ['{"auctionId": 1}']],
  ['a number', (id) => [id]],
  ['a boolean', () => [true]],
  ['an empty array', () => [[]]],
  ['an array holding the payload', (id) => [[{ auctionId: id }]]],
  ['two arguments', (id) => [{ auctionId: id }, { auctionId: id }]],
  ['an empty object', () => [{}]],
  ['the id as text', (id) => [{ auctionId: String(id) }]],
  ['a fractional id', () => [{ auctionId: 1.5 }]],
  ['a negative id', () => [{ auctionId: -1 }]],
  ['an id beyond 32 bits', () => [{ auctionId: MAX_ID + 1 }]],
  ['an id of 1e300', () => [{ auctionId: 1e300 }]],
  ['an id as an object', () => [{ auctionId: { $gt: 0 } }]],
  ['an id as an array', (id) => [{ auctionId: [id] }]],
  ['an id in SQL', () => [{ auctionId: '1 OR 1=1' }]],
  ['an unknown field', (id) => [{ auctionId: id, admin: true }]],
  ['a __proto__ key', (id) => [JSON.parse(`{"auctionId": ${id}, "__proto__": {"admin": true}}`)]],
  ['a constructor key', (id) => [{ auctionId: id, constructor: { prototype: { admin: true } } }]],
  ['an amount as text', (id) => [{ auctionId: id, amount: '100', status: 'cancelled' }]],
  ['a negative amount', (id) => [{ auctionId: id, amount: -100 }]],
  ['an amount of 1e308', (id) => [{ auctionId: id, amount: 1e308 }]],
  ['a maximum as an object', (id) => [{ auctionId: id, maxAmount: { toString: 1 } }]],
  ['a status in SQL', (id) => [{ auctionId: id, status: "cancelled' OR '1'='1" }]],
  ['a lone surrogate', (id) => [{ auctionId: id, status: '\udfff' }]],
  ['a string of 500 kB', (id) => [{ auctionId: id, status: 'x'.repeat(500_000) }]],
  ['10,000 fields', () => [Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`f${i}`, i]))]],
  ['an array of 100,000 numbers', () => [Array.from({ length: 100_000 }, (_, i) => i)]],
  ['nested 1,000 deep', (id) => [{ auctionId: id, deep: nested(1_000) }]],
  ['binary data', () => [Buffer.alloc(100_000, 1)]],
];

/**
 * Hostile input on the live socket: every client message gets malformed, mistyped, oversized and
 * prototype-polluting payloads, and each is answered 400 in its acknowledgement (or an `exception`
 * event) with the socket left connected and usable, nothing stored and no 5xx; a frame over
 * Socket.IO's limit ends only its own connection. Then the handshake gets the JWT attacks the
 * REST routes get (jwt-attacks.e2e-spec.ts): each refused with 401, never a connection.
 */
describe('hostile input and JWT attacks on the live socket', () => {
  let t: TestApp;
  let url: string;
  let seller: SignedUpUser;
  let user: SignedUpUser;
  let auctionId: number;
  const sockets = new SocketClients();

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    [seller, user] = await Promise.all([signUp(t), signUp(t)]);
    const { body } = await t.http
      .post('/api/auctions')
      .set(seller.auth)
      .send({
        title: 'Hostile',
        make: 'Lancia',
        model: 'Stratos',
        year: 1974,
        startingPrice: 100,
        minIncrement: 10,
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      })
      .expect(201);
    auctionId = body.id;
  });

  afterEach(() => sockets.closeAll());
  afterAll(() => t?.close());

  /** A socket of the user, once it has heard `connection_response`. */
  const connected = () => sockets.connected(url, { token: user.accessToken });

  /** The socket still answers: it joins the auction and hears `auction_joined`. */
  async function expectUsable(socket: Socket): Promise<void> {
    expect(socket.connected).toBe(true);
    const joined = new Promise((resolve) => socket.once('auction_joined', resolve));
    socket.emit('join_auction', { auctionId });
    expect(await joined).toEqual({ auctionId });
  }

  describe('payloads', () => {
    it('every message refuses every hostile payload with 400, the socket stays usable, nothing changes', async () => {
      const dataSource = t.app.get(DataSource);
      const socket = await connected();
      const before = await snapshotDatabase(dataSource);
      const errors = captureServerErrors();
      const failures: string[] = [];
      try {
        for (const event of EVENTS) {
          for (const [name, payload] of PAYLOADS) {
            const answer = await socket.timeout(10_000).emitWithAck(event, ...payload(auctionId));
            if (answer?.ok !== false || answer.statusCode !== 400 || !answer.message) {
              failures.push(`${event} with ${name} → ${JSON.stringify(answer).slice(0, 300)}`);
            }
          }
        }
      } finally {
        errors.restore();
      }
      expect(failures).toEqual([]);
      expect(changedTables(before, await snapshotDatabase(dataSource))).toEqual([]);
      await expectUsable(socket);
    });

    it('says what is wrong, as the REST routes do', async () => {
      const socket = await connected();
      const ask = (event: string, ...payload: unknown[]) =>
        socket.timeout(10_000).emitWithAck(event, ...payload);
      expect(await ask('place_bid', { auctionId, amount: '100' })).toEqual({
        ok: false,
        statusCode: 400,
        message: expect.arrayContaining(['amount must be a number with at most 2 decimals']),
      });
      expect(await ask('place_bid', { auctionId, amount: 100, admin: true })).toEqual({
        ok: false,
        statusCode: 400,
        message: ['property admin should not exist'],
      });
      expect(await ask('typing', { auctionId, deep: nested(100) })).toEqual({
        ok: false,
        statusCode: 400,
        message: ['The body nests more than 32 levels deep'],
      });
      expect(await ask('bid_placed', JSON.parse(`{"auctionId": ${auctionId}, "__proto__": {}}`))).toEqual({
        ok: false,
        statusCode: 400,
        message: ['property __proto__ should not exist'],
      });
    });

    it.each(EVENTS)('%s without an acknowledgement: the same answer as an exception event', async (event) => {
      const socket = await connected();
      const exception = new Promise((resolve) => socket.once('exception', resolve));
      socket.emit(event, { auctionId: String(auctionId) });
      expect(await exception).toEqual({
        ok: false,
        statusCode: 400,
        message: expect.arrayContaining(['auctionId must be an integer number']),
        event,
      });
      await expectUsable(socket);
    });

    it('a frame over Socket.IO’s 1 MB limit ends its own connection only; the server serves on', async () => {
      const [socket, bystander] = [await connected(), await connected()];
      const closed = new Promise((resolve) => socket.once('disconnect', resolve));
      socket.emit('place_bid', { auctionId, amount: 100, padding: 'x'.repeat(1_100_000) });
      expect(await closed).toBe('transport close');
      await expectUsable(bystander);
      await expectUsable(await connected());
      const { body } = await t.http.get(`/api/auctions/${auctionId}`).set(user.auth).expect(200);
      expect(body.bidCount).toBe(0);
    });
  });

  describe('JWT attacks on the handshake', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const base64url = (value: object | string) =>
      Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
    const hs256 = (header: object, payload: object, key: string = SECRET) => {
      const input = `${base64url(header)}.${base64url(payload)}`;
      return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
    };
    const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });
    /** Valid claims of the user's session, changed by `changes`. */
    const claims = (changes: object = {}) => {
      const { sub, role, sid } = decode(user.accessToken) as { sub: string; role: string; sid: number };
      return { sub, role, sid, iat: now(), exp: now() + 300, ...changes };
    };
    const header = { alg: 'HS256', typ: 'JWT' };

    const attacks: [string, () => unknown][] = [
      ...['none', 'None', 'NONE'].map((alg): [string, () => unknown] => [
        `alg: ${alg}`,
        () => `${base64url({ alg, typ: 'JWT' })}.${base64url(claims())}.`,
      ]),
      [
        'alg: none, the signature of a valid token kept',
        () => `${base64url({ alg: 'none' })}.${base64url(claims())}.${user.accessToken.split('.')[2]}`,
      ],
      ['signed with another secret', () => hs256(header, claims(), 'another-secret-of-enough-length-1234')],
      [
        'RS256, signed with the attacker’s key',
        () => sign(claims(), attacker.privateKey, { algorithm: 'RS256' }),
      ],
      ['HS384 with the real secret', () => sign(claims(), SECRET, { algorithm: 'HS384' })],
      [
        'role changed to admin, signature kept',
        () => {
          const [head, , signature] = user.accessToken.split('.');
          return `${head}.${base64url({ ...claims(), role: 'admin' })}.${signature}`;
        },
      ],
      ['expired a second ago', () => hs256(header, claims({ iat: now() - 901, exp: now() - 1 }))],
      ['no exp (a token that would never expire)', () => hs256(header, claims({ exp: undefined }))],
      ['not valid before an hour from now', () => hs256(header, claims({ nbf: now() + 3600 }))],
      ['a session that does not exist', () => hs256(header, claims({ sid: MAX_ID }))],
      ['a user id beyond 32 bits', () => hs256(header, claims({ sub: '99999999999' }))],
      ['an empty string', () => ''],
      ['a number', () => 12345],
      ['an object', () => ({ token: user.accessToken })],
      ['an array', () => [user.accessToken]],
      ['null', () => null],
      ['100 kB of text', () => 'x'.repeat(100_000)],
    ];

    it.each(attacks)('%s → refused with 401', async (_name, token) => {
      const { hello, refused, data } = await sockets.open(url, { token: token() });
      expect(hello).toBeUndefined();
      expect(refused).toMatch(/Unauthorized/);
      expect(data?.statusCode).toBe(401);
    });

    it('no token, or the token elsewhere than auth.token → refused with 401', async () => {
      for (const attempt of [
        await sockets.open(url, {}),
        await sockets.open(url, {}, { query: { token: user.accessToken } }),
        await sockets.open(url, {}, { extraHeaders: { Authorization: `Bearer ${user.accessToken}` } }),
      ]) {
        expect(attempt.hello).toBeUndefined();
        expect(attempt.data?.statusCode).toBe(401);
      }
    });

    it('the token of a session that ended, or of a deleted user → refused with 401; the control connects', async () => {
      const control = await signUp(t);
      expect((await sockets.open(url, { token: control.accessToken })).hello).toEqual({
        userId: control.id,
        username: control.username,
      });
      const loggedOut = await signUp(t);
      await t.http.post('/api/auth/logout').set(loggedOut.auth).expect(204);
      const deleted = await signUp(t);
      await t.http
        .delete(`/api/users/${deleted.id}`)
        .set((await logInAdmin(t)).auth)
        .expect(204);
      for (const gone of [loggedOut, deleted]) {
        const { hello, data } = await sockets.open(url, { token: gone.accessToken });
        expect(hello).toBeUndefined();
        expect(data?.statusCode).toBe(401);
      }
    });
  });
});
