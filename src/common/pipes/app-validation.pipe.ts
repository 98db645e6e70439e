import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { codePointOf, CONTROL_CHARACTER } from '../validation';

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

/**
 * How many fields one object of a body or query may have: the widest DTO has a dozen. Checked
 * before class-transformer, whose copy of an object costs time quadratic in its number of keys,
 * so that a body of thousands of unknown keys is refused for the price of counting them.
 */
export const MAX_FIELDS = 100;

/** How many messages a 400 lists; the last then says how many more there were. */
export const MAX_MESSAGES = 20;

const count = (n: number) => n.toLocaleString('en-US');

/** Why a body or query is refused before its DTO sees it, if it is (walked without recursion). */
function structuralProblem(value: unknown, kind: 'body' | 'query', name = ''): string | undefined {
  // Each value with its depth and the top-level field it is in (which a query message names).
  const pending: [unknown, number, string][] = [[value, 1, name]];
  while (pending.length) {
    const [current, depth, field] = pending.pop()!;
    if (typeof current === 'string') {
      if (LONE_SURROGATE.test(current)) return surrogateProblem(kind);
      // No filter has a use for one, and a NUL reaches SQLite's LIKE as the end of the pattern.
      const control = kind === 'query' ? CONTROL_CHARACTER.exec(current) : null;
      if (control) return `${field} must not contain control characters (${codePointOf(control[0])})`;
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth > MAX_NESTING) return `The ${kind} nests more than ${MAX_NESTING} levels deep`;
    // Keys alone first: counting them is cheap, their entries are not.
    const keys = Object.keys(current);
    if (!Array.isArray(current) && keys.length > MAX_FIELDS) {
      const fields = `${count(keys.length)} fields`;
      return `The ${kind} has ${depth === 1 ? fields : `an object of ${fields}`}; no request takes more than ${MAX_FIELDS}`;
    }
    for (const key of keys) {
      if (PROTOTYPE_KEYS.has(key)) return `property ${key} should not exist`;
      if (LONE_SURROGATE.test(key)) return surrogateProblem(kind);
      pending.push([(current as Record<string, unknown>)[key], depth + 1, field || key]);
    }
  }
  return undefined;
}

const surrogateProblem = (kind: string) =>
  `The ${kind} holds text that is not valid Unicode (a lone surrogate)`;

function messages(errors: ValidationError[]): string[] {
  return errors.flatMap((error) => [
    ...Object.values(error.constraints ?? {}),
    ...messages(error.children ?? []),
  ]);
}

/** The first MAX_MESSAGES messages, then one saying how many more there were. */
export function firstMessages(all: string[]): string[] {
  if (all.length <= MAX_MESSAGES) return all;
  const more = all.length - MAX_MESSAGES;
  return [...all.slice(0, MAX_MESSAGES), `… and ${count(more)} more problem${more === 1 ? '' : 's'}`];
}

/**
 * The global validation: DTOs are validated and converted, unknown fields are rejected (400, not
 * dropped; prototype keys too, and bodies or queries nested too deep, too wide or holding lone
 * surrogates, and queries holding control characters), and the message lists the first 20
 * problems. Path parameters are left as the strings they are, for their own pipes (`ParseIdPipe`)
 * to judge: converting "1e3" or "abc" to a number here would hide what the caller sent.
 */
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      exceptionFactory: (errors) => new BadRequestException(firstMessages(messages(errors))),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const problem = structuralProblem(value, metadata.type, metadata.data);
      if (problem) throw new BadRequestException([problem]);
    }
    return super.transform(value, metadata);
  }

  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'param' ? value : super.transformPrimitive(value, metadata);
  }
}
