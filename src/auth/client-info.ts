import { Request } from 'express';
import { MAX_IP_LENGTH, MAX_USER_AGENT_LENGTH } from './dto/session.dto';

/** Where a sign-in came from, shown in the sessions list. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/**
 * Cut to what the sessions table holds: behind a trusted proxy the address is whatever the client
 * put in X-Forwarded-For, and a User-Agent may be as long as the request's head.
 */
export function clientInfo(request: Request): ClientInfo {
  return {
    ip: request.ip?.slice(0, MAX_IP_LENGTH) ?? null,
    userAgent: request.headers['user-agent']?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
  };
}
