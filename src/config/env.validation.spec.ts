import express from 'express';
import { parseTrustProxy } from './app.config';
import { DEV_JWT_SECRET, MAX_AUTH_RATE_LIMIT, validateEnv } from './env.validation';

const SECRET_64 = 'a1b2c3d4'.repeat(8);

describe('validateEnv', () => {
  it('accepts an empty environment (every variable has a default)', () => {
    expect(validateEnv({})).toEqual({});
  });

  it('converts numeric variables to numbers and keeps the others', () => {
    expect(validateEnv({ PORT: '8080', AUTH_RATE_LIMIT: '5', JWT_ACCESS_TTL: '10m' })).toMatchObject({
      PORT: 8080,
      AUTH_RATE_LIMIT: 5,
      JWT_ACCESS_TTL: '10m',
    });
  });

  it('treats an empty value (KEY= in .env) as not set', () => {
    expect(() => validateEnv({ PORT: '', JWT_ACCESS_TTL: '', DATABASE_URL: '' })).not.toThrow();
  });

  it.each(['abc', '70000', '-1', '3000.5'])('rejects PORT=%s with a message naming PORT', (port) => {
    expect(() => validateEnv({ PORT: port })).toThrow(/PORT=/);
  });

  it.each(['soon', '0s', '15 minutes please'])('rejects JWT_ACCESS_TTL=%s', (ttl) => {
    expect(() => validateEnv({ JWT_ACCESS_TTL: ttl })).toThrow(/JWT_ACCESS_TTL/);
  });

  it('lists every bad variable in one error', () => {
    expect(() => validateEnv({ PORT: 'abc', JWT_REFRESH_TTL: 'later' })).toThrow(
      /PORT=[\s\S]*JWT_REFRESH_TTL=|JWT_REFRESH_TTL=[\s\S]*PORT=/,
    );
  });

  it('takes AUTH_RATE_LIMIT up to MAX_AUTH_RATE_LIMIT, the bound the document gives its headers', () => {
    expect(validateEnv({ AUTH_RATE_LIMIT: String(MAX_AUTH_RATE_LIMIT) })).toMatchObject({
      AUTH_RATE_LIMIT: MAX_AUTH_RATE_LIMIT,
    });
    expect(() => validateEnv({ AUTH_RATE_LIMIT: String(MAX_AUTH_RATE_LIMIT + 1) })).toThrow(
      /AUTH_RATE_LIMIT/,
    );
  });

  it('rejects DB_TYPE=postgres without DATABASE_URL', () => {
    expect(() => validateEnv({ DB_TYPE: 'postgres' })).toThrow(/DATABASE_URL/);
  });

  it('accepts DB_TYPE=postgres with a DATABASE_URL', () => {
    expect(() =>
      validateEnv({ DB_TYPE: 'postgres', DATABASE_URL: 'postgres://app:secret@db:5432/app' }),
    ).not.toThrow();
  });

  it.each(['true', 'false', '1', 'loopback', '10.0.0.0/8, 172.16.0.0/12', '::1', 'loopback,uniquelocal'])(
    'accepts TRUST_PROXY=%s, and so does Express',
    (value) => {
      expect(validateEnv({ TRUST_PROXY: value })).toMatchObject({ TRUST_PROXY: value });
      expect(() => express().set('trust proxy', parseTrustProxy(value))).not.toThrow();
    },
  );

  it.each(['yes', 'proxy.example.com', 'loopback,', '10.0.0.0/8; rm -rf'])(
    'rejects TRUST_PROXY=%s',
    (value) => {
      expect(() => validateEnv({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
    },
  );

  it('accepts COOKIE_SECURE=true and false, and rejects anything else', () => {
    expect(validateEnv({ COOKIE_SECURE: 'true' })).toMatchObject({ COOKIE_SECURE: 'true' });
    expect(validateEnv({ COOKIE_SECURE: 'false' })).toMatchObject({ COOKIE_SECURE: 'false' });
    expect(() => validateEnv({ COOKIE_SECURE: 'yes' })).toThrow(/COOKIE_SECURE/);
  });

  it('rejects an unknown DB_TYPE', () => {
    expect(() => validateEnv({ DB_TYPE: 'mysql' })).toThrow(/DB_TYPE/);
  });

  describe('in production', () => {
    it('rejects a missing JWT_SECRET, saying to set it', () => {
      expect(() => validateEnv({ NODE_ENV: 'production' })).toThrow(/needs JWT_SECRET set/);
    });

    it('rejects the default development secret', () => {
      expect(() => validateEnv({ NODE_ENV: 'production', JWT_SECRET: DEV_JWT_SECRET })).toThrow(/JWT_SECRET/);
    });

    it('rejects a secret shorter than 32 characters', () => {
      expect(() => validateEnv({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(31) })).toThrow(/JWT_SECRET/);
    });

    // The config factories read JWT_SECRET trimmed (read-env.ts), so validation must judge it trimmed too.
    it.each([' '.repeat(40), ` ${DEV_JWT_SECRET} `])(
      'rejects a secret that is blank or the default once trimmed (%p)',
      (secret) => {
        expect(() => validateEnv({ NODE_ENV: 'production', JWT_SECRET: secret })).toThrow(/JWT_SECRET/);
      },
    );

    it('accepts a 64-character secret', () => {
      expect(validateEnv({ NODE_ENV: 'production', JWT_SECRET: SECRET_64 })).toMatchObject({
        NODE_ENV: 'production',
        JWT_SECRET: SECRET_64,
      });
    });
  });

  it('outside production the default secret is fine', () => {
    expect(() => validateEnv({ NODE_ENV: 'development' })).not.toThrow();
  });
});
