import { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { IsObject, IsOptional, IsString } from 'class-validator';
import { AppValidationPipe, firstMessages, MAX_FIELDS, MAX_NESTING } from './app-validation.pipe';

class BodyDto {
  @IsOptional()
  @IsString()
  name?: string;

  @IsOptional()
  @IsObject()
  data?: object;
}

/** `{"data": …}` with objects nested `depth` levels deep in all. */
function nested(depth: number): object {
  let value: object = {};
  for (let level = 1; level < depth; level++) value = level === depth - 1 ? { data: value } : { a: value };
  return value;
}

describe('AppValidationPipe', () => {
  const pipe = new AppValidationPipe();
  const body: ArgumentMetadata = { type: 'body', metatype: BodyDto };
  const rejection = (value: unknown, metadata = body) =>
    pipe.transform(value, metadata).then(
      () => undefined,
      (error: unknown) => {
        expect(error).toBeInstanceOf(BadRequestException);
        return (error as BadRequestException).getResponse() as { message: string[] };
      },
    );

  it(`accepts a body nested ${MAX_NESTING} levels deep`, async () => {
    await expect(pipe.transform(nested(MAX_NESTING), body)).resolves.toBeInstanceOf(BodyDto);
  });

  it.each([MAX_NESTING + 1, 50_000])(
    'refuses a body nested %p levels deep with 400, not a stack overflow',
    async (depth) => {
      expect((await rejection(nested(depth)))?.message).toEqual([
        `The body nests more than ${MAX_NESTING} levels deep`,
      ]);
    },
  );

  it('refuses deep arrays too', async () => {
    let value: unknown[] = [];
    for (let level = 0; level < 5_000; level++) value = [value];
    expect(await rejection({ data: value })).toBeDefined();
  });

  // JSON.parse keeps "__proto__" as a key of its own; Nest's pipe would delete these keys unseen.
  it.each([
    '{"name":"x","__proto__":{"role":"admin"}}',
    '{"name":"x","constructor":{"prototype":{"role":"admin"}}}',
    '{"name":"x","prototype":{"role":"admin"}}',
    '{"data":{"a":{"__proto__":{"role":"admin"}}}}',
  ])('refuses the prototype key of %s like an unknown field', async (json) => {
    const key = /"(__proto__|constructor|prototype)"/.exec(json)![1];
    expect((await rejection(JSON.parse(json)))?.message).toEqual([`property ${key} should not exist`]);
  });

  it('refuses a prototype key in a query', async () => {
    const query = Object.assign(Object.create(null) as object, JSON.parse('{"__proto__":"x","name":"y"}'));
    expect(await rejection(query, { type: 'query', metatype: BodyDto })).toBeDefined();
  });

  it.each(['\udfff', 'a\ud800b'])('refuses a lone surrogate (%j) in a value or a key', async (text) => {
    const expected = ['The body holds text that is not valid Unicode (a lone surrogate)'];
    expect((await rejection({ name: text }))?.message).toEqual(expected);
    expect((await rejection({ data: { [text]: 1 } }))?.message).toEqual(expected);
  });

  it('passes an ordinary body, emoji and all', async () => {
    await expect(pipe.transform({ name: '🚗 x', data: { a: [1, { b: 2 }] } }, body)).resolves.toEqual(
      Object.assign(new BodyDto(), { name: '🚗 x', data: { a: [1, { b: 2 }] } }),
    );
  });

  describe('wide objects', () => {
    const fields = (count: number) =>
      Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, 0]));

    it(`refuses a body of more than ${MAX_FIELDS} fields with one message counting them`, async () => {
      expect((await rejection(fields(12_964)))?.message).toEqual([
        `The body has 12,964 fields; no request takes more than ${MAX_FIELDS}`,
      ]);
    });

    it('refuses so wide an object nested in the body', async () => {
      expect((await rejection({ data: fields(MAX_FIELDS + 1) }))?.message).toEqual([
        `The body has an object of ${MAX_FIELDS + 1} fields; no request takes more than ${MAX_FIELDS}`,
      ]);
    });

    it(`judges ${MAX_FIELDS} fields by the DTO, listing the first 20 problems and counting the rest`, async () => {
      const messages = (await rejection(fields(MAX_FIELDS)))?.message;
      expect(messages).toHaveLength(21);
      expect(messages?.[0]).toBe('property k0 should not exist');
      expect(messages?.[20]).toBe(`… and ${MAX_FIELDS - 20} more problems`);
    });

    it('leaves long arrays to the DTO', async () => {
      await expect(pipe.transform({ data: { list: Array(5_000).fill(1) } }, body)).resolves.toBeInstanceOf(
        BodyDto,
      );
    });
  });

  describe('control characters in a query', () => {
    const query: ArgumentMetadata = { type: 'query', metatype: BodyDto };

    it.each([
      ['\u0000', 'U+0000'],
      ['a\u001fb', 'U+001F'],
      ['\u007f', 'U+007F'],
      ['\u0085', 'U+0085'],
      ['line\nbreak', 'U+000A'],
    ])('refuses %j, naming the parameter and the character', async (name, codePoint) => {
      expect((await rejection({ name }, query))?.message).toEqual([
        `name must not contain control characters (${codePoint})`,
      ]);
      expect((await rejection({ name: ['ok', name] }, query))?.message).toEqual([
        `name must not contain control characters (${codePoint})`,
      ]);
    });

    it('names the parameter of a single-parameter query too', async () => {
      const single: ArgumentMetadata = { type: 'query', metatype: String, data: 'q' };
      expect((await rejection('a\u0000', single))?.message).toEqual([
        'q must not contain control characters (U+0000)',
      ]);
    });

    it('passes unicode, percent signs and spaces', async () => {
      await expect(pipe.transform({ name: '% _ Citroën 🚗' }, query)).resolves.toEqual(
        Object.assign(new BodyDto(), { name: '% _ Citroën 🚗' }),
      );
    });

    it('leaves control characters in a body to the DTO (a description may hold line breaks)', async () => {
      await expect(pipe.transform({ name: 'a\nb' }, body)).resolves.toBeInstanceOf(BodyDto);
    });
  });

  describe('firstMessages', () => {
    const numbered = (count: number) => Array.from({ length: count }, (_, i) => `problem ${i}`);

    it('keeps up to 20 messages as they are', () => {
      expect(firstMessages(numbered(20))).toEqual(numbered(20));
      expect(firstMessages([])).toEqual([]);
    });

    it('cuts more to the first 20 and one naming how many more there were', () => {
      expect(firstMessages(numbered(21))).toEqual([...numbered(20), '… and 1 more problem']);
      expect(firstMessages(numbered(12_984))).toEqual([...numbered(20), '… and 12,964 more problems']);
    });
  });
});
