import { BadRequestException } from '@nestjs/common';
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

  // In the app the global ValidationPipe (transform: true) runs first and, because the handler
  // parameter is declared `number`, hands this pipe a number (NaN for "abc"), not a string.
  it.each([NaN, 0, -1, 1.5, 99999999999])('rejects the already converted number %p with 400', (value) => {
    expect(() => pipe.transform(value as unknown as string)).toThrow(BadRequestException);
  });
});
