/**
 * The limit bid server of `bench:bids`: `node:http` and the API's `sqlite3` driver on the API's
 * database file, placing bids on `POST /api/bids/auction/:id` (and its alias
 * `POST /api/auctions/:id/bids`) by the rules of the API's `BidsService.place`, in the fewest
 * statements:
 * - the `Bearer` token checked as the API checks it (HS256 with `node:crypto`, its claims, and a
 *   live session: cached for the API's TTL, else the API's lookup);
 * - one transaction, serialized on the one connection as the API serializes its units on SQLite:
 *   `BEGIN IMMEDIATE`; one conditional `UPDATE` of the auction (not the bidder's own, active,
 *   started, not ended, no maximum standing above the price, the amount at least the minimum, the
 *   soft close moving `ends_at`); the read of the leader the bid displaced, as the API's
 *   `leaderByBids`; one `INSERT … RETURNING` of the bid, its bidder's number in the auction found
 *   in the same statement; `COMMIT`. A refused bid reads the auction to answer the API's status
 *   and message;
 * - the bid answered as the API answers it to its bidder: `{ bid, leading, currentPrice, minimumBid }`.
 * It places plain bids only: a maximum (`maxAmount`), or a bid the platform would answer for a
 * standing one, is a 500 here. It sends no events (the API also tells the auction's sockets, and
 * the displaced leader, through Redis).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as BidDtoModule from '../../../src/auctions/dto/bid.dto';
import type * as MoneyModule from '../../../src/common/money';
import type * as AuctionConfigModule from '../../../src/config/auction.config';
import {
  all,
  compiled,
  hs256Key,
  LiveSessions,
  openDatabase,
  prepare,
  readBody,
  run,
  sendError,
  sendJson,
  serve,
  setting,
  sqliteTimestamp,
  toDate,
  verifiedClaims,
} from './reference-support';

const { toBidDto } = compiled<typeof BidDtoModule>('auctions/dto/bid.dto');
const { fromCents, MAX_AMOUNT, toCents } = compiled<typeof MoneyModule>('common/money');
const { softCloseMs } = compiled<typeof AuctionConfigModule>('config/auction.config').auctionConfig();

const MAX_ID = 2_147_483_647;

interface AuctionRow {
  seller_id: number;
  status: string;
  starts_at: string;
  ends_at: string;
  bid_count: number;
  starting_price_cents: number;
  current_price_cents: number;
  min_increment_cents: number;
}

const minimumCents = (auction: AuctionRow) =>
  auction.bid_count === 0
    ? auction.starting_price_cents
    : auction.current_price_cents + auction.min_increment_cents;

/**
 * Why the API refuses a bid of `amountCents` by `bidderId` on this auction as it stands, read after
 * the UPDATE took nothing.
 */
function refusal(auction: AuctionRow | undefined, auctionId: number, bidderId: number, amountCents: number) {
  const now = Date.now();
  if (!auction) return { status: 404, message: `Auction ${auctionId} not found` };
  if (auction.seller_id === bidderId) return { status: 403, message: 'You cannot bid on your own auction' };
  if (auction.status !== 'active') return { status: 409, message: `The auction is ${auction.status}` };
  if (toDate(auction.ends_at).getTime() <= now) return { status: 409, message: 'The auction has ended' };
  if (toDate(auction.starts_at).getTime() > now) {
    return { status: 409, message: 'The auction has not started yet' };
  }
  const minimum = minimumCents(auction);
  if (amountCents < minimum) return { status: 400, message: `The minimum bid is ${fromCents(minimum)}` };
  // Nothing else stops the UPDATE on the one connection but a standing maximum the API would answer.
  throw new Error('The limit bid server places plain bids only: this auction has a standing maximum');
}

/** An amount as the API's `IsMoney` accepts it. */
const isMoney = (value: unknown): value is number =>
  typeof value === 'number' &&
  Number.isFinite(value) &&
  Math.round(value * 100) / 100 === value &&
  value >= 0.01 &&
  value <= MAX_AMOUNT;

async function main(): Promise<(request: IncomingMessage, response: ServerResponse) => Promise<void>> {
  const db = await openDatabase(setting('DB_PATH'));
  const key = hs256Key(setting('JWT_SECRET'));
  const sessions = await LiveSessions.open(db);
  const [begin, commit, rollback, accept, leader, insert, read] = await Promise.all(
    [
      'BEGIN IMMEDIATE',
      'COMMIT',
      'ROLLBACK',
      // ?1 amount, ?2 bidder, ?3 auction, ?4 now, ?5 the soft-close end.
      'UPDATE auctions SET current_price_cents = ?1, bid_count = bid_count + 1, leading_bidder_id = ?2, ' +
        'leading_max_cents = ?1, ends_at = CASE WHEN ends_at < ?5 THEN ?5 ELSE ends_at END, ' +
        'updated_at = CURRENT_TIMESTAMP ' +
        "WHERE id = ?3 AND seller_id != ?2 AND status = 'active' AND ends_at > ?4 AND starts_at <= ?4 " +
        'AND (leading_max_cents IS NULL OR leading_max_cents <= current_price_cents) ' +
        'AND ((bid_count = 0 AND starting_price_cents <= ?1) OR ' +
        '(bid_count > 0 AND current_price_cents + min_increment_cents <= ?1)) ' +
        'RETURNING min_increment_cents',
      'SELECT bidder_id FROM bids WHERE auction_id = ? ORDER BY amount_cents DESC, id DESC LIMIT 1',
      // ?1 auction, ?2 bidder, ?3 amount.
      'INSERT INTO bids (auction_id, bidder_id, bidder_number, amount_cents, max_amount_cents, auto) ' +
        'VALUES (?1, ?2, COALESCE(' +
        '(SELECT bidder_number FROM bids WHERE auction_id = ?1 AND bidder_id = ?2 LIMIT 1), ' +
        '(SELECT COALESCE(MAX(bidder_number), 0) + 1 FROM bids WHERE auction_id = ?1)), ?3, NULL, FALSE) ' +
        'RETURNING id, bidder_number, created_at',
      'SELECT seller_id, status, starts_at, ends_at, bid_count, starting_price_cents, current_price_cents, ' +
        'min_increment_cents FROM auctions WHERE id = ?',
    ].map((sql) => prepare(db, sql)),
  );

  // One transaction at a time on the one connection, as the API queues its units on SQLite.
  let tail: Promise<unknown> = Promise.resolve();
  function serialized<T>(work: () => Promise<T>): Promise<T> {
    const result = tail.then(async () => {
      await run(begin);
      try {
        const value = await work();
        await run(commit);
        return value;
      } catch (error) {
        await run(rollback);
        throw error;
      }
    });
    tail = result.catch(() => undefined);
    return result;
  }

  type Outcome = { status: 201; placed: BidDtoModule.PlacedBidDto } | { status: number; message: string };

  function place(auctionId: number, bidderId: number, amountCents: number): Promise<Outcome> {
    const now = new Date();
    const softEnd = new Date(now.getTime() + softCloseMs);
    return serialized(async (): Promise<Outcome> => {
      const params = [amountCents, bidderId, auctionId, sqliteTimestamp(now), sqliteTimestamp(softEnd)];
      const [accepted] = await all<{ min_increment_cents: number }>(accept, params);
      if (!accepted) {
        const [auction] = await all<AuctionRow>(read, [auctionId]);
        return refusal(auction, auctionId, bidderId, amountCents);
      }
      // The API reads the leader its bid displaced, to tell them they were outbid.
      await all(leader, [auctionId]);
      const [bid] = await all<{ id: number; bidder_number: number; created_at: string }>(insert, [
        auctionId,
        bidderId,
        amountCents,
      ]);
      const dto = toBidDto(
        {
          id: bid.id,
          auctionId,
          bidderId,
          bidderNumber: bid.bidder_number,
          amountCents,
          maxAmountCents: null,
          auto: false,
          createdAt: toDate(bid.created_at),
        },
        { bidder: true, maximum: true },
      );
      const placed = {
        bid: dto,
        leading: true,
        currentPrice: fromCents(amountCents),
        minimumBid: fromCents(amountCents + accepted.min_increment_cents),
      };
      return { status: 201, placed };
    });
  }

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const claims = verifiedClaims(request, key);
    const signedIn = claims && (await sessions.authenticate(claims));
    if (!signedIn) return sendError(response, 401);
    const path = /^\/api\/(?:bids\/auction\/(\d+)|auctions\/(\d+)\/bids)$/.exec(request.url ?? '');
    if (request.method !== 'POST' || !path) return sendError(response, 404);
    const auctionId = Number(path[1] ?? path[2]);
    const text = await readBody(request);
    let offer: { amount?: unknown; maxAmount?: unknown };
    try {
      offer = text === null ? {} : ((JSON.parse(text) ?? {}) as typeof offer);
    } catch {
      return sendError(response, 400, 'Invalid JSON');
    }
    if (offer.maxAmount !== undefined) throw new Error('The limit bid server places plain bids only');
    const { amount } = offer;
    if (auctionId > MAX_ID || auctionId < 1) return sendError(response, 400, 'Invalid id');
    if (amount === undefined) return sendError(response, 400, 'Send amount, maxAmount or both');
    if (!isMoney(amount)) return sendError(response, 400, 'amount must be a number with at most 2 decimals');
    const outcome = await place(auctionId, signedIn.userId, toCents(amount));
    if ('placed' in outcome) return sendJson(response, 201, outcome.placed);
    sendError(response, outcome.status, outcome.message);
  }

  return answer;
}

serve(main);
