import { ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { Request } from 'express';
import { accessTokenFromRequest, checkCsrf } from './browser-sessions';

const request = (method: string, headers: Record<string, string>) =>
  ({ method, headers }) as unknown as Request;

describe('accessTokenFromRequest', () => {
  it('takes the bearer token of a request with an Authorization header, without reading its cookies', () => {
    const withHeader = {
      method: 'GET',
      headers: {
        authorization: 'Bearer header.token.here',
        get cookie(): string {
          throw new Error('the cookies of a bearer request were read');
        },
      },
    } as unknown as Request;
    expect(accessTokenFromRequest(withHeader)).toBe('header.token.here');
  });

  it('ignores the cookie beside an Authorization header that holds no bearer token', () => {
    expect(
      accessTokenFromRequest(request('GET', { authorization: 'Basic abc', cookie: 'access_token=a.b.c' })),
    ).toBeNull();
    expect(
      accessTokenFromRequest(request('GET', { authorization: '', cookie: 'access_token=a.b.c' })),
    ).toBeNull();
  });

  it('takes the access_token cookie of a request without the header', () => {
    expect(accessTokenFromRequest(request('GET', { cookie: 'theme=dark; access_token=a.b.c; x=1' }))).toBe(
      'a.b.c',
    );
    expect(accessTokenFromRequest(request('GET', { cookie: 'theme=dark' }))).toBeNull();
    expect(accessTokenFromRequest(request('GET', {}))).toBeNull();
  });

  it('refuses a cookie token longer than an Authorization header may be, as no token', () => {
    expect(accessTokenFromRequest(request('GET', { cookie: `access_token=${'a'.repeat(4097)}` }))).toBeNull();
  });

  it('still throws the 401 of an oversized Authorization header', () => {
    expect(() =>
      accessTokenFromRequest(request('GET', { authorization: `Bearer ${'a'.repeat(5000)}` })),
    ).toThrow(UnauthorizedException);
  });
});

describe('checkCsrf', () => {
  const cookie = 'access_token=a.b.c; csrf_token=the-csrf-token';

  it.each(['GET', 'HEAD', 'OPTIONS'])('lets %s through without the header', (method) => {
    expect(() => checkCsrf(request(method, { cookie }))).not.toThrow();
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('needs the header on %s, equal to the cookie', (method) => {
    expect(() => checkCsrf(request(method, { cookie }))).toThrow(ForbiddenException);
    expect(() => checkCsrf(request(method, { cookie, 'x-csrf-token': '' }))).toThrow(/Missing X-CSRF-Token/);
    expect(() => checkCsrf(request(method, { cookie, 'x-csrf-token': 'the-csrf-tokeN' }))).toThrow(
      /does not match/,
    );
    expect(() => checkCsrf(request(method, { cookie, 'x-csrf-token': 'the-csrf-token' }))).not.toThrow();
  });

  it('refuses a header when there is no csrf_token cookie, whatever the header says', () => {
    for (const sent of ['x', 'undefined', 'null']) {
      expect(() =>
        checkCsrf(request('POST', { cookie: 'access_token=a.b.c', 'x-csrf-token': sent })),
      ).toThrow(ForbiddenException);
    }
  });

  it('asks nothing of a request with an Authorization header (its cookies count for nothing)', () => {
    expect(() => checkCsrf(request('DELETE', { authorization: 'Bearer x.y.z', cookie }))).not.toThrow();
  });
});
