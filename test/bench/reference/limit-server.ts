/**
 * The "stack limit" reference of `bench:http`: `node:http` and the API's `sqlite3` driver on the
 * API's database file, answering the API's guarded catalogue reads and `GET /api/auth/me` with the
 * same JSON, as directly as the stack allows:
 * - every request's `Bearer` token checked as the API checks it (HS256 with `node:crypto`, its
 *   claims, and a live session: cached for the API's TTL, else the API's lookup);
 * - `GET /api/cars?make&model&year&page&limit` and `GET /api/cars/:id` run the API's own SQL (the
 *   compiled `catalogue-sql`) through the API's own prepared-statement keeper (`sqlite-statements`),
 *   and map the rows with the API's own functions;
 * - `GET /api/auth/me` answers the profile the session check found.
 * Query values are normalized as the API stores names, and checked for their type and range only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as CatalogueSqlModule from '../../../src/cars/catalogue-sql';
import type * as CarDtoModule from '../../../src/cars/dto/car.dto';
import type * as PaginatedModule from '../../../src/common/pagination/paginated';
import type * as ValidationModule from '../../../src/common/validation';
import type * as SqliteStatementsModule from '../../../src/database/sqlite-statements';
import {
  compiled,
  hs256Key,
  LiveSessions,
  openDatabase,
  sendError,
  sendJson,
  serve,
  setting,
  SignedIn,
  verifiedClaims,
} from './reference-support';

const { carByIdStatement, carFromRow, carPageStatement } =
  compiled<typeof CatalogueSqlModule>('cars/catalogue-sql');
const { toCarDto } = compiled<typeof CarDtoModule>('cars/dto/car.dto');
const { pageMeta } = compiled<typeof PaginatedModule>('common/pagination/paginated');
const { asName } = compiled<typeof ValidationModule>('common/validation');
const { SqliteStatements } = compiled<typeof SqliteStatementsModule>('database/sqlite-statements');

type CarRow = CatalogueSqlModule.CarRow;

const MAX_ID = 2_147_483_647;
const MAX_LIST_WINDOW = 10_000;

/** An integer query value within `min`..`max`, `fallback` when absent; undefined when invalid. */
function integer(value: string | null, min: number, max: number, fallback?: number): number | undefined {
  if (value === null) return fallback;
  const number = Number(value);
  return value !== '' && Number.isInteger(number) && number >= min && number <= max ? number : undefined;
}

async function main(): Promise<(request: IncomingMessage, response: ServerResponse) => Promise<void>> {
  const db = await openDatabase(setting('DB_PATH'));
  const key = hs256Key(setting('JWT_SECRET'));
  const sessions = await LiveSessions.open(db);
  const statements = new SqliteStatements(db);

  async function list(response: ServerResponse, search: URLSearchParams): Promise<void> {
    const page = integer(search.get('page'), 1, MAX_LIST_WINDOW, 1);
    const limit = integer(search.get('limit'), 1, 100, 20);
    const year = integer(search.get('year'), 0, 9999);
    const make = search.has('make') ? asName(search.get('make')!) : undefined;
    const model = search.has('model') ? asName(search.get('model')!) : undefined;
    if (
      page === undefined ||
      limit === undefined ||
      (search.has('year') && year === undefined) ||
      page * limit > MAX_LIST_WINDOW
    ) {
      return sendError(response, 400, 'Invalid query');
    }
    const query = { make, model, year, page, limit };
    const { sql, params } = carPageStatement(query, 'sqlite');
    const rows = await statements.all<CarRow & { total: number }>(sql, params);
    const total = rows.length > 0 ? Number(rows[0].total) : 0;
    const data = rows.filter((row) => row.id !== null).map((row) => toCarDto(carFromRow(row)));
    sendJson(response, 200, { data, meta: pageMeta(query, total) });
  }

  async function car(response: ServerResponse, id: string): Promise<void> {
    const carId = integer(id, 1, MAX_ID);
    if (carId === undefined) return sendError(response, 400, 'Invalid id');
    const [row] = await statements.all<CarRow>(carByIdStatement('sqlite'), [carId]);
    if (!row) return sendError(response, 404, `Car ${carId} not found`);
    sendJson(response, 200, toCarDto(carFromRow(row)));
  }

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const claims = verifiedClaims(request, key);
    const signedIn: SignedIn | null = claims && (await sessions.authenticate(claims));
    if (!signedIn) return sendError(response, 401);
    const url = request.url ?? '/';
    const mark = url.indexOf('?');
    const path = mark === -1 ? url : url.slice(0, mark);
    if (request.method !== 'GET') return sendError(response, 404);
    if (path === '/api/cars')
      return list(response, new URLSearchParams(mark === -1 ? '' : url.slice(mark + 1)));
    const carPath = /^\/api\/cars\/([^/]+)$/.exec(path);
    if (carPath) return car(response, carPath[1]);
    if (path === '/api/auth/me') return sendJson(response, 200, signedIn.profile);
    sendError(response, 404);
  }

  return answer;
}

serve(main);
