import { isTokenParameter, redactTokens } from './redact-tokens';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.c2lnbmF0dXJl';

describe('redactTokens', () => {
  it.each([
    ['/api/admin/queues?token=secret', '/api/admin/queues?token=[Redacted]'],
    ['/x?%74oken=secret', '/x?%74oken=[Redacted]'],
    ['/x?TOKEN=secret&page=2', '/x?TOKEN=[Redacted]&page=2'],
    ['/x?%54%4f%4B%45%4e=secret', '/x?%54%4f%4B%45%4e=[Redacted]'],
    ['/x?token=a&token=b', '/x?token=[Redacted]&token=[Redacted]'],
    ['/x?page=1;token[]=secret', '/x?page=1;token[]=[Redacted]'],
    [
      '"url":"/x?token=secret","path":"/y?token=secret"',
      '"url":"/x?token=[Redacted]","path":"/y?token=[Redacted]"',
    ],
  ])('redacts every spelling of the token parameter in %p', (text, redacted) => {
    expect(redactTokens(text)).toBe(redacted);
  });

  it('redacts a JWT wherever it is', () => {
    expect(redactTokens(`{"msg":"bad ${JWT}","referer":"/q?t=${JWT}"}`)).toBe(
      '{"msg":"bad [Redacted]","referer":"/q?t=[Redacted]"}',
    );
  });

  it('redacts a JWT run into other token characters, and one with an empty signature', () => {
    expect(redactTokens(`/q?x=Bearer%20${JWT}.tail`)).toBe('/q?x=Bearer%20[Redacted].tail');
    expect(redactTokens('a eyJhbGciOiJub25lIn0.eyJzdWIiOjF9. b')).toBe('a [Redacted] b');
  });

  it('takes linear time on a line any client can shape (eyJ repeated, no dots)', () => {
    const hostile = `/api/status?q=${'eyJ'.repeat(200_000)}`;
    const started = process.hrtime.bigint();
    expect(redactTokens(hostile)).toBe(hostile);
    // A backtracking pattern takes minutes here; a linear pass, milliseconds.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2_000);
  });

  it('leaves other parameters and texts alone', () => {
    const line = '{"url":"/api/cars?page=2&mytoken=1&tokenless=3","msg":"a token was refused"}';
    expect(redactTokens(line)).toBe(line);
  });
});

describe('isTokenParameter', () => {
  it.each(['token', 'Token', '%74oken', '%54OKEN', 'token[]'])('%p is the token parameter', (name) => {
    expect(isTokenParameter(name)).toBe(true);
  });

  it.each(['page', 'mytoken', 'tok', 'tokenless', 'access_token'])('%p is not', (name) => {
    expect(isTokenParameter(name)).toBe(false);
  });
});
