import { randomBytes } from 'node:crypto';
import { TestApp, ADMIN } from './test-app';

/** What a seller embedded in a listing or an auction shows of its user. */
export const PUBLIC_KEYS = ['createdAt', 'displayName', 'id', 'username'];
/** A user's profile as others see it (`GET /api/users/:id`): the same with the names. */
export const PROFILE_KEYS = [...PUBLIC_KEYS, 'firstName', 'lastName'].sort();
/** The profile as the user themself and admins see it, and the admin views of users. */
export const PROFILE_KEYS_WITH_ROLE = [...PROFILE_KEYS, 'role'].sort();

export interface SignedUpUser {
  id: number;
  username: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  /** `{ Authorization: 'Bearer …' }` for supertest's `.set()`. */
  auth: { Authorization: string };
}

function asUser(
  body: { accessToken: string; refreshToken: string; user: { id: number; username: string; email: string } },
  password: string,
): SignedUpUser {
  return {
    id: body.user.id,
    username: body.user.username,
    email: body.user.email,
    password,
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    auth: { Authorization: `Bearer ${body.accessToken}` },
  };
}

/** Signs up a new user with unique credentials (or the given ones) and returns it with tokens. */
export async function signUp(
  { http }: TestApp,
  overrides: Partial<{ username: string; email: string; password: string }> = {},
): Promise<SignedUpUser> {
  const tag = randomBytes(4).toString('hex');
  const body = {
    username: `user_${tag}`,
    email: `user_${tag}@example.com`,
    password: 'correct-horse-battery',
    ...overrides,
  };
  const response = await http.post('/api/auth/signup').send(body).expect(201);
  return asUser(response.body, body.password);
}

/** Logs in as the bootstrap admin that createTestApp configures. */
export async function logInAdmin({ http }: TestApp): Promise<SignedUpUser> {
  const response = await http.post('/api/auth/login').send(ADMIN).expect(200);
  return asUser(response.body, ADMIN.password);
}
