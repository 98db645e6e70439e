import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, TestApp } from '../support/test-app';

interface Operation {
  operationId?: string;
  tags?: string[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}

interface Document {
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
}

/** What `npm run openapi` wrote; `npm test` writes it before the tests run (pretest). */
const WRITTEN = join(__dirname, '..', '..', 'dist', 'openapi.json');

const operationsOf = (document: Document) =>
  Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      route: `${method.toUpperCase()} ${path}`,
      operation,
    })),
  );

describe('the OpenAPI document', () => {
  let t: TestApp;
  let document: Document;

  beforeAll(async () => {
    t = await createTestApp();
    document = (await t.http.get('/api/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('is the same under the test runner as the one `npm run openapi` writes from the build', () => {
    expect(existsSync(WRITTEN)).toBe(true);
    // Under ts-jest the Swagger plugin infers from the same sources as under `nest build`: return
    // types, enums, comments. The conformance test validates against the served document, and
    // clients generate from the written one: they must be one.
    expect(document).toEqual(JSON.parse(readFileSync(WRITTEN, 'utf8')));
  });

  it('names each operation once, readably, under a tag it describes', () => {
    const operations = operationsOf(document);
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(ids.filter((id) => !/^[a-z][A-Za-z]+$/.test(id ?? ''))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    const described = new Set(
      (document.tags ?? []).filter((tag) => (tag.description ?? '').length > 0).map((tag) => tag.name),
    );
    expect(
      operations.filter(({ operation }) => operation.tags?.length !== 1 || !described.has(operation.tags[0])),
    ).toEqual([]);
  });

  it('shows the shared error schema on every error of every operation, which each may answer 500 and 503', () => {
    // The health check's 503 is its report, with the dependency that is down.
    const ownSchemas: Record<string, string> = { 'GET /api/health 503': 'HealthDto' };
    for (const { route, operation } of operationsOf(document)) {
      expect({ route, statuses: Object.keys(operation.responses) }).toEqual({
        route,
        statuses: expect.arrayContaining(['500', '503']),
      });
      for (const [status, response] of Object.entries(operation.responses)) {
        // Node answers 431 before the app, without a body.
        if (Number(status) < 400 || status === '431') continue;
        expect({ route, status, schema: response.content?.['application/json']?.schema }).toEqual({
          route,
          status,
          schema: { $ref: `#/components/schemas/${ownSchemas[`${route} ${status}`] ?? 'ErrorResponseDto'}` },
        });
      }
    }
  });
});
