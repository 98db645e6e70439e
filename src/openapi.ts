import { NestFactory } from '@nestjs/core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AppModule } from './app.module';
import { API_PREFIX, buildOpenApiDocument } from './openapi/openapi-document';

/** Where `npm run openapi` writes the document unless given a path. */
const DEFAULT_OUTPUT = 'dist/openapi.json';

/**
 * Writes the OpenAPI document the API serves at /api/docs-json to a file, for client generators
 * and the lint gate. The app is made in preview mode: no database, Redis or port is touched.
 */
async function writeDocument(output: string): Promise<void> {
  const app = await NestFactory.create(AppModule, { preview: true, logger: ['error'] });
  app.setGlobalPrefix(API_PREFIX);
  const document = buildOpenApiDocument(app);
  await app.close();
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`OpenAPI document written to ${output}`);
}

void writeDocument(resolve(process.argv[2] ?? DEFAULT_OUTPUT));
