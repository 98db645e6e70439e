import { UnauthorizedException } from '@nestjs/common';
import { Request } from 'express';
import { bearerToken, bearerTokenFromRequest, MAX_AUTHORIZATION_LENGTH } from './bearer-token';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';

describe('bearerToken', () => {
  it.each([
    `Bearer ${TOKEN}`,
    `bearer ${TOKEN}`,
    `BEARER ${TOKEN}`,
    `BeArEr ${TOKEN}`,
    `Bearer   ${TOKEN}`,
    `Bearer\t${TOKEN}`,
    `  Bearer ${TOKEN}  `,
  ])('reads the token of %p', (header) => {
    expect(bearerToken(header)).toBe(TOKEN);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['the scheme alone', 'Bearer'],
    ['the scheme and a space', 'Bearer '],
    ['the token without a scheme', TOKEN],
    ['another scheme', `Basic ${TOKEN}`],
    ['a longer scheme word', `Bearerx ${TOKEN}`],
    ['a scheme glued to the token', `Bearer${TOKEN}`],
    ['two tokens', `Bearer ${TOKEN} ${TOKEN}`],
    ['a token with a space inside', `Bearer ${TOKEN.slice(0, 10)} ${TOKEN.slice(10)}`],
  ])('null for %s', (_case, header) => {
    expect(bearerToken(header)).toBeNull();
  });

  it('reads a value of exactly the maximum length, and refuses one character more', () => {
    const token = 'a'.repeat(MAX_AUTHORIZATION_LENGTH - 'Bearer '.length);
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    expect(bearerToken(`Bearer ${token}a`)).toBeNull();
  });

  it('answers at once for very long values without a space (a backtracking parser takes minutes)', () => {
    const long = 'a'.repeat(1_000_000);
    expect(bearerToken(long)).toBeNull();
    expect(bearerToken(`Bearer ${long}`)).toBeNull();
    // Within the limit, the parse itself is linear.
    expect(bearerToken('a'.repeat(MAX_AUTHORIZATION_LENGTH))).toBeNull();
    expect(bearerToken(`Bearer ${'\t'.repeat(MAX_AUTHORIZATION_LENGTH - 8)}a`)).toBe('a');
  });
});

describe('bearerTokenFromRequest', () => {
  const request = (authorization?: string) => ({ headers: { authorization } }) as Request;

  it('reads the bearer token of the Authorization header, or null', () => {
    expect(bearerTokenFromRequest(request(`Bearer ${TOKEN}`))).toBe(TOKEN);
    expect(bearerTokenFromRequest(request())).toBeNull();
    expect(bearerTokenFromRequest(request(`Basic ${TOKEN}`))).toBeNull();
  });

  it('refuses an oversized header with a 401 that says why', () => {
    const oversized = request('a'.repeat(MAX_AUTHORIZATION_LENGTH + 1));
    expect(() => bearerTokenFromRequest(oversized)).toThrow(UnauthorizedException);
    expect(() => bearerTokenFromRequest(oversized)).toThrow(/Authorization header too long/);
  });
});
