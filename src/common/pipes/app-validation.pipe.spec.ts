import { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { IsObject, IsOptional, IsString } from 'class-validator';
import { AppValidationPipe, MAX_NESTING } from './app-validation.pipe';

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
});
