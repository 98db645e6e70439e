import Redis from 'ioredis';
import { testRedisUrl } from '../../test/support/redis';
import { waitFor } from '../../test/support/wait';
import { Role } from '../common/roles';
import { channelOfDatabase } from '../redis/redis.module';
import { SessionCache } from '../session-cache/session-cache';
import { AccessTokenClaims } from './sessions.service';
import { MAX_VERIFIED_TOKENS, VerifiedTokens } from './verified-tokens';

const NOW = Date.UTC(2026, 11, 1);

/** Claims of a session of `userId` whose token expires at `expiresAt` (15 minutes after NOW). */
const claimsOf = (userId: number, expiresAt = NOW + 900_000): AccessTokenClaims & { exp: number } => ({
  sub: String(userId),
  role: Role.User,
  sid: userId * 10,
  exp: expiresAt / 1000,
});

describe('VerifiedTokens', () => {
  let sessions: SessionCache;
  let tokens: VerifiedTokens;

  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
    // Without Redis: `forgetUser` tells this process's listeners only.
    sessions = new SessionCache();
    tokens = new VerifiedTokens(sessions);
  });
  afterEach(() => jest.restoreAllMocks());

  it('answers the claims of a remembered token, and nothing for another token or none', () => {
    const claims = claimsOf(7);
    tokens.remember('token-a', claims);
    expect(tokens.get('token-a')).toBe(claims);
    expect(tokens.get('token-b')).toBeUndefined();
    expect(tokens.get(null)).toBeUndefined();
  });

  it('answers until the last millisecond before exp, never at exp or after', () => {
    const claims = claimsOf(7, NOW + 60_000);
    tokens.remember('token-a', claims);
    jest.spyOn(Date, 'now').mockReturnValue(claims.exp * 1000 - 1);
    expect(tokens.get('token-a')).toBe(claims);
    jest.spyOn(Date, 'now').mockReturnValue(claims.exp * 1000);
    expect(tokens.get('token-a')).toBeUndefined();
    // Gone for good, even for a clock that went back.
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
    expect(tokens.get('token-a')).toBeUndefined();
  });

  it('keeps no token without a numeric exp or a numeric user id', () => {
    const { exp: _exp, ...noExp } = claimsOf(7);
    tokens.remember('no-exp', noExp);
    tokens.remember('text-exp', {
      ...claimsOf(7),
      exp: String(claimsOf(7).exp),
    } as unknown as AccessTokenClaims);
    tokens.remember('text-sub', { ...claimsOf(7), sub: 'seven' });
    expect(['no-exp', 'text-exp', 'text-sub'].map((token) => tokens.get(token))).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('drops the tokens of a user whose sessions may have ended, and only theirs', async () => {
    tokens.remember('first-of-7', claimsOf(7));
    tokens.remember('second-of-7', claimsOf(7));
    tokens.remember('of-8', claimsOf(8));
    await sessions.forgetUser(7);
    expect(tokens.get('first-of-7')).toBeUndefined();
    expect(tokens.get('second-of-7')).toBeUndefined();
    expect(tokens.get('of-8')).toEqual(claimsOf(8));
  });

  it(`keeps at most ${MAX_VERIFIED_TOKENS} tokens: the oldest leaves first`, () => {
    for (let i = 0; i <= MAX_VERIFIED_TOKENS; i++) tokens.remember(`token-${i}`, claimsOf(i + 1));
    expect(tokens.get('token-0')).toBeUndefined();
    const kept = Array.from({ length: MAX_VERIFIED_TOKENS }, (_, i) => tokens.get(`token-${i + 1}`));
    expect(kept.every((claims, i) => claims?.sub === String(i + 2))).toBe(true);
  });

  it('keeps the first claims of a token remembered twice, and its place in line', () => {
    const first = claimsOf(1);
    tokens.remember('token-0', first);
    for (let i = 1; i < MAX_VERIFIED_TOKENS; i++) tokens.remember(`token-${i}`, claimsOf(i + 1));
    tokens.remember('token-0', claimsOf(1));
    tokens.remember('one-more', claimsOf(99));
    expect(tokens.get('token-0')).toBeUndefined();
    expect(tokens.get('token-1')).toEqual(claimsOf(2));
  });
});

describe('VerifiedTokens beside a session cache on a real Redis', () => {
  const url = testRedisUrl();
  const redis = new Redis(url);
  const publisher = new Redis(url);
  const sessions = new SessionCache(redis);
  const tokens = new VerifiedTokens(sessions);

  beforeAll(async () => {
    sessions.onModuleInit();
    // Subscribed once the cache keeps what it finds.
    await waitFor(
      'the session cache to answer',
      async () => {
        await sessions.resolve(1, async () => ({
          user: { id: 1, role: Role.User, sessionId: 1 },
          profile: {},
        }));
        return sessions.get(1) !== undefined;
      },
      { timeoutMs: 3_000, intervalMs: 10 },
    );
  });
  afterAll(() => {
    sessions.onApplicationShutdown();
    redis.disconnect();
    publisher.disconnect();
  });

  it("drops a user's tokens when another process says that user changed", async () => {
    tokens.remember('of-7', claimsOf(7, Date.now() + 60_000));
    tokens.remember('of-8', claimsOf(8, Date.now() + 60_000));
    await publisher.publish(channelOfDatabase(redis, 'sessions-changed'), '7');
    await waitFor('the token of user 7 to be dropped', () => tokens.get('of-7') === undefined, {
      timeoutMs: 3_000,
      intervalMs: 10,
    });
    expect(tokens.get('of-8')).toBeDefined();
  });

  it('drops every token when any user may have changed (a message naming none)', async () => {
    tokens.remember('of-7', claimsOf(7, Date.now() + 60_000));
    tokens.remember('of-8', claimsOf(8, Date.now() + 60_000));
    await publisher.publish(channelOfDatabase(redis, 'sessions-changed'), 'everyone');
    await waitFor(
      'every token to be dropped',
      () => tokens.get('of-7') === undefined && tokens.get('of-8') === undefined,
      { timeoutMs: 3_000, intervalMs: 10 },
    );
  });
});
