import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { Request, Response } from 'express';
import { rateLimitClient } from './rate-limit-client';

/**
 * Signup, login, refresh and change-password share one budget per client (`AUTH_RATE_LIMIT` a
 * minute): per IPv4 address, per IPv6 /64 (see rateLimitClient). The throttler is the module's
 * only, `default`, so its headers have their standard names (`Retry-After`, `X-RateLimit-Limit`)
 * rather than names suffixed with the throttler's.
 */
@Injectable()
export class AuthThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(request: Request): Promise<string> {
    return Promise.resolve(rateLimitClient(request.ip));
  }

  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    return `auth:${tracker}`;
  }

  /** A 429 shows the limit too (the guard sets only Retry-After on it). */
  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const response = context.switchToHttp().getResponse<Response>();
    response.setHeader('X-RateLimit-Limit', detail.limit);
    response.setHeader('X-RateLimit-Remaining', 0);
    response.setHeader('X-RateLimit-Reset', detail.timeToExpire);
    return super.throwThrottlingException(context, detail);
  }
}
