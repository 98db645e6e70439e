import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TestApp } from './test-app';

/**
 * Support of the hostile-input and JWT-attack suites: the routes of the app's own OpenAPI
 * document, snapshots of every table, and the stack of any 500 the app answers.
 */

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  $ref?: string;
}

export interface Parameter {
  name: string;
  schema: Schema;
  required: boolean;
}

export interface Route {
  /** `POST /api/cars/{id}`, as the document names it. */
  name: string;
  method: Method;
  /** The path template, `/api/cars/{id}`. */
  path: string;
  pathParams: Parameter[];
  query: Parameter[];
  /** The JSON body's schema, with `$ref`s resolved. */
  body?: Schema;
  /** Not marked public: a bearer token is needed. */
  secured: boolean;
}

interface Operation {
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: unknown[];
}

interface Document {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS: Method[] = ['get', 'post', 'put', 'patch', 'delete'];

/** Every route of `GET /api/docs-json`, so that a new route is covered without touching the tests. */
export async function routesOf(t: TestApp): Promise<Route[]> {
  const document = (await t.http.get('/api/docs-json').expect(200)).body as Document;
  const schemas = document.components?.schemas ?? {};
  const resolve = (schema: Schema | undefined, depth = 0): Schema | undefined => {
    if (!schema || depth > 5) return schema;
    const resolved = schema.$ref ? schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;
    if (!resolved?.properties) return resolved;
    const properties = Object.fromEntries(
      Object.entries(resolved.properties).map(([name, property]) => [name, resolve(property, depth + 1)!]),
    );
    return { ...resolved, properties };
  };
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = operations[method];
      if (!operation) continue;
      const parameters = (operation.parameters ?? []).map((parameter) => ({
        in: parameter.in,
        name: parameter.name,
        schema: resolve(parameter.schema) ?? {},
        required: parameter.required ?? false,
      }));
      routes.push({
        name: `${method.toUpperCase()} ${path}`,
        method,
        path,
        pathParams: parameters.filter((parameter) => parameter.in === 'path'),
        query: parameters.filter((parameter) => parameter.in === 'query'),
        body: resolve(operation.requestBody?.content?.['application/json']?.schema),
        secured: (operation.security ?? []).length > 0,
      });
    }
  }
  return routes;
}

/** A route's path with its parameters replaced by the given raw segments (or `1`). */
export function fillPath(route: Route, segments: Record<string, string> = {}): string {
  return route.path.replace(/\{([^}]+)\}/g, (_, name: string) => segments[name] ?? '1');
}

/** Row count and content hash of every table of the app's entities. */
export type DatabaseSnapshot = Record<string, { rows: number; hash: string }>;

/**
 * One query: for each table its row count and all its rows as text (SQLite, hashed here) or their
 * md5 (PostgreSQL), in a stable order whatever order the database keeps them in.
 */
export async function snapshotDatabase(dataSource: DataSource): Promise<DatabaseSnapshot> {
  const escape = (name: string) => dataSource.driver.escape(name);
  const columns = new Map<string, Set<string>>();
  for (const metadata of dataSource.entityMetadatas) {
    const names = columns.get(metadata.tableName) ?? new Set<string>();
    metadata.columns.forEach((column) => names.add(column.databaseName));
    columns.set(metadata.tableName, names);
  }
  const postgres = dataSource.options.type === 'postgres';
  const selects = [...columns]
    .sort()
    .map(([table, names]) =>
      postgres
        ? `SELECT '${table}' AS name, COUNT(*) AS count, ` +
          `md5(COALESCE(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS content FROM ${escape(table)} t`
        : `SELECT '${table}' AS name, COUNT(*) AS count, COALESCE(group_concat(r, char(10)), '') AS content ` +
          `FROM (SELECT ${[...names].map((name) => `quote(${escape(name)})`).join(" || ',' || ")} AS r ` +
          `FROM ${escape(table)} ORDER BY r)`,
    );
  const rows: { name: string; count: string | number; content: string }[] = await dataSource.query(
    selects.map((select, index) => `SELECT * FROM (${select}) AS s${index}`).join(' UNION ALL '),
  );
  return Object.fromEntries(
    rows.map(({ name, count, content }) => [
      name,
      { rows: Number(count), hash: createHash('sha256').update(content).digest('hex') },
    ]),
  );
}

/** The tables whose rows differ, described for a failure message; empty when nothing changed. */
export function changedTables(before: DatabaseSnapshot, after: DatabaseSnapshot): string[] {
  return Object.keys({ ...before, ...after })
    .filter((table) => before[table]?.hash !== after[table]?.hash)
    .map((table) => `${table} (${before[table]?.rows ?? 0} → ${after[table]?.rows ?? 0} rows)`);
}

/**
 * Records what the app's exception filter logs for an unexpected error (a 500), keyed by request
 * id, so that a test can print the stack of the error behind a 500 although the test app logs
 * nothing.
 */
export function captureServerErrors(): { stackOf(requestId: string): string | undefined; restore(): void } {
  const errors = new Map<string, string>();
  const spy = jest.spyOn(Logger.prototype, 'error').mockImplementation((...args: unknown[]) => {
    const [details] = args as [{ err?: unknown; requestId?: unknown } | undefined];
    const err = details?.err;
    const text = err instanceof Error ? (err.stack ?? String(err)) : JSON.stringify(args).slice(0, 2000);
    errors.set(String(details?.requestId), text);
  });
  return { stackOf: (requestId) => errors.get(requestId), restore: () => spy.mockRestore() };
}
