import { createServer, IncomingMessage, Server, ServerResponse, STATUS_CODES } from 'node:http';
import { AddressInfo } from 'node:net';
import { CarRecord, compareStored, createRandom, generateCars, randomObjectId } from './car-data';

export type { CarRecord } from './car-data';

/**
 * A stand-in for the external car-model API (a Parse Server REST class on Back4App), fast enough
 * for 100,000 records, with faults that can be queued to exercise a client's retries.
 */

export type Fault =
  | { type: 'latency'; ms: number }
  | { type: 'status'; status: number; retryAfterSeconds?: number; body?: string }
  | { type: 'malformed' }
  | { type: 'wrong-shape' }
  | { type: 'drop' }
  | { type: 'trickle'; ms: number };

export interface CarApiServerOptions {
  port?: number;
  host?: string;
  count?: number;
  seed?: number;
  appId?: string;
  apiKey?: string;
  keyHeader?: string;
  className?: string;
  maxLimit?: number;
}

export interface RecordedRequest {
  path: string;
  limit?: number;
  skip?: number;
  order?: string;
  where?: unknown;
  count: boolean;
  /** The status sent; 0 when the connection was dropped. */
  status: number;
}

const DEFAULTS: Required<CarApiServerOptions> = {
  port: 0,
  host: '127.0.0.1',
  count: 1000,
  seed: 1,
  appId: 'demo-app-id',
  apiKey: 'demo-rest-key',
  keyHeader: 'X-Parse-REST-API-Key',
  className: 'Carmodels_Car_Model_List',
  maxLimit: 1000,
};

// Parse error codes, so a client sees the same shapes as from the real service.
const INTERNAL_ERROR = 1;
const INVALID_QUERY = 102;
const INVALID_KEY_NAME = 105;
const OPERATION_FORBIDDEN = 119;
const REQUEST_LIMIT_EXCEEDED = 155;

const DEFAULT_LIMIT = 100;
const ORDERABLE = new Set(['updatedAt', 'createdAt', 'objectId', 'Year', 'Make', 'Model']);
const EQUALITY_FIELDS = new Set(['objectId', 'Year', 'Make', 'Model', 'Category']);
const DATE_OPERATORS = new Set(['$gt', '$gte', '$lt', '$lte']);
/** A malformed body: what a proxy cutting a response short leaves behind. */
const TRUNCATED_BODY = '{"results":[{"objectId":"';
const TRICKLE_CHUNKS = 20;

interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/** A request the class endpoint refuses; answered as Parse does, `{ code, error }`. */
class QueryError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

type DateOperator = '$gt' | '$gte' | '$lt' | '$lte';

interface DateBound {
  field: 'updatedAt' | 'createdAt';
  operator: DateOperator;
  time: number;
}

interface Filter {
  bounds: DateBound[];
  equals: Array<{ field: keyof CarRecord; value: string | number }>;
}

interface SortKey {
  field: keyof CarRecord;
  descending: boolean;
}

interface Query {
  limit: number;
  skip: number;
  order: SortKey[];
  filter: Filter;
  count: boolean;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, body: JSON.stringify(value), headers: { 'content-type': JSON_TYPE, ...headers } };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseCount(name: string, raw: string | null, fallback: number): number {
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) throw new QueryError(400, INVALID_QUERY, `${name} must be a non-negative integer`);
  return Number(raw);
}

function parseOrder(raw: string | null): SortKey[] {
  if (raw === null || raw === '') return [];
  return raw.split(',').map((part) => {
    const descending = part.startsWith('-');
    const field = descending ? part.slice(1) : part;
    if (!ORDERABLE.has(field)) throw new QueryError(400, INVALID_KEY_NAME, `Invalid field name: ${field}.`);
    return { field: field as keyof CarRecord, descending };
  });
}

/** Parse's REST encoding of a date: `{"__type":"Date","iso":"..."}`. */
function parseDate(value: unknown): number {
  const time = isPlainObject(value) && value.__type === 'Date' ? Date.parse(String(value.iso)) : NaN;
  if (Number.isNaN(time))
    throw new QueryError(400, INVALID_QUERY, 'bad $date value: expected {"__type":"Date","iso":...}');
  return time;
}

function parseDateConstraint(field: 'updatedAt' | 'createdAt', constraint: unknown): DateBound[] {
  if (!isPlainObject(constraint))
    throw new QueryError(400, INVALID_QUERY, `unsupported constraint on ${field}`);
  return Object.entries(constraint).map(([operator, value]) => {
    if (!DATE_OPERATORS.has(operator))
      throw new QueryError(400, INVALID_QUERY, `bad constraint: ${operator}`);
    return { field, operator: operator as DateOperator, time: parseDate(value) };
  });
}

/** Supports what the sync uses: date ranges on updatedAt/createdAt and plain equality on other fields. */
function parseWhere(raw: string | null): Filter {
  const filter: Filter = { bounds: [], equals: [] };
  if (raw === null || raw === '') return filter;
  let where: unknown;
  try {
    where = JSON.parse(raw);
  } catch {
    throw new QueryError(400, INVALID_QUERY, 'where must be valid JSON');
  }
  if (!isPlainObject(where)) throw new QueryError(400, INVALID_QUERY, 'where must be a JSON object');
  for (const [field, constraint] of Object.entries(where)) {
    if (field === 'updatedAt' || field === 'createdAt') {
      filter.bounds.push(...parseDateConstraint(field, constraint));
    } else if (
      EQUALITY_FIELDS.has(field) &&
      (typeof constraint === 'string' || typeof constraint === 'number')
    ) {
      filter.equals.push({ field: field as keyof CarRecord, value: constraint });
    } else {
      throw new QueryError(400, INVALID_QUERY, `unsupported constraint on ${field}`);
    }
  }
  return filter;
}

function parseQuery(params: URLSearchParams, maxLimit: number): Query {
  return {
    limit: Math.min(parseCount('limit', params.get('limit'), DEFAULT_LIMIT), maxLimit),
    skip: parseCount('skip', params.get('skip'), 0),
    order: parseOrder(params.get('order')),
    filter: parseWhere(params.get('where')),
    count: isCountRequested(params),
  };
}

function isCountRequested(params: URLSearchParams): boolean {
  const count = params.get('count');
  return count === '1' || count === 'true';
}

/** What a request asked for, as far as it can be read, for tests to assert on. */
function describeRequest(url: URL): RecordedRequest {
  const integer = (name: string): number | undefined => {
    const raw = url.searchParams.get(name);
    return raw !== null && /^\d+$/.test(raw) ? Number(raw) : undefined;
  };
  const rawWhere = url.searchParams.get('where');
  let where: unknown = rawWhere ?? undefined;
  try {
    if (rawWhere !== null) where = JSON.parse(rawWhere);
  } catch {
    // keep the raw text: it is what the client sent
  }
  return {
    path: url.pathname,
    limit: integer('limit'),
    skip: integer('skip'),
    order: url.searchParams.get('order') ?? undefined,
    where,
    count: isCountRequested(url.searchParams),
    status: 0,
  };
}

/** True when the stored (updatedAt, objectId) order already answers `order`. */
function isStoredOrder(order: SortKey[]): boolean {
  const fields = order.map((key) => (key.descending ? `-${key.field}` : key.field)).join(',');
  return fields === '' || fields === 'updatedAt' || fields === 'updatedAt,objectId';
}

function comparator(order: SortKey[]): (a: CarRecord, b: CarRecord) => number {
  // objectId last, so any order is total and pages never overlap.
  const keys = [...order, { field: 'objectId' as const, descending: false }];
  return (a, b) => {
    for (const { field, descending } of keys) {
      const x = a[field];
      const y = b[field];
      if (x !== y) return (x < y ? -1 : 1) * (descending ? -1 : 1);
    }
    return 0;
  };
}

function matchesBound(record: CarRecord, { field, operator, time }: DateBound): boolean {
  const value = Date.parse(record[field]);
  if (operator === '$gt') return value > time;
  if (operator === '$gte') return value >= time;
  if (operator === '$lt') return value < time;
  return value <= time;
}

/** A date normalized to the stored form; only four-digit years keep ISO strings sortable as text. */
function isoDate(value: Date | string): string {
  const date = new Date(value);
  const iso = Number.isNaN(date.getTime()) ? '' : date.toISOString();
  if (!/^\d{4}-/.test(iso)) throw new RangeError(`CarApiServer: unusable date ${String(value)}`);
  return iso;
}

export class CarApiServer {
  readonly requests: RecordedRequest[] = [];
  /** Sorted by (updatedAt, objectId): the order the sync pages in, so its queries are a binary search. */
  private readonly records: CarRecord[];
  private readonly byId = new Map<string, CarRecord>();
  private readonly faults: Fault[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly random: () => number;
  private readonly classPath: string;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly options: Required<CarApiServerOptions>,
    records: CarRecord[],
  ) {
    this.records = records;
    for (const record of records) this.byId.set(record.objectId, record);
    // A stream apart from the data set's, so added records don't depend on how many were generated.
    this.random = createRandom(options.seed ^ 0x5eed);
    this.classPath = `/classes/${options.className}`;
  }

  static async start(options: CarApiServerOptions = {}): Promise<CarApiServer> {
    const settings = { ...DEFAULTS, ...definedOnly(options) };
    const records = generateCars(settings.count, settings.seed);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(settings.port, settings.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
    const instance = new CarApiServer(server, `http://${host}:${port}`, settings, records);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => instance.onRequest(req, res));
    return instance;
  }

  get size(): number {
    return this.records.length;
  }

  all(): CarRecord[] {
    return this.records.map((record) => ({ ...record }));
  }

  get(objectId: string): CarRecord | undefined {
    const record = this.byId.get(objectId);
    return record && { ...record };
  }

  /**
   * Creates or changes a record as an edit on the real service would: a new objectId when none is
   * given, createdAt kept for an existing record, updatedAt set (now by default). Uniqueness of
   * (Make, Model, Year) is not enforced, so tests can create the duplicates a client must survive.
   */
  upsert(changes: Partial<CarRecord> & { objectId?: string }, updatedAt?: Date): CarRecord {
    const existing = changes.objectId === undefined ? undefined : this.byId.get(changes.objectId);
    const stamp = isoDate(updatedAt ?? changes.updatedAt ?? new Date());
    const record: CarRecord = existing
      ? { ...existing, ...definedOnly(changes), createdAt: existing.createdAt, updatedAt: stamp }
      : this.newRecord(changes, stamp);
    if (existing) this.detach(existing);
    this.insert(record);
    return { ...record };
  }

  remove(objectId: string): boolean {
    const record = this.byId.get(objectId);
    if (!record) return false;
    this.detach(record);
    return true;
  }

  /** Queues `fault` for the next `times` requests to the class endpoint; it applies before authentication. */
  failNext(fault: Fault, times = 1): void {
    for (let i = 0; i < times; i++) this.faults.push(fault);
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  resetRequests(): void {
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (!this.server.listening) return;
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      // Keep-alive sockets (fetch keeps them) would hold close() open otherwise.
      this.server.closeAllConnections();
    });
  }

  private newRecord(changes: Partial<CarRecord>, updatedAt: string): CarRecord {
    const { Make, Model, Year } = changes;
    if (Make === undefined || Model === undefined || Year === undefined) {
      throw new TypeError('CarApiServer.upsert: a new record needs Make, Model and Year');
    }
    let objectId = changes.objectId;
    while (objectId === undefined || this.byId.has(objectId)) objectId = randomObjectId(this.random);
    const createdAt = changes.createdAt === undefined ? updatedAt : isoDate(changes.createdAt);
    return { objectId, Year, Make, Model, Category: changes.Category ?? 'Sedan', createdAt, updatedAt };
  }

  private insert(record: CarRecord): void {
    this.records.splice(this.insertionIndex(record), 0, record);
    this.byId.set(record.objectId, record);
  }

  private detach(record: CarRecord): void {
    const index = this.insertionIndex(record) - 1;
    this.records.splice(index, 1);
    this.byId.delete(record.objectId);
  }

  /** First index whose record sorts after `record` in the stored order. */
  private insertionIndex(record: CarRecord): number {
    let low = 0;
    let high = this.records.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareStored(this.records[mid], record) <= 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** First index whose updatedAt is at or after `time` (inclusive) or strictly after it. */
  private updatedBoundary(time: number, inclusive: boolean): number {
    let low = 0;
    let high = this.records.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const value = Date.parse(this.records[mid].updatedAt);
      if (inclusive ? value < time : value <= time) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    this.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) this.send(res, json(500, { code: INTERNAL_ERROR, error: String(error) }));
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== this.classPath) {
      this.send(res, json(404, { code: OPERATION_FORBIDDEN, error: `Cannot ${req.method} ${url.pathname}` }));
      return;
    }
    const recorded = describeRequest(url);
    this.requests.push(recorded);
    const fault = this.faults.shift();
    if (fault?.type === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.type === 'latency') await this.sleep(fault.ms);
    const reply = fault ? this.faultReply(fault, req, url) : this.answer(req, url);
    recorded.status = reply.status;
    if (fault?.type === 'trickle') await this.sendSlowly(res, reply, fault.ms);
    else this.send(res, reply);
  }

  private faultReply(fault: Fault, req: IncomingMessage, url: URL): Reply {
    switch (fault.type) {
      case 'status':
        return statusReply(fault.status, fault.retryAfterSeconds, fault.body);
      case 'malformed':
        // Labelled JSON like a real response, so only parsing the body reveals it.
        return { status: 200, body: TRUNCATED_BODY, headers: { 'content-type': JSON_TYPE } };
      case 'wrong-shape':
        return json(200, { data: [], message: 'results moved' });
      default:
        return this.answer(req, url);
    }
  }

  /** The normal answer of the class endpoint. */
  private answer(req: IncomingMessage, url: URL): Reply {
    if (req.method !== 'GET')
      return json(405, { code: OPERATION_FORBIDDEN, error: 'only GET is served here' });
    if (!this.authorized(req)) return json(401, { error: 'unauthorized' });
    try {
      return json(200, this.search(parseQuery(url.searchParams, this.options.maxLimit)));
    } catch (error) {
      if (error instanceof QueryError) return json(error.status, { code: error.code, error: error.message });
      throw error;
    }
  }

  private authorized(req: IncomingMessage): boolean {
    // Node lower-cases incoming header names, which makes the match case-insensitive.
    const appId = req.headers['x-parse-application-id'];
    const key = req.headers[this.options.keyHeader.toLowerCase()];
    return appId === this.options.appId && key === this.options.apiKey;
  }

  private search(query: Query): { results: CarRecord[]; count?: number } {
    let matching = this.updatedRange(query.filter.bounds);
    const { equals, bounds } = query.filter;
    const otherBounds = bounds.filter((bound) => bound.field !== 'updatedAt');
    if (equals.length > 0 || otherBounds.length > 0) {
      matching = matching.filter(
        (record) =>
          equals.every(({ field, value }) => record[field] === value) &&
          otherBounds.every((bound) => matchesBound(record, bound)),
      );
    }
    if (!isStoredOrder(query.order)) matching = [...matching].sort(comparator(query.order));
    const results = matching.slice(query.skip, query.skip + query.limit);
    return query.count ? { results, count: matching.length } : { results };
  }

  /** The records within the updatedAt bounds, found by binary search on the stored order. */
  private updatedRange(bounds: DateBound[]): CarRecord[] {
    let from = 0;
    let to = this.records.length;
    for (const { field, operator, time } of bounds) {
      if (field !== 'updatedAt') continue;
      if (operator === '$gt') from = Math.max(from, this.updatedBoundary(time, false));
      if (operator === '$gte') from = Math.max(from, this.updatedBoundary(time, true));
      if (operator === '$lt') to = Math.min(to, this.updatedBoundary(time, true));
      if (operator === '$lte') to = Math.min(to, this.updatedBoundary(time, false));
    }
    return from === 0 && to === this.records.length
      ? this.records
      : this.records.slice(from, Math.max(from, to));
  }

  private send(res: ServerResponse, reply: Reply): void {
    if (res.destroyed) return;
    res.writeHead(reply.status, this.headers(reply));
    res.end(reply.body);
  }

  /** The whole, valid body, in small pieces spread over `ms`. */
  private async sendSlowly(res: ServerResponse, reply: Reply, ms: number): Promise<void> {
    if (res.destroyed) return;
    res.writeHead(reply.status, this.headers(reply));
    const body = Buffer.from(reply.body);
    const size = Math.max(1, Math.ceil(body.length / TRICKLE_CHUNKS));
    const pieces = Math.ceil(body.length / size);
    for (let offset = 0; offset < body.length; offset += size) {
      if (res.destroyed) return;
      res.write(body.subarray(offset, offset + size));
      await this.sleep(ms / pieces);
    }
    res.end();
  }

  private headers(reply: Reply): Record<string, string> {
    return {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': String(Buffer.byteLength(reply.body)),
      ...reply.headers,
    };
  }

  /** A timer close() can cancel, so a pending fault never holds the process open. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

function statusReply(status: number, retryAfterSeconds?: number, body?: string): Reply {
  const headers: Record<string, string> =
    retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
  if (body !== undefined)
    return { status, body, headers: isJson(body) ? { 'content-type': JSON_TYPE, ...headers } : headers };
  const code = status === 429 ? REQUEST_LIMIT_EXCEEDED : INTERNAL_ERROR;
  return json(status, { code, error: STATUS_CODES[status] ?? `HTTP ${status}` }, headers);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Without the keys set to undefined, so they don't override defaults or existing fields. */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
