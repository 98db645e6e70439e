import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { Request } from 'express';
import { rateLimitClient } from './rate-limit-client';

/**
 * Signup, login, refresh and change-password share one budget per client (`AUTH_RATE_LIMIT` a
 * minute): per IPv4 address, per IPv6 /64 (see rateLimitClient).
 */
@Injectable()
export class AuthThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(request: Request): Promise<string> {
    return Promise.resolve(rateLimitClient(request.ip));
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }
}
