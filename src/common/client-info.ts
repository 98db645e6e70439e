import { Request } from 'express';
import { ClientInfo } from '../auth/sessions.service';

export function clientInfo(request: Request): ClientInfo {
  return { ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null };
}
