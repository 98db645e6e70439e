import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { FULL_SPECS, MAX_ID, uniqueMake } from '../support/fixtures';
import {
  captureServerErrors,
  changedTables,
  DatabaseSnapshot,
  fillPath,
  Parameter,
  Route,
  routesOf,
  Schema,
  snapshotDatabase,
} from '../support/hostile';
import { OpenApiContract } from '../support/openapi-contract';
import { ADMIN, createTestApp, TestApp } from '../support/test-app';
import { expectError } from '../support/expect-error';
import { logInAdmin, SignedUpUser, signUp } from '../support/users';

/**
 * Hostile input on every route of the OpenAPI document: generated path parameters, query strings
 * and bodies (wrong types, huge, negative and fractional numbers, unicode, SQL and operator
 * injection, prototype-pollution keys, deep nesting, huge arrays, malformed JSON, wrong content
 * types), sent anonymously, as a user and as an admin. No request may get a 5xx, and a request
 * that is refused (4xx) must leave every table as it was, which a snapshot of the database before
 * and after each request checks (GETs, which change nothing whatever they answer, once per
 * route). A request that succeeds may change what it asked to; the user and the admin are signed
 * in again when it ended their session. Every response, whatever its status, must be one the
 * OpenAPI document describes (status, body, headers): the app's `http` checks each.
 *
 * The run is reproducible: HOSTILE_SEED (default below) seeds every property, and a failure
 * prints the seed, the path of the counterexample and the request. HOSTILE_RUNS sets the number of
 * requests per route and class of input.
 */
const SEED = Number(process.env.HOSTILE_SEED ?? 20261121);
const RUNS = Number(process.env.HOSTILE_RUNS ?? 20);
/** Print the counts of requests and statuses per class at the end. */
const REPORT = process.env.HOSTILE_REPORT === '1';

type Identity = 'anonymous' | 'user' | 'admin';
const IDENTITIES: Identity[] = ['anonymous', 'user', 'admin'];

interface HostileBody {
  text: string | Buffer;
  contentType: string;
  contentEncoding?: string;
}

interface HostileRequest {
  identity: Identity;
  /** Raw path segments, already encoded as they go on the wire. */
  segments: Record<string, string>;
  /** Raw query string, without `?`. */
  query: string;
  body?: HostileBody;
}

// ---------------------------------------------------------------------------------------------
// Hostile values

/** Bytes as they go into a URL: unreserved characters as they are, everything else %-encoded. */
const percentEncode = (value: string) =>
  [...Buffer.from(value, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

const INJECTION_STRINGS = [
  "' OR '1'='1",
  "1' OR 1=1 --",
  "'; DROP TABLE users; --",
  '1; DELETE FROM cars',
  "1' AND pg_sleep(5) --",
  "' UNION SELECT password_hash, email FROM users --",
  "admin'--",
  '1) OR (1=1',
  '%',
  '_',
  '%%',
  '\\',
  "\\'",
  '"',
  '`',
  '[',
  '$',
  '{"$gt":""}',
  '{"$ne":null}',
  '$where',
  'sleep(1)',
  'NULL',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'prototype',
  '<script>alert(1)</script>',
  '${7*7}',
  '{{7*7}}',
  '../../../etc/passwd',
  '..\\..\\windows',
  '\u0000',
  'a\u0000b',
  '\u202eevil',
  '\u200b',
  '\ufeff',
  'İstanbul',
  'ß',
  'Ａｄｍｉｎ',
  'e\u0301',
  '🚗🚙🏎️',
  '\ud800',
  '\udfff',
  '\r\n\r\nX-Injected: 1',
  '',
  ' ',
  'x'.repeat(300),
  '🚗'.repeat(5000),
];

const NUMERIC_STRINGS = [
  '0',
  '-0',
  '-1',
  '1.5',
  '0.1',
  '1e3',
  '1e308',
  '1e400',
  '-1e400',
  '0x10',
  '0b1',
  '0o7',
  'NaN',
  'Infinity',
  '-Infinity',
  '2147483647',
  '2147483648',
  '-2147483649',
  '9007199254740993',
  '99999999999999999999999999',
  '1000000',
  ' 1',
  '1 ',
  '+1',
  '١',
  '１',
  '1,000',
  '1_000',
  '00001',
  '1.0',
  '1.',
  '.5',
];

/** Numbers as raw JSON text: some of them JSON.stringify cannot write (1e400 parses as Infinity). */
const NUMBER_LITERALS = [
  '1e400',
  '-1e400',
  '-0',
  '0.1e-400',
  '123456789012345678901234567890',
  '1.00000000000000000000001',
  '2147483648',
  '-2147483649',
  '9007199254740993',
  '1.7976931348623157e308',
  '5e-324',
  '1e21',
  '12500.555',
  '10000000.01',
  '0.001',
];

const OPERATOR_OBJECTS = [
  { $gt: '' },
  { $ne: null },
  { $in: [1, 2, 3] },
  { $where: '1 == 1' },
  { $regex: '.*' },
  { '>': 0 },
  { or: [{ id: 1 }] },
];

/** Objects that try to reach a prototype, as raw JSON (JSON.parse keeps `__proto__` as a key). */
const POLLUTION_OBJECTS = [
  '{"__proto__":{"role":"admin","isAdmin":true,"polluted":"yes"}}',
  '{"constructor":{"prototype":{"role":"admin","polluted":"yes"}}}',
  '{"__proto__":{"__proto__":{"polluted":"yes"}}}',
  '{"prototype":{"polluted":"yes"}}',
  '{"__proto__":null}',
  '{"__proto__":[]}',
  '{"constructor":null}',
  '{"hasOwnProperty":"no","toString":"no","valueOf":1}',
];

/** Keys that no DTO has: prototype keys, operators, duplicates of real fields in another case. */
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'role',
  'isAdmin',
  'id',
  'userId',
  'sellerId',
  'status',
  '$where',
  '$gt',
  'hasOwnProperty',
  'toString',
  '',
  ' ',
  'a.b',
  'a[b]',
  '\u0000',
  '🚗',
];

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...INJECTION_STRINGS) },
  { weight: 2, arbitrary: fc.constantFrom(...NUMERIC_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 2000 }) },
);

const hostileNumber = fc.oneof(
  fc.constantFrom(
    2 ** 31,
    2 ** 31 - 1,
    2 ** 32,
    2 ** 53,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    Number.MIN_VALUE,
    1e21,
    1e-7,
    0.1 + 0.2,
    12500.555,
    -1,
    0,
    1.5,
    -2147483649,
    10_000_000.01,
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** `[[[…]]]` or `{"a":{"a":…}}` nested `depth` deep, as raw JSON (too deep for JSON.stringify). */
const deepJson = (depth: number, kind: 'array' | 'object') =>
  kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

/** A hostile JSON value, as the raw text that goes into a body. */
const hostileJson: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: hostileString.map((value) => JSON.stringify(value)) },
  { weight: 3, arbitrary: hostileNumber.map((value) => JSON.stringify(value)) },
  { weight: 2, arbitrary: fc.constantFrom(...NUMBER_LITERALS) },
  { weight: 2, arbitrary: fc.constantFrom('true', 'false', 'null', '[]', '{}', '""', '[null]', '[1,"1"]') },
  { weight: 2, arbitrary: fc.constantFrom(...OPERATOR_OBJECTS).map((value) => JSON.stringify(value)) },
  { weight: 2, arbitrary: fc.constantFrom(...POLLUTION_OBJECTS) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 20, max: 20_000 }), fc.constantFrom('array' as const, 'object' as const))
      .map(([depth, kind]) => deepJson(depth, kind)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 1_000, max: 20_000 }), fc.constantFrom('1', '"x"', '{}', 'null'))
      .map(([length, item]) => `[${Array(length).fill(item).join(',')}]`),
  },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 6 }).map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.object({ maxDepth: 2, maxKeys: 4 }).map((value) => JSON.stringify(value)) },
);

// ---------------------------------------------------------------------------------------------
// Plausible values: what a client would send, so that a request with one hostile part gets past
// the others and reaches the services and the database.

const isoFromNow = (ms: number) => new Date(Date.now() + ms).toISOString();
const DAY = 86_400_000;

/** Amounts the validation accepts, its bounds among them. */
const money = fc.oneof(
  fc.constantFrom(1000, 12500.5, 99.99, 0.01, 9_999_999.99, 10_000_000),
  fc.integer({ min: 1, max: 10_000_000 }),
);

function plausibleValue(name: string, schema: Schema, knownIds: () => number[]): fc.Arbitrary<unknown> {
  const id = fc.oneof(fc.constantFrom(...knownIds()), fc.integer({ min: 1, max: 40 }), fc.constant(MAX_ID));
  const tag = () => randomBytes(3).toString('hex');
  switch (name) {
    case 'username':
      return fc.oneof(fc.stringMatching(/^[a-z0-9_.-]{3,24}$/), fc.constant(`hx_${tag()}`));
    case 'email':
      return fc.oneof(
        fc.stringMatching(/^[a-z0-9]{1,12}@example\.com$/),
        fc.constant(`hx_${tag()}@example.com`),
      );
    case 'password':
    case 'currentPassword':
    case 'newPassword':
      return fc.constantFrom('correct-horse-battery', 'wrong-password-123', '12345678');
    case 'refreshToken':
      return fc
        .uint8Array({ minLength: 32, maxLength: 32 })
        .map((bytes) => Buffer.from(bytes).toString('base64url'));
    case 'displayName':
    case 'address':
      return fc.string({ maxLength: 40 });
    case 'phone':
      return fc.constantFrom('+1 555 0100', '(030) 123-456', null);
    case 'role':
      return fc.constantFrom('user', 'admin', 'buyer', 'seller');
    case 'make':
      return fc.constantFrom('Toyota', 'Honda', 'HxMake', 'm'.repeat(64), 'İstanbul', 'ＴＯＹＯＴＡ');
    case 'model':
      return fc.constantFrom('Corolla', 'Civic', 'HxModel', 'm'.repeat(128), 'Straße');
    case 'year':
    case 'yearFrom':
    case 'yearTo':
      return fc.integer({ min: 1886, max: new Date().getUTCFullYear() + 2 });
    case 'category':
      return fc.constantFrom('Sedan', 'SUV');
    case 'carId':
    case 'sellerId':
    case 'auctionId':
    case 'id':
      return id;
    case 'price':
    case 'startingPrice':
    case 'reservePrice':
    case 'minIncrement':
    case 'amount':
    case 'priceMin':
    case 'priceMax':
      return money;
    case 'mileage':
      return fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom(0, 10_000_000));
    case 'description':
      return fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('d'.repeat(5000), 'é'.repeat(5000)));
    case 'q':
      return fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('%', '_', 'Toy', 'q'.repeat(128)));
    case 'title':
      return fc.constantFrom('A fine car', 'Barn find, runs', 't'.repeat(120), '🚗'.repeat(60));
    case 'specs':
      return fc.record(
        {
          condition: fc.constantFrom('new', 'excellent', 'poor'),
          fuelType: fc.constantFrom('petrol', 'electric'),
          transmission: fc.constantFrom('manual', 'cvt'),
          color: fc.constantFrom(FULL_SPECS.color),
          engine: fc.constantFrom(FULL_SPECS.engine),
          features: fc.constant(FULL_SPECS.features),
        },
        { requiredKeys: [] },
      );
    case 'startsAt':
      return fc.integer({ min: -DAY, max: DAY }).map(isoFromNow);
    case 'endsAt':
    case 'endingBefore':
      return fc.oneof(
        fc.integer({ min: 60_000, max: 29 * DAY }).map(isoFromNow),
        fc.constantFrom(30 * DAY - 60_000, 1_000).map(isoFromNow),
      );
    case 'status':
      return fc.constantFrom('active', 'withdrawn', 'sold', 'closed', 'cancelled');
    case 'page':
      return fc.constantFrom(1, 2);
    case 'limit':
      return fc.constantFrom(1, 20, 100);
    case 'includeRemoved':
      return fc.constantFrom('true', 'false');
    case 'source':
      return fc.constantFrom('manual', 'sync');
  }
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'number':
    case 'integer':
      return id;
    case 'boolean':
      return fc.boolean();
    case 'object':
      return fc.constant({});
    default:
      return fc.string({ maxLength: 20 });
  }
}

// ---------------------------------------------------------------------------------------------
// Requests

/** A JSON object as raw text from its entries (keys may repeat, values are raw JSON). */
const objectJson = (entries: [string, string][]) =>
  `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;

const json = (text: string): HostileBody => ({ text, contentType: 'application/json' });

interface Arbitraries {
  segments(route: Route, hostile: boolean): fc.Arbitrary<Record<string, string>>;
  query(route: Route, hostile: boolean): fc.Arbitrary<string>;
  body(route: Route, hostile: boolean): fc.Arbitrary<HostileBody | undefined>;
  rawBody: fc.Arbitrary<HostileBody>;
}

function arbitraries(knownIds: () => number[]): Arbitraries {
  const hostileSegment = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...NUMERIC_STRINGS).map(percentEncode) },
    { weight: 3, arbitrary: hostileString.map(percentEncode) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '%',
        '%zz',
        '%E0%A4%A',
        '%00',
        '%C0%AE',
        '%2F',
        '%2e%2e',
        '%FF%FE',
        '1%00',
        '1;DROP',
        '1%27%20OR%201%3D1',
        '9'.repeat(5000),
        '1'.repeat(300),
      ),
    },
    { weight: 1, arbitrary: hostileNumber.map((value) => percentEncode(String(value))) },
  );

  const segments = (route: Route, hostile: boolean) =>
    fc.record(
      Object.fromEntries(
        route.pathParams.map((parameter) => {
          const plausible = plausibleValue(parameter.name, parameter.schema, knownIds).map((value) =>
            percentEncode(String(value)),
          );
          return [
            parameter.name,
            hostile ? fc.oneof({ weight: 4, arbitrary: hostileSegment }, plausible) : plausible,
          ];
        }),
      ),
    ) as fc.Arbitrary<Record<string, string>>;

  const plausibleQueryEntry = (parameter: Parameter) =>
    plausibleValue(parameter.name, parameter.schema, knownIds).map(
      (value) => [parameter.name, String(value)] as [string, string],
    );

  const query = (route: Route, hostile: boolean): fc.Arbitrary<string> => {
    const names = [...route.query.map((parameter) => parameter.name), 'page', 'limit', 'sort', 'q'];
    const plausible = route.query.length
      ? fc.array(fc.oneof(...route.query.map(plausibleQueryEntry)), { maxLength: 3 })
      : fc.constant([] as [string, string][]);
    if (!hostile)
      return plausible.map((entries) => entries.map(([k, v]) => `${k}=${percentEncode(v)}`).join('&'));
    const hostileEntry = fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .tuple(fc.constantFrom(...names), hostileString)
          .map(([k, v]) => `${k}=${percentEncode(v)}`),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom('limit=1000000', 'page=1000000', 'limit=0', 'page=-1', 'limit=1e2'),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(
            fc.constantFrom(...names),
            fc.constantFrom('[]', '[0]', '[$gt]', '[$ne]', '[__proto__]', '.length'),
          )
          .map(([k, suffix]) => `${percentEncode(k + suffix)}=1`),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom(...HOSTILE_KEYS), hostileString)
          .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '%',
          '%zz=1',
          'page=%E0%A4%A',
          '&&&',
          '=',
          '==1',
          'page',
          'page=1&page=2',
          'limit=1&limit=100000',
          '__proto__[role]=admin',
          'constructor[prototype][role]=admin',
          'q=%00',
          `q=${'a'.repeat(5000)}`,
        ),
      },
    );
    return fc
      .tuple(plausible, fc.array(hostileEntry, { minLength: 1, maxLength: 4 }))
      .chain(([good, bad]) =>
        fc.shuffledSubarray([...good.map(([k, v]) => `${k}=${percentEncode(v)}`), ...bad], {
          minLength: bad.length,
        }),
      )
      .map((parts) => parts.join('&'));
  };

  /** The fields of a body of `schema`: plausible values, or with `hostileWeight` hostile ones mixed in. */
  const schemaEntries = (schema: Schema, hostileWeight: number): fc.Arbitrary<[string, string][]> => {
    const properties = Object.entries(schema.properties ?? {});
    const fields = properties.map(([name, property]) => {
      const plausible = plausibleValue(name, property, knownIds).map((value) => JSON.stringify(value));
      const value = hostileWeight
        ? fc.oneof({ weight: hostileWeight, arbitrary: hostileJson }, { weight: 3, arbitrary: plausible })
        : plausible;
      return fc.option(value, { nil: undefined, freq: 6 });
    });
    const extras = hostileWeight
      ? fc.array(fc.tuple(fc.constantFrom(...HOSTILE_KEYS), hostileJson), { maxLength: 2 })
      : fc.constant([] as [string, string][]);
    return fc
      .tuple(fc.tuple(...fields), extras)
      .map(([values, extra]) => [
        ...properties
          .map(([name], index) => [name, values[index]] as [string, string | undefined])
          .filter((entry): entry is [string, string] => entry[1] !== undefined),
        ...extra,
      ]);
  };

  /** Every field plausible but one, which is hostile: such a body gets as far as it can. */
  const oneHostileField = (schema: Schema): fc.Arbitrary<string> => {
    const names = Object.keys(schema.properties ?? {});
    return fc
      .tuple(schemaEntries(schema, 0), fc.constantFrom(...names), hostileJson)
      .map(([entries, name, value]) =>
        objectJson([...entries.filter(([key]) => key !== name), [name, value]]),
      );
  };

  const body = (route: Route, hostile: boolean): fc.Arbitrary<HostileBody | undefined> => {
    const schema = route.body;
    if (!hostile)
      return schema
        ? schemaEntries(schema, 0).map((entries) => json(objectJson(entries)))
        : fc.constant(undefined);
    const hasFields = Object.keys(schema?.properties ?? {}).length > 0;
    const shaped = hasFields ? schemaEntries(schema!, 2).map(objectJson) : fc.constant('{}');
    const oneField = hasFields ? oneHostileField(schema!) : fc.constant('{}');
    return fc.oneof(
      { weight: 4, arbitrary: shaped.map(json) },
      { weight: 3, arbitrary: oneField.map(json) },
      { weight: 2, arbitrary: hostileJson.map(json) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(shaped, fc.constantFrom(...POLLUTION_OBJECTS))
          .map(([object, pollution]) =>
            json(object === '{}' ? pollution : `${object.slice(0, -1)},${pollution.slice(1)}`),
          ),
      },
    );
  };

  const rawBody: fc.Arbitrary<HostileBody> = fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(
          '{',
          '}',
          '{"a":',
          '{"a":1,}',
          "{'a':1}",
          '{a:1}',
          '[1,2',
          '{"a":1}{"b":2}',
          '{"a":"\\x00"}',
          '{"a":"\\u12"}',
          'NaN',
          'undefined',
          '\u0000',
          '\ufeff{}',
          '',
          ' ',
          '{"price": 1e400}',
          '{"amount": -1e400}',
          `{"a":"${'x'.repeat(50_000)}"`,
        )
        .map(json),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom(
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/xml',
            'application/octet-stream',
            'application/json; charset=utf-16',
            'application/json; charset=latin1',
            'application/json; charset=nonsense',
            'application/merge-patch+json',
            'application/*',
            'json',
            '',
          ),
          fc.constantFrom(
            '{"make":"Toyota","model":"Corolla","year":2020}',
            'make=Toyota&model=Corolla&year=2020&__proto__[role]=admin',
            '<a>1</a>',
            '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
          ),
        )
        .map(([contentType, text]) => ({ text, contentType })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'compress', 'nonsense'),
          fc.uint8Array({ maxLength: 64 }),
        )
        .map(([contentEncoding, bytes]) => ({
          text: Buffer.from(bytes),
          contentType: 'application/json',
          contentEncoding,
        })),
    },
    {
      weight: 1,
      arbitrary: fc
        .uint8Array({ minLength: 1, maxLength: 64 })
        .map((bytes) => ({ text: Buffer.from(bytes), contentType: 'application/json' })),
    },
  );

  return { segments, query, body, rawBody };
}

// ---------------------------------------------------------------------------------------------

describe('hostile input on every route of the OpenAPI document', () => {
  /** The app as created: for the requests of methods the document has not, by design. */
  let app: TestApp;
  /** The same app, every response of which the OpenAPI document must describe. */
  let t: TestApp;
  let dataSource: DataSource;
  let routes: Route[];
  let user: SignedUpUser;
  let admin: SignedUpUser;
  let seller: SignedUpUser;
  let serverErrors: ReturnType<typeof captureServerErrors>;
  let knownIds: number[] = [1];
  let requestCount = 0;
  /** Requests and statuses per class of input, for the report. */
  const tally = new Map<string, Map<number, number>>();

  beforeAll(async () => {
    app = await createTestApp();
    t = (await OpenApiContract.load(app)).checked(app);
    dataSource = t.app.get(DataSource);
    serverErrors = captureServerErrors();
    routes = await routesOf(app);
    admin = await logInAdmin(t);
    user = await signUp(t);
  }, 60_000);

  afterAll(async () => {
    serverErrors?.restore();
    if (REPORT) {
      const lines = [...tally].map(
        ([name, statuses]) =>
          `${name}: ${[...statuses.values()].reduce((a, b) => a + b, 0)} requests; ` +
          [...statuses]
            .sort(([a], [b]) => a - b)
            .map(([status, count]) => `${status}×${count}`)
            .join(' '),
      );
      console.log(`hostile input, seed ${SEED}, ${RUNS} runs per route and class\n${lines.join('\n')}`);
    }
    await t?.close();
  });

  const authOf = (identity: Identity) =>
    identity === 'user' ? user.auth : identity === 'admin' ? admin.auth : undefined;

  /**
   * A listing, an auction with a bid, a sale, favorites and cars of the user and of another
   * seller, so that plausible ids reach real rows (and the services behind the validation).
   */
  async function seed(): Promise<void> {
    // The fuzzing before may have deleted or signed out any of them.
    await restoreIdentities();
    seller = await signUp(t);
    const ids: number[] = [user.id, seller.id, admin.id];
    const post = async (path: string, as: SignedUpUser, body?: object) =>
      (await t.http.post(path).set(as.auth).send(body).expect(201)).body as { id: number };
    for (const as of [user, seller]) {
      ids.push((await post('/api/cars', as, { make: uniqueMake('Hx'), model: 'Seeded', year: 2020 })).id);
      const listing = { make: uniqueMake('Hx'), model: 'Seeded', year: 2019, price: 12500.5, mileage: 42000 };
      ids.push((await post('/api/marketplace/listings', as, { ...listing, specs: FULL_SPECS })).id);
      const auction = {
        title: 'Seeded auction',
        make: uniqueMake('Hx'),
        model: 'Seeded',
        year: 2018,
        startingPrice: 1000,
        reservePrice: 5000,
        endsAt: isoFromNow(7 * DAY),
      };
      ids.push((await post('/api/auctions', as, auction)).id);
    }
    const sold = await post('/api/marketplace/listings', seller, {
      make: uniqueMake('Hx'),
      model: 'Sold',
      year: 2017,
      price: 900,
      mileage: 1,
    });
    ids.push(sold.id, (await post(`/api/marketplace/listings/${sold.id}/purchase`, user)).id);
    const auction = await post('/api/auctions', seller, {
      title: 'Seeded auction with a bid',
      make: uniqueMake('Hx'),
      model: 'Bid',
      year: 2016,
      startingPrice: 100,
      endsAt: isoFromNow(7 * DAY),
    });
    ids.push(auction.id, (await post(`/api/bids/auction/${auction.id}`, user, { amount: 150 })).id);
    await post(`/api/favorites/auction/${auction.id}`, user);
    await post(`/api/favorites/listing/${sold.id}`, user);
    knownIds = [...new Set(ids)];
  }

  /**
   * After a request that succeeded: the user and the admin are signed in again if it ended their
   * session (logout, a revoked session, a deleted user), the admin has their email again if it
   * changed it (`PATCH`/`PUT /api/users/:id`), so that they can sign in again, and the user is a
   * plain user again if it made them an admin.
   */
  async function restoreIdentities(): Promise<void> {
    const adminMe = await t.http.get('/api/auth/me').set(admin.auth);
    if (adminMe.status !== 200) admin = await logInAdmin(t);
    else if (adminMe.body.email !== ADMIN.email) {
      await t.http.patch(`/api/users/${admin.id}`).set(admin.auth).send({ email: ADMIN.email }).expect(200);
    }
    const me = await t.http.get('/api/auth/me').set(user.auth);
    if (me.status !== 200) {
      const login = await t.http.post('/api/auth/login').send({ email: user.email, password: user.password });
      user =
        login.status === 200
          ? {
              ...user,
              accessToken: login.body.accessToken,
              auth: { Authorization: `Bearer ${login.body.accessToken}` },
            }
          : await signUp(t);
    } else if (me.body.role !== 'user') {
      await t.http.patch(`/api/users/${user.id}/role`).set(admin.auth).send({ role: 'user' }).expect(200);
    }
  }

  async function send(
    route: Route,
    request: HostileRequest,
  ): Promise<{ response: Response; url: string; id: string }> {
    const url = fillPath(route, request.segments) + (request.query ? `?${request.query}` : '');
    const id = `hostile-${++requestCount}`;
    let call = t.http[route.method](url).set('X-Request-Id', id);
    const auth = authOf(request.identity);
    if (auth) call = call.set(auth);
    if (request.body) {
      call = call.set('Content-Type', request.body.contentType);
      if (request.body.contentEncoding) call = call.set('Content-Encoding', request.body.contentEncoding);
      call = call.send(request.body.text);
    }
    return { response: await call, url, id };
  }

  const describeRequest = (route: Route, request: HostileRequest, url: string) => {
    const text = request.body ? String(request.body.text) : '';
    const body = request.body
      ? ` with ${request.body.contentType}${request.body.contentEncoding ? ` (${request.body.contentEncoding})` : ''} body ${text.slice(0, 300)}${text.length > 300 ? `… (${text.length} characters)` : ''}`
      : '';
    return `${route.method.toUpperCase()} ${url.slice(0, 400)} as ${request.identity}${body}`;
  };

  /**
   * Sends the requests of `requests(route)` to every selected route. Each must get a status under
   * 500. A refused one (4xx) must leave every table as it was: the database is snapshotted before
   * and after it. GETs change nothing whatever they answer; they are checked per route, the
   * snapshot taken before the route's first request and after its last.
   */
  async function fuzz(
    className: string,
    selected: Route[],
    requests: (route: Route, a: Arbitraries) => fc.Arbitrary<HostileRequest>,
    runs: (route: Route) => number = () => RUNS,
  ): Promise<void> {
    await seed();
    const a = arbitraries(() => knownIds);
    const statuses = tally.get(className) ?? new Map<number, number>();
    tally.set(className, statuses);
    for (const [index, route] of selected.entries()) {
      const reads = route.method === 'get';
      let baseline: DatabaseSnapshot | undefined = await snapshotDatabase(dataSource);
      const routeBaseline = baseline;
      const property = fc.asyncProperty(fc.limitShrink(requests(route, a), 40), async (request) => {
        baseline ??= await snapshotDatabase(dataSource);
        const { response, url, id } = await send(route, request);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status >= 500) {
          throw new Error(
            `${describeRequest(route, request, url)} → ${response.status} ${JSON.stringify(response.body)}\n` +
              (serverErrors.stackOf(id) ?? '(no error was logged)'),
          );
        }
        if (reads) return;
        if (response.status < 400) {
          await restoreIdentities();
          baseline = undefined;
          return;
        }
        const after = await snapshotDatabase(dataSource);
        const changed = changedTables(baseline, after);
        baseline = after;
        if (changed.length) {
          throw new Error(
            `${describeRequest(route, request, url)} → ${response.status}, yet changed ${changed.join(', ')}`,
          );
        }
      });
      try {
        await fc.assert(property, { seed: SEED + index, numRuns: runs(route) });
        if (reads) {
          const changed = changedTables(routeBaseline, await snapshotDatabase(dataSource));
          if (changed.length) throw new Error(`its GET requests changed ${changed.join(', ')}`);
        }
      } catch (error) {
        // The run depends on what the requests before changed: replay it whole, with its seed.
        (error as Error).message =
          `${className}, ${route.name} (replay: HOSTILE_SEED=${SEED} HOSTILE_RUNS=${RUNS}): ` +
          (error as Error).message;
        throw error;
      }
    }
  }

  // Mostly signed in, so that most requests get past the guard to the pipes and the services.
  const identity = fc.oneof(
    { weight: 1, arbitrary: fc.constant<Identity>('anonymous') },
    { weight: 3, arbitrary: fc.constant<Identity>('user') },
    { weight: 2, arbitrary: fc.constant<Identity>('admin') },
  );

  it('enumerates the routes of the OpenAPI document', () => {
    const names = routes.map((route) => route.name);
    expect(names.length).toBeGreaterThan(50);
    expect(names).toEqual(
      expect.arrayContaining([
        'POST /api/auth/signup',
        'GET /api/cars',
        'PATCH /api/marketplace/listings/{id}',
        'POST /api/bids/auction/{auctionId}',
        'DELETE /api/users/{id}',
      ]),
    );
    expect(routes.filter((route) => route.pathParams.length).length).toBeGreaterThan(20);
  });

  it('the database snapshot sees a change of one field (the control for the checks below)', async () => {
    const before = await snapshotDatabase(dataSource);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['users', 'sessions', 'listings', 'bids']));
    expect(changedTables(before, await snapshotDatabase(dataSource))).toEqual([]);
    await t.http
      .patch('/api/users/profile')
      .set(user.auth)
      .send({ displayName: 'Snapshot control' })
      .expect(200);
    expect(changedTables(before, await snapshotDatabase(dataSource))).toEqual([
      expect.stringMatching(/^users /),
    ]);
  });

  // Inputs that got a 500 before the fixes, found by the properties below, kept as plain cases.
  it.each([
    ['a body nested 5,000 arrays deep', 'post', '/api/cars', `{"make":${deepJson(5000, 'array')}}`],
    ['a body nested 2,000 objects deep', 'post', '/api/marketplace/listings', deepJson(2000, 'object')],
    [
      'an endsAt that cannot become a date',
      'post',
      '/api/auctions',
      '{"title":"Xyz","startingPrice":1,"endsAt":{"toString":1,"valueOf":1},"make":"A","model":"B","year":2020}',
    ],
    [
      'an endsAt of an object',
      'patch',
      '/api/auctions/1',
      '{"endsAt":{"hasOwnProperty":"no","toString":"no"}}',
    ],
    ['a lone surrogate in a login email', 'post', '/api/auth/login', '{"email":"\\udfff","password":"x"}'],
    [
      'a lone surrogate in a signup email',
      'post',
      '/api/auth/signup',
      '{"username":"abcd","email":"\\ud800@example.com","password":"correct-horse-battery"}',
    ],
  ] as const)('400 for %s', async (_case, method, path, text) => {
    const before = await snapshotDatabase(dataSource);
    const response = await t.http[method](path)
      .set(user.auth)
      .set('Content-Type', 'application/json')
      .send(text);
    expectError(response, 400);
    expect(changedTables(before, await snapshotDatabase(dataSource))).toEqual([]);
  });

  it('a NUL character in a filter or a name is 400 on either database (PostgreSQL text cannot hold it)', async () => {
    const before = await snapshotDatabase(dataSource);
    expectError(await t.http.get('/api/cars?q=%00&make=a%00b').set(user.auth), 400);
    const listing = { make: 'Nul\u0000Make', model: 'M', year: 2020, price: 10, mileage: 1 };
    expectError(await t.http.post('/api/marketplace/listings').set(user.auth).send(listing), 400);
    expect(changedTables(before, await snapshotDatabase(dataSource))).toEqual([]);
  });

  it('path parameters: no 5xx, and refused requests change nothing', async () => {
    const selected = routes.filter((route) => route.pathParams.length);
    await fuzz('path parameters', selected, (route, a) =>
      fc.record({
        identity,
        segments: a.segments(route, true),
        query: fc.constant(''),
        body: a.body(route, false),
      }),
    );
  }, 180_000);

  it('query strings (limit=1000000 among them): no 5xx, and refused requests change nothing', async () => {
    // Only the GET routes read a query; the others get a quarter of the runs.
    await fuzz(
      'query strings',
      routes,
      (route, a) =>
        fc.record({
          identity,
          segments: a.segments(route, false),
          query: a.query(route, true),
          body: a.body(route, false),
        }),
      (route) => (route.method === 'get' ? RUNS : Math.ceil(RUNS / 4)),
    );
  }, 180_000);

  it('JSON bodies: no 5xx, and refused requests change nothing', async () => {
    // Routes that read no body (DELETEs, logout, purchase…) get a quarter of the runs.
    const selected = routes.filter((route) => route.method !== 'get');
    await fuzz(
      'JSON bodies',
      selected,
      (route, a) =>
        fc.record({
          identity,
          segments: a.segments(route, false),
          query: fc.constant(''),
          body: a.body(route, true),
        }),
      (route) => (route.body ? RUNS : Math.ceil(RUNS / 4)),
    );
  }, 180_000);

  it('malformed JSON, wrong content types and encodings: no 5xx, and refused requests change nothing', async () => {
    const selected = routes.filter((route) => route.body);
    await fuzz(
      'malformed bodies',
      selected,
      (route, a) =>
        fc.record({
          identity,
          segments: a.segments(route, false),
          query: fc.constant(''),
          body: a.rawBody,
        }),
      () => Math.ceil(RUNS / 2),
    );
  }, 180_000);

  it('a JSON body over 100kB is 413 on every route, for anyone, and changes nothing', async () => {
    const before = await snapshotDatabase(dataSource);
    const big = JSON.stringify({ make: 'x'.repeat(101 * 1024) });
    const huge = JSON.stringify({ data: Array(200_000).fill(1) });
    let count = 0;
    for (const route of routes) {
      for (const as of IDENTITIES) {
        for (const text of [big, huge]) {
          const { response, url } = await send(route, {
            identity: as,
            segments: {},
            query: '',
            body: json(text),
          });
          count += 1;
          if (response.status !== 413) throw new Error(`${route.method} ${url} as ${as}: ${response.status}`);
          expectError(response, 413);
        }
      }
    }
    tally.set('bodies over 100kB', new Map([[413, count]]));
    expect(changedTables(before, await snapshotDatabase(dataSource))).toEqual([]);
  }, 120_000);

  it('a method that a path does not have is refused (4xx), HEAD and OPTIONS get no 5xx; nothing changes', async () => {
    const before = await snapshotDatabase(dataSource);
    const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;
    const failures: string[] = [];
    // Methods the document has not for a path, by design: sent past the contract check.
    for (const path of new Set(routes.map((route) => route.path))) {
      const url = fillPath(routes.find((route) => route.path === path)!);
      // 404, or 400 where another route's parameter takes the segment (GET /api/cars/sync-cars).
      for (const method of methods.filter((m) => !routes.some((r) => r.path === path && r.method === m))) {
        const { status } = await app.http[method](url).set(admin.auth);
        if (status < 400 || status >= 500) failures.push(`${method.toUpperCase()} ${url}: ${status}`);
      }
      for (const method of ['head', 'options'] as const) {
        const { status } = await app.http[method](url).set(user.auth);
        if (status >= 500) failures.push(`${method.toUpperCase()} ${url}: ${status}`);
      }
    }
    expect(failures).toEqual([]);
    expect(changedTables(before, await snapshotDatabase(dataSource))).toEqual([]);
  });

  it('prototype-pollution keys are refused, and give nobody a role, an owner or a status', async () => {
    const attempts: [string, string][] = [
      ['__proto__', '{"role":"admin","status":"sold","source":"sync","sellerId":1,"polluted":"yes"}'],
      ['constructor', '{"prototype":{"role":"admin","status":"sold","source":"sync","polluted":"yes"}}'],
      ['__proto__', '{"__proto__":{"role":"admin","polluted":"yes"}}'],
      ['prototype', '{"role":"admin","polluted":"yes"}'],
    ];
    await restoreIdentities();
    const sendRaw = (
      method: 'post' | 'patch' | 'put',
      path: string,
      entries: [string, string][],
      as?: SignedUpUser,
    ) => {
      const call = t.http[method](path).set('Content-Type', 'application/json');
      return (as ? call.set(as.auth) : call).send(objectJson(entries));
    };
    const raw = (value: unknown) => JSON.stringify(value);
    const before = await snapshotDatabase(dataSource);
    for (const attempt of attempts) {
      const tag = randomBytes(4).toString('hex');
      const requests = [
        sendRaw('post', '/api/auth/signup', [
          ['username', raw(`pp_${tag}`)],
          ['email', raw(`pp_${tag}@example.com`)],
          ['password', raw('correct-horse-battery')],
          attempt,
        ]),
        sendRaw('patch', '/api/users/profile', [['displayName', raw('Polluter')], attempt], user),
        sendRaw('put', '/api/users/profile', [['displayName', raw('Polluter')], attempt], user),
        sendRaw('patch', `/api/users/${user.id}/role`, [['role', raw('user')], attempt], admin),
        sendRaw(
          'post',
          '/api/cars',
          [['make', raw(uniqueMake('Pp'))], ['model', raw('Proto')], ['year', '2020'], attempt],
          user,
        ),
        sendRaw(
          'post',
          '/api/marketplace/listings',
          [
            ['make', raw(uniqueMake('Pp'))],
            ['model', raw('Proto')],
            ['year', '2020'],
            ['price', '1000'],
            ['mileage', '10'],
            attempt,
          ],
          user,
        ),
        sendRaw(
          'post',
          '/api/auctions',
          [
            ['title', raw('Proto auction')],
            ['make', raw(uniqueMake('Pp'))],
            ['model', raw('Proto')],
            ['year', '2020'],
            ['startingPrice', '100'],
            ['endsAt', raw(isoFromNow(DAY))],
            attempt,
          ],
          user,
        ),
      ];
      for (const response of await Promise.all(requests)) {
        // An unknown field, like any other: refused, not dropped.
        expectError(response, 400);
        expect(JSON.stringify(response.body.message)).toContain(attempt[0]);
      }
    }
    expect(changedTables(before, await snapshotDatabase(dataSource))).toEqual([]);
    // Nobody became an admin or gained a property: not the user, not someone who signs up now.
    const newcomer = await signUp(t);
    for (const someone of [user, newcomer]) {
      const me = (await t.http.get('/api/auth/me').set(someone.auth).expect(200)).body;
      expect(me.role).toBe('user');
      expectError(await t.http.get('/api/users').set(someone.auth), 403);
      const profile = await t.http.get('/api/users/profile').set(someone.auth).expect(200);
      expect(JSON.stringify([me, profile.body])).not.toMatch(/polluted|isAdmin/);
    }
    const cars = await t.http.get('/api/cars?limit=100').set(newcomer.auth).expect(200);
    expect(JSON.stringify(cars.body)).not.toContain('polluted');
  });

  it('the API still answers after all that', async () => {
    await t.http.get('/api/health').expect(200);
    await t.http.get('/api/status').expect(200);
    await restoreIdentities();
    await t.http.get('/api/auth/me').set(user.auth).expect(200);
    await t.http.get('/api/cars').set(user.auth).expect(200);
  });
});
