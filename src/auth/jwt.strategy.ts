import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { Request } from 'express';
import { Strategy } from 'passport-jwt';
import { AuthUser } from '../common/auth-user';
import { VerifiedTokenCheck } from '../common/guards/verified-token-check.port';
import { authConfig } from '../config/auth.config';
import { accessTokenFromRequest, authenticatedByCookie, checkCsrf } from './browser-sessions';
import { AccessTokenClaims, SessionsService } from './sessions.service';
import { VerifiedTokens } from './verified-tokens';

/**
 * Access tokens, from the Authorization header or else the access_token cookie: HS256 only (so
 * `alg: none` and key confusion fail), session still live. A token it accepts is kept
 * (VerifiedTokens) and answered for without passport from then on. A request authenticated by the
 * cookie then passes the CSRF check (403).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') implements VerifiedTokenCheck {
  constructor(
    @Inject(authConfig.KEY) config: ConfigType<typeof authConfig>,
    private readonly sessions: SessionsService,
    private readonly verifiedTokens: VerifiedTokens,
  ) {
    super({
      jwtFromRequest: accessTokenFromRequest,
      // A key object, not the string: given a string or a buffer, jsonwebtoken first tries to read
      // it as a PEM public key on every verification, about a millisecond on Node 20's OpenSSL.
      // (passport-jwt's types say string | Buffer; it hands the key to jsonwebtoken unchanged.)
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as Buffer,
      algorithms: ['HS256'],
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  async validate(request: Request, claims: AccessTokenClaims): Promise<AuthUser | false> {
    if (typeof claims.sid !== 'number' || typeof claims.sub !== 'string') return false;
    const user = await this.sessions.authenticate(claims);
    if (!user) return false;
    // The token as `jwtFromRequest` read it (the same header or cookie, so the same token).
    this.verifiedTokens.remember(accessTokenFromRequest(request)!, claims);
    checkCsrf(request);
    return user;
  }

  callerOf(request: Request): Promise<AuthUser | null> | undefined {
    const claims = this.verifiedTokens.get(accessTokenFromRequest(request));
    const caller = claims && this.sessions.authenticate(claims);
    if (!caller || !authenticatedByCookie(request)) return caller;
    return caller.then((user) => {
      if (user) checkCsrf(request);
      return user;
    });
  }
}
