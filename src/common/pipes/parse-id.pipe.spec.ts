import { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { AppValidationPipe } from './app-validation.pipe';
import { ParseIdPipe } from './parse-id.pipe';

describe('ParseIdPipe', () => {
  const pipe = new ParseIdPipe();

  it.each([
    ['1', 1],
    ['42', 42],
    ['2147483647', 2_147_483_647],
  ])('turns %p into %p', (value, id) => {
    expect(pipe.transform(value)).toBe(id);
  });

  it.each(['abc', '', '0', '-1', '1.5', '2147483648', '99999999999', '0x10', '1e3', ' 1', '+1'])(
    'rejects %p with 400',
    (value) => {
      expect(() => pipe.transform(value)).toThrow(BadRequestException);
    },
  );

  it('names the value in the message, cut to 32 characters', () => {
    expect(() => pipe.transform('x'.repeat(100))).toThrow(`Invalid id "${'x'.repeat(32)}"`);
  });

  // In the app the global validation pipe runs first, with the handler's parameter type `number`:
  // it must hand the path id over as sent, or "1e0" would arrive as 1 and "abc" as NaN.
  describe('after the global AppValidationPipe, as in a request', () => {
    const metadata: ArgumentMetadata = { type: 'param', metatype: Number, data: 'id' };
    const throughBoth = async (value: string) =>
      pipe.transform((await new AppValidationPipe().transform(value, metadata)) as string);

    it('turns "7" into 7', async () => {
      await expect(throughBoth('7')).resolves.toBe(7);
    });

    it.each(['abc', '0', '-1', '1.5', '99999999999', '0x1', '1e0', ' 1'])(
      'rejects %p with 400',
      async (value) => {
        await expect(throughBoth(value)).rejects.toThrow(BadRequestException);
      },
    );
  });
});
