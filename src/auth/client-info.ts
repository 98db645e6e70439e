import { Request } from 'express';

/** Where a sign-in came from, shown in the sessions list. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export function clientInfo(request: Request): ClientInfo {
  return { ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null };
}
