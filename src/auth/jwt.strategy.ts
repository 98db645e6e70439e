import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-jwt';
import { AuthUser } from '../common/auth-user';
import { authConfig } from '../config/auth.config';
import { bearerTokenFromRequest } from './bearer-token';
import { AccessTokenClaims, SessionsService } from './sessions.service';

/** Bearer access tokens: HS256 only (so `alg: none` and key confusion fail), session still live. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(authConfig.KEY) config: ConfigType<typeof authConfig>,
    private readonly sessions: SessionsService,
  ) {
    super({
      jwtFromRequest: bearerTokenFromRequest,
      // A key object, not the string: given a string or a buffer, jsonwebtoken first tries to read
      // it as a PEM public key on every verification, about a millisecond on Node 20's OpenSSL.
      // (passport-jwt's types say string | Buffer; it hands the key to jsonwebtoken unchanged.)
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as Buffer,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<AuthUser | false> {
    if (typeof claims.sid !== 'number' || typeof claims.sub !== 'string') return false;
    return (await this.sessions.authenticate(claims)) ?? false;
  }
}
