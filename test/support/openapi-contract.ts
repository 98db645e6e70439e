import { openapiSchemaToJsonSchema } from '@openapi-contrib/openapi-schema-to-json-schema';
import Ajv2019, { ErrorObject, ValidateFunction } from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { Test } from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { TestApp } from './test-app';

/**
 * The app's own OpenAPI document (`GET /api/docs-json`) as a contract that every response a test
 * receives is checked against: its status must be documented for the operation, its body must
 * validate (ajv) against the documented content schema, a response documented without a body must
 * have none (204, 304) and one documented with a body must have one, and every documented header
 * marked required must be present (and every documented header present must match its schema).
 *
 * One rule is stricter than OpenAPI 3.0's default: an object schema that lists its `properties`
 * and says nothing of `additionalProperties` accepts no other property. A field the document does
 * not name is something it does not tell clients (or something that should not be sent at all).
 *
 * Every (operation, status) checked is recorded, for a coverage report.
 */

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
const METHODS: Method[] = ['get', 'post', 'put', 'patch', 'delete'];

type OpenApiSchema = Record<string, unknown>;

interface Reference {
  $ref: string;
}

interface HeaderObject {
  required?: boolean;
  schema?: OpenApiSchema;
}

interface ResponseObject {
  headers?: Record<string, HeaderObject | Reference>;
  content?: Record<string, { schema?: OpenApiSchema }>;
}

interface OperationObject {
  responses: Record<string, ResponseObject | Reference>;
}

interface OpenApiDocument {
  paths: Record<string, Partial<Record<Method, OperationObject>>>;
  components?: {
    schemas?: Record<string, OpenApiSchema>;
    headers?: Record<string, HeaderObject>;
    responses?: Record<string, ResponseObject>;
  };
}

/** What a check needs of a response: supertest's `Response` has it. */
export interface ObservedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed body (JSON), or a Buffer. */
  body?: unknown;
  /** The body as text, when it is text. */
  text?: string;
}

interface CompiledHeader {
  name: string;
  required: boolean;
  numeric: boolean;
  validate?: ValidateFunction;
}

interface CompiledResponse {
  /** Media type → validator of its schema (undefined: any body of that type). */
  content: Map<string, ValidateFunction | undefined>;
  headers: CompiledHeader[];
}

interface CompiledOperation {
  /** `GET /api/cars/{id}`. */
  name: string;
  method: Method;
  /** The path template's segments; `undefined` for a parameter. */
  segments: (string | undefined)[];
  responses: Map<string, CompiledResponse>;
}

/** The `$id` the document's schemas are registered under, so that `#/components/...` resolves. */
const ROOT_ID = 'openapi.json';

/**
 * OpenAPI 3.0 writes a nullable `$ref` as `{ allOf: [{ $ref }], nullable: true }`: `nullable`
 * beside no `type`, which the converter drops (JSON Schema has nothing to add `null` to).
 * Such a schema becomes "that, or null" before the conversion.
 */
function nullableWithoutType(schema: OpenApiSchema): OpenApiSchema {
  if (schema.nullable !== true || 'type' in schema) return schema;
  const rest = { ...schema };
  delete rest.nullable;
  return { anyOf: [rest, { type: 'null' }] };
}

/** See the rule on undocumented properties above. */
function closedObject(schema: OpenApiSchema): OpenApiSchema {
  const open = 'additionalProperties' in schema || 'unevaluatedProperties' in schema;
  return schema.properties && !open ? { ...schema, unevaluatedProperties: false } : schema;
}

function toJsonSchema(schema: OpenApiSchema): OpenApiSchema {
  const converted = openapiSchemaToJsonSchema(schema, {
    beforeTransform: (value) => nullableWithoutType(value as OpenApiSchema),
    afterTransform: (value) => closedObject(value as OpenApiSchema),
  }) as OpenApiSchema;
  // The converter stamps draft-04; the schemas are registered with ajv's own draft instead.
  delete converted.$schema;
  return converted;
}

const isReference = (value: object): value is Reference => '$ref' in value;

const describeErrors = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? [])
    .slice(0, 10)
    .map((error) => `  ${error.instancePath || '(body)'} ${error.message} ${JSON.stringify(error.params)}`)
    .join('\n');

/** The body as it came, `''` for none. */
const textOf = (response: ObservedResponse) =>
  response.text ?? (Buffer.isBuffer(response.body) ? response.body.toString() : '');

const excerpt = (response: ObservedResponse) => {
  const text = textOf(response);
  return text.length > 600 ? `${text.slice(0, 600)}… (${text.length} characters)` : text;
};

/** The path of a URL: no scheme, host, query or fragment. */
const pathOf = (url: string) => url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/[?#].*$/s, '');

export class ContractViolation extends Error {}

export class OpenApiContract {
  // Draft 2019-09 for `unevaluatedProperties`, which, unlike `additionalProperties`, sees the
  // properties of `allOf`/`anyOf` branches.
  private readonly ajv = new Ajv2019({
    strict: false,
    allErrors: true,
    // The converter has already turned these into bounds.
    formats: { int32: true, int64: true, float: true, double: true },
  });
  private readonly operations: CompiledOperation[] = [];
  /** Operation name → the statuses seen. */
  private readonly seen = new Map<string, Set<string>>();

  private constructor(readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    const schemas = Object.fromEntries(
      Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => [
        name,
        toJsonSchema(schema),
      ]),
    );
    // The schemas of the responses' bodies and headers are registered beside the components, under
    // the same root, so that their `#/components/schemas/...` references resolve; each is compiled
    // once the root is registered.
    const responseSchemas: OpenApiSchema[] = [];
    const pending: (() => void)[] = [];
    const compileLater = (schema: OpenApiSchema, use: (validate: ValidateFunction) => void) => {
      const index = responseSchemas.push(toJsonSchema(schema)) - 1;
      pending.push(() => use(this.ajv.getSchema(`${ROOT_ID}#/responses/${index}`)!));
    };
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const method of METHODS) {
        const operation = operations[method];
        if (!operation) continue;
        const responses = new Map<string, CompiledResponse>();
        for (const [status, declared] of Object.entries(operation.responses)) {
          const response = this.resolve<ResponseObject>(declared);
          const compiled: CompiledResponse = { content: new Map(), headers: [] };
          for (const [mediaType, { schema }] of Object.entries(response.content ?? {})) {
            compiled.content.set(mediaType, undefined);
            if (schema) compileLater(schema, (validate) => compiled.content.set(mediaType, validate));
          }
          for (const [name, declaredHeader] of Object.entries(response.headers ?? {})) {
            const header = this.resolve<HeaderObject>(declaredHeader);
            const type = header.schema?.type;
            const compiledHeader: CompiledHeader = {
              name: name.toLowerCase(),
              required: header.required === true,
              numeric: type === 'integer' || type === 'number',
            };
            if (header.schema)
              compileLater(header.schema, (validate) => (compiledHeader.validate = validate));
            compiled.headers.push(compiledHeader);
          }
          responses.set(status, compiled);
        }
        this.operations.push({
          name: `${method.toUpperCase()} ${path}`,
          method,
          segments: path.split('/').map((segment) => (/^\{[^}]+\}$/.test(segment) ? undefined : segment)),
          responses,
        });
      }
    }
    this.ajv.addSchema({ $id: ROOT_ID, components: { schemas }, responses: responseSchemas });
    pending.forEach((compile) => compile());
  }

  private errorBody(): ValidateFunction {
    return this.ajv.getSchema(`${ROOT_ID}#/components/schemas/ErrorResponseDto`)!;
  }

  /** The contract of the document `t` serves. */
  static async load(t: TestApp): Promise<OpenApiContract> {
    const response = await t.http.get('/api/docs-json');
    if (response.status !== 200) throw new Error(`GET /api/docs-json answered ${response.status}`);
    return new OpenApiContract(response.body as OpenApiDocument);
  }

  /** A component (`#/components/headers/X`…) for a reference, or the object itself. */
  private resolve<T extends object>(value: T | Reference): T {
    if (!isReference(value)) return value;
    const [, kind, name] = /^#\/components\/([^/]+)\/(.+)$/.exec(value.$ref) ?? [];
    const components = this.document.components as Record<string, Record<string, T>> | undefined;
    const resolved = components?.[kind]?.[name];
    if (!resolved) throw new Error(`the document's reference ${value.$ref} resolves to nothing`);
    return resolved;
  }

  /**
   * The operation a request reaches: among the path templates of that method with as many
   * segments, the one with literal segments where the others have parameters, the earliest first
   * (`/api/cars/sync-cars/{jobId}` over `/api/cars/{id}`…). As in Express, a trailing slash is
   * optional (`/api/cars/` is `/api/cars`), and a parameter is never empty: `/api/auctions//bids`
   * reaches no operation (see `check`).
   */
  operationOf(method: string, url: string): CompiledOperation | undefined {
    const path = pathOf(url);
    const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
    return this.matching(method, trimmed);
  }

  private matching(method: string, path: string): CompiledOperation | undefined {
    const segments = path.split('/');
    const literals = (operation: CompiledOperation) =>
      operation.segments.map((segment) => (segment === undefined ? '0' : '1')).join('');
    return this.operations
      .filter(
        (operation) =>
          operation.method === method.toLowerCase() &&
          operation.segments.length === segments.length &&
          operation.segments.every((segment, index) =>
            segment === undefined ? segments[index] !== '' : segment === segments[index],
          ),
      )
      .sort((a, b) => literals(b).localeCompare(literals(a)))[0];
  }

  /**
   * Throws a ContractViolation when the document does not describe `response` to `method url`;
   * records the (operation, status) otherwise.
   */
  check(method: string, url: string, response: ObservedResponse): void {
    const request = `${method.toUpperCase()} ${url.length > 160 ? `${url.slice(0, 160)}… (${url.length} characters)` : url}`;
    const fail = (reason: string): never => {
      throw new ContractViolation(
        `${request} → ${response.status}: ${reason}\n  body: ${excerpt(response) || '(none)'}`,
      );
    };
    const operation = this.operationOf(method, url);
    if (!operation) {
      // A route the API does not have: Nest's 404, in the one error shape.
      if (response.status !== 404) fail('the document has no operation for this method and path');
      if (!this.errorBody()(response.body)) {
        fail(`a 404 for no route must be an ErrorResponseDto\n${describeErrors(this.errorBody().errors)}`);
      }
      return;
    }
    const status = String(response.status);
    const documented =
      operation.responses.get(status) ??
      operation.responses.get(`${status[0]}XX`) ??
      operation.responses.get('default');
    if (!documented) {
      return fail(
        `${operation.name} does not document status ${status} (it documents ${[...operation.responses.keys()].join(', ')})`,
      );
    }
    const where = `${operation.name} ${status}`;

    for (const header of documented.headers) {
      const raw = response.headers[header.name];
      if (raw === undefined) {
        if (header.required) fail(`${where} requires the header ${header.name}, which is missing`);
        continue;
      }
      const text = Array.isArray(raw) ? raw.join(', ') : raw;
      const value = header.numeric && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
      if (header.validate && !header.validate(value)) {
        fail(
          `${where}: the header ${header.name}: ${text} does not match its schema\n${describeErrors(header.validate.errors)}`,
        );
      }
    }

    const hasBody = textOf(response).length > 0;
    if (documented.content.size === 0) {
      if (hasBody) fail(`${where} is documented without a body, yet one came`);
    } else if (!hasBody) {
      fail(
        `${where} is documented with a body (${[...documented.content.keys()].join(', ')}), yet none came`,
      );
    } else {
      const contentType = String(response.headers['content-type'] ?? '')
        .split(';')[0]
        .trim()
        .toLowerCase();
      const mediaType = [contentType, `${contentType.split('/')[0]}/*`, '*/*'].find((type) =>
        documented.content.has(type),
      );
      if (!mediaType) {
        fail(
          `${where} is documented as ${[...documented.content.keys()].join(', ')}, not ${contentType || 'untyped'}`,
        );
      }
      const validate = documented.content.get(mediaType!);
      if (validate && !validate(response.body)) {
        fail(`${where}: the body does not match the documented schema\n${describeErrors(validate.errors)}`);
      }
    }

    const statuses = this.seen.get(operation.name) ?? new Set<string>();
    statuses.add(status);
    this.seen.set(operation.name, statuses);
  }

  /**
   * `t` with an `http` whose every request has its response checked (first among its
   * expectations): helpers such as `signUp(t)` are checked as well when given it. HEAD and
   * OPTIONS, which the document has no operations for, go unchecked.
   */
  checked(t: TestApp): TestApp {
    const http = new Proxy(t.http, {
      get: (agent, property, receiver) => {
        const value = Reflect.get(agent, property, receiver) as unknown;
        if (typeof property !== 'string' || !(METHODS as string[]).includes(property)) return value;
        return (url: string) =>
          (value as (url: string) => Test)
            .call(agent, url)
            .expect((response) => this.check(property, url, response));
      },
    }) as TestAgent;
    return { ...t, http };
  }

  /**
   * `operation status` for each documented status not seen yet, except those `exempt` returns a
   * reason for.
   */
  unseen(exempt: (operation: string, status: string) => string | undefined): string[] {
    return this.operations.flatMap((operation) =>
      [...operation.responses.keys()]
        .filter((status) => !this.seen.get(operation.name)?.has(status) && !exempt(operation.name, status))
        .map((status) => `${operation.name} ${status}`),
    );
  }

  /** The statuses the document lists for an operation (`GET /api/cars/{id}`). */
  documentedStatuses(operation: string): string[] {
    return [...(this.operations.find((candidate) => candidate.name === operation)?.responses.keys() ?? [])];
  }
}
