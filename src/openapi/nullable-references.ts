import { OpenAPIObject } from '@nestjs/swagger';

const NULL_ONLY = { type: 'object', nullable: true, enum: [null] };

/**
 * A property typed `SomeDto | null` reaches the document as `nullable` beside a `$ref` (or beside
 * `allOf: [{ $ref }]`), which OpenAPI 3.0 validators ignore: `nullable` only widens a `type` of
 * the same schema, and the referenced schema still refuses null. Such a property becomes "one of
 * the schema, or null", which validators and generators read alike (`SomeDto | null`).
 */
export function nullableReferences(document: OpenAPIObject): OpenAPIObject {
  const pending: unknown[] = [document.components?.schemas, document.paths];
  while (pending.length) {
    const node = pending.pop();
    if (node === null || typeof node !== 'object') continue;
    for (const [key, value] of Object.entries(node)) {
      const $ref = nullableReference(value);
      if ($ref) {
        const { nullable: _n, type: _t, allOf: _a, $ref: _r, ...rest } = value as Record<string, unknown>;
        (node as Record<string, unknown>)[key] = { ...rest, oneOf: [{ $ref }, NULL_ONLY] };
      } else {
        pending.push(value);
      }
    }
  }
  return document;
}

/** The `$ref` of a schema that is a nullable reference, if it is one. */
function nullableReference(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const schema = value as { nullable?: unknown; $ref?: unknown; allOf?: unknown };
  if (schema.nullable !== true) return undefined;
  if (typeof schema.$ref === 'string') return schema.$ref;
  const [only, ...others] = Array.isArray(schema.allOf) ? (schema.allOf as { $ref?: unknown }[]) : [];
  return others.length === 0 && typeof only?.$ref === 'string' ? only.$ref : undefined;
}
