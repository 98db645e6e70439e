/**
 * What the reference servers of the benchmarks share: the compiled app's modules, the database file
 * opened as the API's driver opens it, prepared statements, the HS256 check with `node:crypto`, the
 * session check of the API's guard with its cache, and JSON answers on `node:http`.
 *
 * A reference server reads its settings from the environment the API gets (`PORT`, `DB_PATH`,
 * `JWT_SECRET`), so the benchmark starts it like the API.
 */
import { createHmac, createSecretKey, KeyObject, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Database, OPEN_READWRITE, Statement } from 'sqlite3';
import type * as SessionCacheModule from '../../../src/session-cache/session-cache';
import type * as UserDtoModule from '../../../src/users/dto/user.dto';
import type { User } from '../../../src/users/user.entity';

const DIST = join(__dirname, '..', '..', '..', 'dist');

/** A module of the compiled app (dist/), typed as its source. */
export function compiled<T>(path: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiled app, as the API runs it
  return require(join(DIST, path)) as T;
}

const { SESSION_CACHE_TTL_MS } = compiled<typeof SessionCacheModule>('session-cache/session-cache');
const { toUserDto } = compiled<typeof UserDtoModule>('users/dto/user.dto');

/** A setting of the environment the benchmark gives the server, which must be there. */
export function setting(name: 'PORT' | 'DB_PATH' | 'JWT_SECRET'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** The API's database file, opened as TypeORM opens it for the API (WAL, busy timeout, foreign keys). */
export async function openDatabase(path: string): Promise<Database> {
  const db = await new Promise<Database>((resolve, reject) => {
    const opened: Database = new Database(path, OPEN_READWRITE, (error) =>
      error ? reject(error) : resolve(opened),
    );
  });
  db.configure('busyTimeout', 10_000);
  for (const pragma of ['PRAGMA foreign_keys = ON', 'PRAGMA journal_mode = WAL']) {
    await new Promise<void>((resolve, reject) =>
      db.exec(pragma, (error) => (error ? reject(error) : resolve())),
    );
  }
  return db;
}

export function prepare(db: Database, sql: string): Promise<Statement> {
  return new Promise((resolve, reject) => {
    const statement = db.prepare(sql, (error) => (error ? reject(error) : resolve(statement)));
  });
}

/** Every row of a prepared statement run with `params` (stepped to its end, RETURNING included). */
export function all<T>(statement: Statement, params: unknown[]): Promise<T[]> {
  return new Promise((resolve, reject) =>
    statement.all(params, (error: Error | null, rows: T[]) => (error ? reject(error) : resolve(rows))),
  );
}

/** Runs a prepared statement; the number of rows it changed. */
export function run(statement: Statement, params: unknown[] = []): Promise<number> {
  return new Promise((resolve, reject) =>
    statement.run(params, function (this: { changes: number }, error: Error | null) {
      if (error) reject(error);
      else resolve(this.changes);
    }),
  );
}

/**
 * A timestamp column as SQLite gives it (UTC text `YYYY-MM-DD HH:MM:SS[.SSS]`), read as TypeORM
 * reads it for the API.
 */
export function toDate(value: string): Date {
  const iso = value.replace(' ', 'T');
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
}

/** A `Date` as TypeORM writes it into a SQLite timestamp column, for comparisons in SQL. */
export const sqliteTimestamp = (date: Date) => date.toISOString().replace('T', ' ').slice(0, 23);

/** The claims an access token of the API carries. */
export interface AccessClaims {
  sub: string;
  sid: number;
  exp: number;
}

/** The longest `Authorization` value read at all, as the API's guard has it. */
const MAX_AUTHORIZATION_LENGTH = 4096;
const MAX_ID = 2_147_483_647;
const isKey = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_ID;

/**
 * The claims of a request's `Bearer` token when it is an HS256 JWT signed with `key`, not expired,
 * and of the shape the API signs (the checks of jsonwebtoken and of the API's `authenticate`).
 */
export function verifiedClaims(request: IncomingMessage, key: KeyObject): AccessClaims | null {
  const header = request.headers.authorization;
  if (header === undefined || header.length > MAX_AUTHORIZATION_LENGTH) return null;
  const match = /^bearer[ \t]+(\S+)$/i.exec(header.trim());
  if (!match) return null;
  const parts = match[1].split('.');
  if (parts.length !== 3) return null;
  const [head, body, signature] = parts;
  let alg: unknown;
  let claims: Record<string, unknown>;
  try {
    alg = (JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg?: unknown }).alg;
    claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (alg !== 'HS256' || claims === null || typeof claims !== 'object') return null;
  const expected = createHmac('sha256', key).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const now = Math.floor(Date.now() / 1000);
  const { sub, sid, exp, nbf } = claims;
  if (typeof exp !== 'number' || now >= exp) return null;
  if (nbf !== undefined && (typeof nbf !== 'number' || now < nbf)) return null;
  if (typeof sub !== 'string' || !/^[1-9][0-9]{0,9}$/.test(sub) || !isKey(Number(sub)) || !isKey(sid)) {
    return null;
  }
  return { sub, sid, exp };
}

export const hs256Key = (secret: string) => createSecretKey(Buffer.from(secret));

/** The caller of a live session and their own record, as `GET /api/auth/me` answers it. */
export interface SignedIn {
  userId: number;
  sessionId: number;
  profile: UserDtoModule.UserDto;
}

interface UserRow {
  id: number;
  username: string;
  email: string;
  role: User['role'];
  display_name: string | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  address: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * The API's session check: a session found live is trusted for SESSION_CACHE_TTL_MS; otherwise one
 * primary-key lookup of the session joined to its user (the API's `findLiveSession`).
 */
export class LiveSessions {
  private readonly entries = new Map<number, SignedIn & { expiresAt: number }>();

  private constructor(private readonly lookup: Statement) {}

  static async open(db: Database): Promise<LiveSessions> {
    return new LiveSessions(
      await prepare(
        db,
        'SELECT u.id, u.username, u.email, u.role, u.display_name, u.first_name, u.last_name, u.phone, ' +
          'u.address, u.created_at, ' +
          'u.updated_at FROM sessions s INNER JOIN users u ON u.id = s.user_id ' +
          'WHERE s.id = ? AND s.user_id = ? AND s.revoked_at IS NULL',
      ),
    );
  }

  async authenticate(claims: AccessClaims): Promise<SignedIn | null> {
    const userId = Number(claims.sub);
    const cached = this.entries.get(claims.sid);
    if (cached && cached.expiresAt > Date.now()) return cached.userId === userId ? cached : null;
    const [row] = await all<UserRow>(this.lookup, [claims.sid, userId]);
    if (!row) return null;
    const user = {
      id: row.id,
      username: row.username,
      email: row.email,
      role: row.role,
      displayName: row.display_name,
      firstName: row.first_name,
      lastName: row.last_name,
      phone: row.phone,
      address: row.address,
      createdAt: toDate(row.created_at),
      updatedAt: toDate(row.updated_at),
    };
    const found = { userId: row.id, sessionId: claims.sid, profile: toUserDto(user as User) };
    this.entries.set(claims.sid, { ...found, expiresAt: Date.now() + SESSION_CACHE_TTL_MS });
    return found;
  }
}

/** A JSON answer, as Express sends one. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  500: 'Internal Server Error',
};

/** An error answer in the API's shape. */
export function sendError(response: ServerResponse, status: number, message?: string): void {
  sendJson(
    response,
    status,
    message === undefined
      ? { message: REASONS[status], statusCode: status }
      : { message, error: REASONS[status], statusCode: status },
  );
}

/** The request body, up to `limit` bytes (the API's body limit); null past it. */
export function readBody(request: IncomingMessage, limit = 100 * 1024): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.on('end', () => resolve(size <= limit ? Buffer.concat(chunks).toString() : null));
    request.on('error', reject);
  });
}

/**
 * Starts a reference server: `setup` opens what it needs and returns the answer to each request,
 * served on `PORT` (an answer that throws is a `500`); a failing setup ends the process.
 */
export function serve(
  setup: () => Promise<(request: IncomingMessage, response: ServerResponse) => Promise<void>>,
): void {
  setup().then(
    (answer) =>
      createServer((request, response) => {
        answer(request, response).catch((error: unknown) => {
          console.error(error);
          sendError(response, 500);
        });
      }).listen(Number(setting('PORT')), '127.0.0.1'),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
