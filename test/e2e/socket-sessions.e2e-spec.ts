import { AddressInfo } from 'node:net';
import { Socket } from 'socket.io-client';
import { ApiProcess } from '../support/processes';
import { nextEvent, SocketClients } from '../support/sockets';
import { createTestApp, TestApp } from '../support/test-app';
import { logInAdmin, SignedUpUser, signUp } from '../support/users';
import { waitFor } from '../support/wait';

jest.setTimeout(60_000);

const MAX_SOCKETS = 3;
const MAX_ROOMS = 3;

/** What a socket heard before the server disconnected it. */
interface Ending {
  sessionEnded: { statusCode: number; message: string };
  reason: string;
}

/**
 * Live sockets last as long as their session: whatever ends it (logout, revocation, password
 * change, logout everywhere) disconnects its sockets on every API process, after a
 * `session_ended` event. Sockets per user and auctions per socket are capped; refused messages
 * (a bad payload, a join past the cap) are answered with the REST status and message.
 */
describe('live sockets: their sessions, their caps, their refused messages', () => {
  let t: TestApp;
  let other: ApiProcess;
  let url: string;
  let seller: SignedUpUser;
  const auctionIds: number[] = [];
  const sockets = new SocketClients();

  beforeAll(async () => {
    t = await createTestApp({
      WS_MAX_SOCKETS_PER_USER: String(MAX_SOCKETS),
      WS_MAX_ROOMS_PER_SOCKET: String(MAX_ROOMS),
    });
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    // The same database, Redis and caps (the environment createTestApp set).
    other = await ApiProcess.start();
    seller = await signUp(t);
    for (let i = 0; i <= MAX_ROOMS + 1; i++) {
      const { body } = await t.http
        .post('/api/auctions')
        .set(seller.auth)
        .send({
          title: `Live ${i}`,
          make: 'Mazda',
          model: 'MX-5',
          year: 2020,
          startingPrice: 100,
          minIncrement: 10,
          endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        })
        .expect(201);
      auctionIds.push(body.id);
    }
  });

  afterAll(async () => {
    sockets.closeAll();
    await other?.stop();
    await t?.close();
  });

  /** The `session_ended` event and the disconnection that follow it; fails after 10 s. */
  const ending = (socket: Socket) =>
    new Promise<Ending>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the socket was not disconnected')), 10_000);
      let sessionEnded: Ending['sessionEnded'];
      socket.once('session_ended', (payload: Ending['sessionEnded']) => (sessionEnded = payload));
      socket.once('disconnect', (reason) => {
        clearTimeout(timer);
        resolve({ sessionEnded, reason });
      });
    });

  /** The socket is connected and answered: it joins an auction and hears `auction_joined`. */
  async function expectUsable(socket: Socket, auctionId = auctionIds[0]): Promise<void> {
    expect(socket.connected).toBe(true);
    const joined = nextEvent<{ auctionId: number }>(socket, 'auction_joined');
    socket.emit('join_auction', { auctionId });
    expect(await joined).toEqual({ auctionId });
  }

  const endedBySession = {
    sessionEnded: { statusCode: 401, message: expect.stringMatching(/Session ended/) },
    reason: 'io server disconnect',
  };

  /** A second session of `user` (a second sign-in), with its own tokens. */
  async function signInAgain(user: SignedUpUser): Promise<SignedUpUser> {
    const { body } = await t.http
      .post('/api/auth/login')
      .send({ email: user.email, password: user.password })
      .expect(200);
    return { ...user, ...body, auth: { Authorization: `Bearer ${body.accessToken}` } };
  }

  async function sessionIdOf(user: SignedUpUser): Promise<number> {
    const { body } = await t.http.get('/api/auth/sessions').set(user.auth).expect(200);
    return body.data.find((session: { current: boolean }) => session.current).id;
  }

  describe('a session that ends disconnects its sockets', () => {
    it('logout: the sockets of that session, after a session_ended event; another session keeps its own', async () => {
      const user = await signUp(t);
      const second = await signInAgain(user);
      const [mine, alsoMine, theirs] = [
        await sockets.connected(url, { token: user.accessToken }),
        await sockets.connected(url, { token: user.accessToken }),
        await sockets.connected(url, { token: second.accessToken }),
      ];
      const endings = [ending(mine), ending(alsoMine)];
      await t.http.post('/api/auth/logout').set(user.auth).expect(204);
      expect(await Promise.all(endings)).toEqual([endedBySession, endedBySession]);
      await expectUsable(theirs);
      expect((await sockets.open(url, { token: user.accessToken })).refused).toMatch(/Unauthorized/);
    });

    it('DELETE /api/auth/sessions/:id: the revoked session’s sockets, not the caller’s', async () => {
      const user = await signUp(t);
      const second = await signInAgain(user);
      const [mine, revoked] = [
        await sockets.connected(url, { token: user.accessToken }),
        await sockets.connected(url, { token: second.accessToken }),
      ];
      const ended = ending(revoked);
      await t.http
        .delete(`/api/auth/sessions/${await sessionIdOf(second)}`)
        .set(user.auth)
        .expect(204);
      expect(await ended).toEqual(endedBySession);
      await expectUsable(mine);
    });

    it('change-password: the other sessions’ sockets drop, the current one’s stays', async () => {
      const user = await signUp(t);
      const second = await signInAgain(user);
      const [current, otherSession] = [
        await sockets.connected(url, { token: user.accessToken }),
        await sockets.connected(url, { token: second.accessToken }),
      ];
      const ended = ending(otherSession);
      await t.http
        .post('/api/auth/change-password')
        .set(user.auth)
        .send({ currentPassword: user.password, newPassword: 'another-horse-battery' })
        .expect(204);
      expect(await ended).toEqual(endedBySession);
      await expectUsable(current);
    });

    it('logout-all: every socket of the user, and none of another user', async () => {
      const [user, bystander] = [await signUp(t), await signUp(t)];
      const second = await signInAgain(user);
      const mine = [
        await sockets.connected(url, { token: user.accessToken }),
        await sockets.connected(url, { token: second.accessToken }),
      ];
      const theirs = await sockets.connected(url, { token: bystander.accessToken });
      const endings = mine.map(ending);
      await t.http.post('/api/auth/logout-all').set(user.auth).expect(204);
      expect(await Promise.all(endings)).toEqual([endedBySession, endedBySession]);
      await expectUsable(theirs);
    });

    it('a socket connected to another API process drops when its session ends at this one', async () => {
      const user = await signUp(t);
      const second = await signInAgain(user);
      const [there, stays] = [
        await sockets.connected(other.url, { token: user.accessToken }),
        await sockets.connected(other.url, { token: second.accessToken }),
      ];
      const ended = ending(there);
      await t.http.post('/api/auth/logout').set(user.auth).expect(204);
      expect(await ended).toEqual(endedBySession);
      await expectUsable(stays);
    });

    it('a deleted user’s sockets drop', async () => {
      const user = await signUp(t);
      const socket = await sockets.connected(url, { token: user.accessToken });
      const ended = ending(socket);
      await t.http
        .delete(`/api/users/${user.id}`)
        .set((await logInAdmin(t)).auth)
        .expect(204);
      expect(await ended).toEqual(endedBySession);
    });
  });

  describe('caps', () => {
    it(`refuses a user's socket past ${MAX_SOCKETS} with a 429 connect_error; another user and a freed place are not refused`, async () => {
      const [user, bystander] = [await signUp(t), await signUp(t)];
      const open: Socket[] = [];
      for (let i = 0; i < MAX_SOCKETS; i++)
        open.push(await sockets.connected(url, { token: user.accessToken }));
      const refused = await sockets.open(url, { token: user.accessToken });
      expect(refused).toEqual({
        refused: `Too many connections: at most ${MAX_SOCKETS} sockets per user; close one first`,
        data: { statusCode: 429, message: expect.stringMatching(/Too many connections/) },
      });
      await expectUsable(await sockets.connected(url, { token: bystander.accessToken }));
      for (const socket of open) expect(socket.connected).toBe(true);

      open[0].disconnect();
      // The server handles the disconnection as soon as the packet arrives; give it a moment.
      const again = await waitFor(
        'a new socket to be let in',
        async () => (await sockets.open(url, { token: user.accessToken })).socket,
        {
          timeoutMs: 5_000,
          intervalMs: 50,
        },
      );
      await expectUsable(again);
    });

    it('lets no more than the cap through when the handshakes arrive at once', async () => {
      const user = await signUp(t);
      const results = await Promise.all(
        Array.from({ length: MAX_SOCKETS + 3 }, () => sockets.open(url, { token: user.accessToken })),
      );
      expect(results.filter((result) => result.socket)).toHaveLength(MAX_SOCKETS);
      for (const { data } of results.filter((result) => !result.socket)) expect(data?.statusCode).toBe(429);
    });

    it(`refuses a join past ${MAX_ROOMS} auctions with a 429 acknowledgement; the socket stays connected and usable`, async () => {
      const user = await signUp(t);
      const socket = await sockets.connected(url, { token: user.accessToken });
      for (const auctionId of auctionIds.slice(0, MAX_ROOMS)) await expectUsable(socket, auctionId);
      const past = auctionIds[MAX_ROOMS];
      const tooMany = {
        ok: false,
        statusCode: 429,
        message: `Too many auctions joined: at most ${MAX_ROOMS} per socket; leave one first`,
      };
      expect(await socket.timeout(5_000).emitWithAck('join_auction', { auctionId: past })).toEqual(tooMany);
      // Without an acknowledgement, the same answer comes as an `exception` event.
      const exception = nextEvent(socket, 'exception');
      socket.emit('join_auction', { auctionId: past });
      expect(await exception).toEqual({ ...tooMany, event: 'join_auction' });

      // Joining an auction it is already in adds nothing, and leaving one makes room.
      await expectUsable(socket, auctionIds[0]);
      const left = nextEvent(socket, 'auction_left');
      socket.emit('leave_auction', { auctionId: auctionIds[0] });
      await left;
      await expectUsable(socket, past);
    });

    it('lets no more joins than the cap through when they are sent at once', async () => {
      const socket = await sockets.connected(url, { token: (await signUp(t)).accessToken });
      const outcomes: (number | 'joined')[] = [];
      const all = new Promise<void>((resolve) =>
        socket.onAny((event: string, payload: { statusCode: number }) => {
          outcomes.push(event === 'auction_joined' ? 'joined' : payload.statusCode);
          if (outcomes.length === auctionIds.length) resolve();
        }),
      );
      for (const auctionId of auctionIds) socket.emit('join_auction', { auctionId });
      await all;
      expect(outcomes.filter((outcome) => outcome === 'joined')).toHaveLength(MAX_ROOMS);
      expect(outcomes.filter((outcome) => outcome === 429)).toHaveLength(auctionIds.length - MAX_ROOMS);
    });
  });

  describe('a payload that fails validation', () => {
    const cases: [string, unknown[], string[]][] = [
      [
        'a text id',
        [{ auctionId: 'x' }],
        ['auctionId must not be less than 1', 'auctionId must be an integer number'],
      ],
      ['an unknown field', [{ auctionId: 1, extra: true }], ['property extra should not exist']],
      ['no payload', [], ['auctionId must not be less than 1', 'auctionId must be an integer number']],
    ];

    it.each(cases)(
      'gets 400 and the list of problems in its acknowledgement (%s); the socket stays usable',
      async (_name, payload, messages) => {
        const socket = await sockets.connected(url, { token: (await signUp(t)).accessToken });
        const answer = await socket.timeout(5_000).emitWithAck('join_auction', ...payload);
        expect(answer).toEqual({ ok: false, statusCode: 400, message: expect.any(Array) });
        expect((answer as { message: string[] }).message).toEqual(expect.arrayContaining(messages));
        await expectUsable(socket);
      },
    );

    it.each(cases)(
      'gets the same as an exception event without an acknowledgement (%s); the socket stays usable',
      async (_name, payload, messages) => {
        const socket = await sockets.connected(url, { token: (await signUp(t)).accessToken });
        const exception = nextEvent<{ message: string[] }>(socket, 'exception');
        socket.emit('join_auction', ...payload);
        expect(await exception).toEqual({
          ok: false,
          statusCode: 400,
          message: expect.arrayContaining(messages),
          event: 'join_auction',
        });
        await expectUsable(socket);
      },
    );
  });
});
