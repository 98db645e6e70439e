import { Role } from './roles';

/** Who is calling: set on the request by the JWT strategy once the session is known to be live. */
export interface AuthUser {
  id: number;
  role: Role;
  sessionId: number;
}
