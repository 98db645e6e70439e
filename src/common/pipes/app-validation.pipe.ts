import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/**
 * How deep a body or query may nest. The DTOs nest two levels (a listing's specs and its
 * features); class-transformer recurses once per level, so a body of a few kB nested a thousand
 * deep would otherwise exhaust the stack (a 500) before any validator runs.
 */
export const MAX_NESTING = 32;

/**
 * Keys that reach for a prototype. Nest's ValidationPipe deletes them before validating, which
 * would drop them silently; like any other unknown field they are refused instead.
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * Half of a UTF-16 surrogate pair on its own: JSON can carry one (`"\udfff"`), but it is no
 * character, no database stores it faithfully, and validator.js's `isEmail` throws on it (a 500).
 */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** Why a body or query is refused before its DTO sees it, if it is (walked without recursion). */
function structuralProblem(value: unknown, kind: string): string | undefined {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length) {
    const [current, depth] = pending.pop()!;
    if (typeof current === 'string' && LONE_SURROGATE.test(current)) {
      return `The ${kind} holds text that is not valid Unicode (a lone surrogate)`;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth > MAX_NESTING) return `The ${kind} nests more than ${MAX_NESTING} levels deep`;
    for (const [key, child] of Object.entries(current)) {
      if (PROTOTYPE_KEYS.has(key)) return `property ${key} should not exist`;
      pending.push([key, depth], [child, depth + 1]);
    }
  }
  return undefined;
}

function messages(errors: ValidationError[]): string[] {
  return errors.flatMap((error) => [
    ...Object.values(error.constraints ?? {}),
    ...messages(error.children ?? []),
  ]);
}

/**
 * The global validation: DTOs are validated and converted, unknown fields are rejected (400, not
 * dropped; prototype keys too, and bodies or queries nested too deep or holding lone surrogates),
 * and the message lists every problem. Path parameters are left as the strings they are, for their own pipes (`ParseIdPipe`)
 * to judge: converting "1e3" or "abc" to a number here would hide what the caller sent.
 */
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      exceptionFactory: (errors) => new BadRequestException(messages(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const problem = structuralProblem(value, metadata.type);
      if (problem) throw new BadRequestException([problem]);
    }
    return super.transform(value, metadata);
  }

  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'param' ? value : super.transformPrimitive(value, metadata);
  }
}
