import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { IsFreeText, IsName, IsTimestamp, MAX_TIMESTAMP_TEXT_LENGTH } from './validation';

class NameDto {
  @IsName(1, 64)
  name!: string;
}

class TextDto {
  @IsFreeText(100)
  text!: string;
}

class TimeDto {
  @IsTimestamp()
  at!: Date;
}

/** The instance `plain` becomes and the messages of its validation. */
async function judge<T extends object>(type: new () => T, plain: object): Promise<[T, string[]]> {
  const instance = plainToInstance(type, plain);
  const errors = await validate(instance);
  return [instance, errors.flatMap((error) => Object.values(error.constraints ?? {}))];
}

describe('IsName', () => {
  it.each([
    ['Citroe\u0308n', 'Citroën'],
    ['  Land \u00A0\u2003 Rover ', 'Land Rover'],
    ['\uFEFFToyota', 'Toyota'],
    ['Škoda 🚗 トヨタ', 'Škoda 🚗 トヨタ'],
    ['Ｔｏｙｏｔａ', 'Ｔｏｙｏｔａ'],
  ])('takes %j as %j', async (name, stored) => {
    expect(await judge(NameDto, { name })).toEqual([expect.objectContaining({ name: stored }), []]);
  });

  it.each([
    ['Toy\u200Bota', 'U+200B'],
    ['Toy\u200Cota', 'U+200C'],
    ['Toy\u200Dota', 'U+200D'],
    ['Toy\u2060ota', 'U+2060'],
    ['Toy\uFEFFota', 'U+FEFF'],
    ['Toy\u202Eota', 'U+202E'],
    ['Toy\u00ADota', 'U+00AD'],
    ['Toy\u0000ota', 'U+0000'],
    ['Toy\u0085ota', 'U+0085'],
    ['Toy\tota', 'U+0009'],
    ['Toy\nota', 'U+000A'],
    ['Toy\u2028ota', 'U+2028'],
    ['Toy\uE000ota', 'U+E000'],
    ['Toy\u034Fota', 'U+034F'],
    ['Toy\u3164ota', 'U+3164'],
  ])('refuses %j naming %s', async (name, codePoint) => {
    const [, messages] = await judge(NameDto, { name });
    expect(messages).toEqual([`name must not contain control or invisible characters (${codePoint})`]);
  });

  it('counts the length after normalizing', async () => {
    expect((await judge(NameDto, { name: `${'e\u0301'.repeat(64)}` }))[1]).toEqual([]);
    expect((await judge(NameDto, { name: ' \u00A0 ' }))[1]).toEqual([
      'name must be longer than or equal to 1 characters',
    ]);
  });

  it('leaves a value that is no string to IsString', async () => {
    expect((await judge(NameDto, { name: 7 }))[1]).toContain('name must be a string');
  });
});

describe('IsFreeText', () => {
  it('keeps line breaks and tabs, in NFC', async () => {
    expect(await judge(TextDto, { text: 'Cafe\u0301\r\n\tok' })).toEqual([
      expect.objectContaining({ text: 'Café\r\n\tok' }),
      [],
    ]);
  });

  it.each([
    ['a\u0000b', 'U+0000'],
    ['a\u001Bb', 'U+001B'],
    ['a\u007Fb', 'U+007F'],
  ])('refuses %j naming %s', async (text, codePoint) => {
    expect((await judge(TextDto, { text }))[1]).toEqual([
      `text must not contain control characters (${codePoint})`,
    ]);
  });
});

describe('IsTimestamp', () => {
  it.each(['0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '2026-06-01T12:00:00+02:00', 0])(
    'takes %j',
    async (at) => {
      const [instance, messages] = await judge(TimeDto, { at });
      expect(messages).toEqual([]);
      expect(instance.at).toEqual(new Date(at));
    },
  );

  it.each([
    '+275760-09-13T00:00:00.000Z',
    '+010000-01-01T00:00:00.000Z',
    '0000-12-31T23:59:59.999Z',
    '0001-01-01T00:30:00+01:00',
    '-000001-01-01T00:00:00.000Z',
    -62_135_596_800_001,
    253_402_300_800_000,
  ])('refuses %j as outside the years 0001 to 9999', async (at) => {
    expect((await judge(TimeDto, { at }))[1]).toEqual([
      'at must be a timestamp between the years 0001 and 9999',
    ]);
  });

  it.each([
    'soon',
    '',
    '2026-13-01',
    // A date `new Date` reads (it skips a parenthesized comment), longer than the limit: not read.
    `Mon Jun 01 2026 12:00:00 GMT+0000 (${'x'.repeat(MAX_TIMESTAMP_TEXT_LENGTH)})`,
    1e300,
    true,
    { toString: 1 },
    ['2026-01-01'],
  ])('refuses %j as no timestamp, with one message', async (at) => {
    expect((await judge(TimeDto, { at }))[1]).toEqual(['at must be an ISO-8601 timestamp']);
  });
});
