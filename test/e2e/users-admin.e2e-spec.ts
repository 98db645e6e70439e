import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SESSION_CACHE_TTL_MS } from '../../src/session-cache/session-cache';
import { auctionInput, MAX_ID } from '../support/fixtures';
import { expectError } from '../support/expect-error';
import { ApiProcess } from '../support/processes';
import { createTestApp, TestApp } from '../support/test-app';
import { logInAdmin, PROFILE_KEYS, PROFILE_KEYS_WITH_ROLE, signUp, SignedUpUser } from '../support/users';
import { waitFor } from '../support/wait';

const PASSWORD = 'correct-horse-battery';

/**
 * Admin user management (`POST /api/users`, `PATCH`/`PUT /api/users/:id`) and the first and last
 * names of profiles, on the project's database (SQLite, or PostgreSQL in e2e-postgres).
 */
describe('admin user management and names', () => {
  let t: TestApp;
  let admin: SignedUpUser;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await logInAdmin(t);
  });
  afterAll(() => t.close());

  const tag = () => randomBytes(4).toString('hex');
  const newAccount = (changes: object = {}) => {
    const name = `adm_${tag()}`;
    return { username: name, email: `${name}@example.com`, password: PASSWORD, ...changes };
  };
  /** `as` null: anonymously. */
  const createUser = (body: object, as: SignedUpUser | null = admin) => {
    const call = t.http.post('/api/users');
    return (as ? call.set(as.auth) : call).send(body);
  };
  const patchUser = (id: number, body: object, as: SignedUpUser = admin) =>
    t.http.patch(`/api/users/${id}`).set(as.auth).send(body);
  const putUser = (id: number, body: object, as: SignedUpUser = admin) =>
    t.http.put(`/api/users/${id}`).set(as.auth).send(body);
  const profileOf = async (user: SignedUpUser) =>
    (await t.http.get('/api/users/profile').set(user.auth).expect(200)).body;
  const meOf = async (user: SignedUpUser) =>
    (await t.http.get('/api/auth/me').set(user.auth).expect(200)).body;
  const logIn = (login: object) => t.http.post('/api/auth/login').send(login);
  /** How many users the admin list counts. */
  const userCount = async () =>
    (await t.http.get('/api/users').query({ limit: 1 }).set(admin.auth).expect(200)).body.meta.total;

  describe('POST /api/users', () => {
    it('creates a user with names and profile fields (201, the admin view), who can then log in', async () => {
      const body = newAccount({
        email: `  New_${tag()}@Example.COM `,
        firstName: '  Ada  ',
        lastName: 'Lovelace',
        displayName: 'Ada L.',
        phone: '+44 20 7946 0958',
        address: '12 St James Square',
      });
      const response = await createUser(body).expect(201);
      expect(response.body).toEqual({
        id: expect.any(Number),
        username: body.username,
        displayName: 'Ada L.',
        firstName: 'Ada',
        lastName: 'Lovelace',
        role: 'user',
        createdAt: expect.any(String),
      });
      expect(Object.keys(response.body).sort()).toEqual(PROFILE_KEYS_WITH_ROLE);

      // The email is stored lower-cased and trimmed, as a signup's is; the password works.
      const email = body.email.trim().toLowerCase();
      const login = await logIn({ email: email.toUpperCase(), password: PASSWORD }).expect(200);
      expect(login.body.user).toEqual({
        id: response.body.id,
        username: body.username,
        email,
        role: 'user',
        displayName: 'Ada L.',
        firstName: 'Ada',
        lastName: 'Lovelace',
        phone: '+44 20 7946 0958',
        address: '12 St James Square',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const listed = await t.http.get('/api/users').query({ email }).set(admin.auth).expect(200);
      expect(listed.body.data).toEqual([response.body]);
    });

    it('creates an admin when asked, whose token passes admin routes', async () => {
      const body = newAccount({ role: 'admin' });
      const created = await createUser(body).expect(201);
      expect(created.body.role).toBe('admin');
      const login = await logIn({ username: body.username, password: PASSWORD }).expect(200);
      await t.http.get('/api/users').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    });

    it.each<[string, Record<string, unknown>]>([
      ['no username', { username: undefined }],
      ['a username of 2 characters', { username: 'ab' }],
      ['a username with a space', { username: 'has space' }],
      ['a username of 33 characters', { username: 'u'.repeat(33) }],
      ['no email', { email: undefined }],
      ['an invalid email', { email: 'not-an-email' }],
      ['no password', { password: undefined }],
      ['a password of 7 characters', { password: '1234567' }],
      ['a password that is not a string', { password: 12345678 }],
      ['an unknown role', { role: 'superuser' }],
      ['a null role', { role: null }],
      ['an empty firstName', { firstName: '' }],
      ['a firstName of spaces only', { firstName: '   ' }],
      ['a lastName of 65 characters', { lastName: 'l'.repeat(65) }],
      ['an invisible character in lastName', { lastName: 'Love\u200Blace' }],
      ['a phone with letters', { phone: 'call me' }],
      ['a passwordHash', { passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA' }],
      ['an unknown field', { isAdmin: true }],
    ])('%s is 400 and creates nobody', async (_case, changes) => {
      const before = await userCount();
      const response = await createUser({ ...newAccount(), ...changes });
      expectError(response, 400);
      expect(await userCount()).toBe(before);
    });

    it('a taken email (in any letter case) or username (in any letter case) is 409 and creates nobody', async () => {
      const existing = await signUp(t);
      const before = await userCount();
      const email = await createUser(newAccount({ email: existing.email.toUpperCase() }));
      expectError(email, 409);
      expect(email.body.message).toBe('That email is already registered');
      const username = await createUser(newAccount({ username: existing.username.toUpperCase() }));
      expectError(username, 409);
      expect(username.body.message).toBe('That username is taken');
      expect(await userCount()).toBe(before);
    });

    it('a normal user gets 403, an anonymous caller 401; nobody is created', async () => {
      const user = await signUp(t);
      const before = await userCount();
      expectError(await createUser(newAccount(), user), 403);
      expectError(await createUser(newAccount({ role: 'admin' }), user), 403);
      expectError(await createUser(newAccount(), null), 401);
      expect(await userCount()).toBe(before);
    });
  });

  describe('PATCH /api/users/:id', () => {
    it('changes names, username and email; the user logs in with the new email and sees the change', async () => {
      const user = await signUp(t);
      const username = `renamed_${tag()}`;
      const email = `renamed_${tag()}@example.com`;
      const response = await patchUser(user.id, {
        username,
        email: email.toUpperCase(),
        firstName: 'Grace',
        lastName: 'Hopper',
      }).expect(200);
      expect(response.body).toEqual({
        id: user.id,
        username,
        displayName: null,
        firstName: 'Grace',
        lastName: 'Hopper',
        role: 'user',
        createdAt: expect.any(String),
      });
      expect(await profileOf(user)).toMatchObject({
        username,
        email,
        firstName: 'Grace',
        lastName: 'Hopper',
      });
      await logIn({ email, password: user.password }).expect(200);
      expectError(await logIn({ email: user.email, password: user.password }), 401);
    });

    it('leaves the fields it does not name; null clears a profile field', async () => {
      const user = await signUp(t);
      await t.http
        .patch('/api/users/profile')
        .set(user.auth)
        .send({ displayName: 'Kept', firstName: 'First', lastName: 'Last', phone: '555 0100' })
        .expect(200);
      await patchUser(user.id, { lastName: null, phone: null }).expect(200);
      expect((await patchUser(user.id, {}).expect(200)).body).toMatchObject({
        id: user.id,
        firstName: 'First',
      });
      expect(await profileOf(user)).toMatchObject({
        username: user.username,
        email: user.email,
        displayName: 'Kept',
        firstName: 'First',
        lastName: null,
        phone: null,
      });
    });

    it.each<[string, Record<string, unknown>]>([
      ['a password', { password: 'another-horse-battery' }],
      ['a passwordHash', { passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA' }],
      ['an unknown field', { isAdmin: true }],
      ['a null username', { username: null }],
      ['a null email', { email: null }],
      ['a null role', { role: null }],
      ['an invalid username', { username: 'no spaces allowed' }],
      ['an invalid email', { email: 'nope@' }],
      ['an empty lastName', { lastName: '' }],
      ['a control character in firstName', { firstName: 'Ad\u0007a' }],
    ])('%s is 400 and changes nothing (the password still works)', async (_case, changes) => {
      const user = await signUp(t);
      const before = await profileOf(user);
      expectError(await patchUser(user.id, { firstName: 'Changed', ...changes }), 400);
      expect(await profileOf(user)).toEqual(before);
      await logIn({ email: user.email, password: user.password }).expect(200);
    });

    it("another user's username or email, in any letter case, is 409 and changes nothing", async () => {
      const [user, other] = [await signUp(t), await signUp(t)];
      const before = await profileOf(user);
      const username = await patchUser(user.id, { firstName: 'X', username: other.username.toUpperCase() });
      expectError(username, 409);
      expect(username.body.message).toBe('That username is taken');
      const email = await patchUser(user.id, { firstName: 'X', email: other.email.toUpperCase() });
      expectError(email, 409);
      expect(email.body.message).toBe('That email is already registered');
      expect(await profileOf(user)).toEqual(before);
    });

    it('a user may keep their own username and email, in another letter case', async () => {
      const user = await signUp(t);
      const response = await patchUser(user.id, {
        username: user.username.toUpperCase(),
        email: user.email.toUpperCase(),
      }).expect(200);
      expect(response.body.username).toBe(user.username.toUpperCase());
      expect((await profileOf(user)).email).toBe(user.email);
    });

    it('an unknown user is 404; a bad id is 400', async () => {
      expectError(await patchUser(MAX_ID, { firstName: 'Nobody' }), 404);
      expectError(await t.http.patch('/api/users/abc').set(admin.auth).send({ firstName: 'X' }), 400);
    });

    it('promotes a user, whose token passes admin routes at once', async () => {
      const user = await signUp(t);
      expectError(await t.http.get('/api/users').set(user.auth), 403);
      expect((await patchUser(user.id, { role: 'admin' }).expect(200)).body.role).toBe('admin');
      await t.http.get('/api/users').set(user.auth).expect(200);
    });

    it('an admin removing their own admin role is 409 and nothing changes; their other fields may change', async () => {
      const other = await signUp(t);
      await patchUser(other.id, { role: 'admin' }).expect(200);
      for (const [actor, target] of [
        [admin, admin],
        [other, other],
      ]) {
        const before = await profileOf(target);
        const refused = await patchUser(target.id, { role: 'user', firstName: 'Demoted' }, actor);
        expectError(refused, 409);
        expect(refused.body.message).toBe('You cannot remove your own admin role');
        expect(await profileOf(target)).toEqual(before);
        await t.http.get('/api/users').set(actor.auth).expect(200);
      }
      await patchUser(other.id, { role: 'admin', firstName: 'Still' }, other).expect(200);
      expect(await profileOf(other)).toMatchObject({ role: 'admin', firstName: 'Still' });
      // One admin may demote another.
      await patchUser(other.id, { role: 'user' }).expect(200);
      expectError(await t.http.get('/api/users').set(other.auth), 403);
    });

    it('a normal user gets 403 (also on themself), an anonymous caller 401; nothing changes', async () => {
      const [user, target] = [await signUp(t), await signUp(t)];
      const before = await profileOf(target);
      expectError(await patchUser(target.id, { firstName: 'Hacked' }, user), 403);
      expectError(await patchUser(user.id, { role: 'admin' }, user), 403);
      expectError(await t.http.patch(`/api/users/${target.id}`).send({ firstName: 'Hacked' }), 401);
      expect(await profileOf(target)).toEqual(before);
      expect((await profileOf(user)).role).toBe('user');
    });
  });

  it('the database itself keeps usernames unique regardless of case (for a race the check before cannot see)', async () => {
    const dataSource = t.app.get(DataSource);
    const name = `race_${tag()}`;
    const insert = (username: string) =>
      dataSource.query(
        `INSERT INTO "users" ("username", "email", "password_hash") VALUES ('${username}', '${username}@example.com', 'x')`,
      );
    await insert(name);
    await expect(insert(name.toUpperCase())).rejects.toThrow(/unique/i);
    await insert(`${name}_other`);
  });

  describe('PUT /api/users/:id', () => {
    it('replaces the record: profile fields left out become null, the role stays', async () => {
      const user = await signUp(t);
      await patchUser(user.id, { role: 'admin' }).expect(200);
      await t.http
        .patch('/api/users/profile')
        .set(user.auth)
        .send({
          displayName: 'Gone',
          firstName: 'Gone',
          lastName: 'Gone',
          phone: '555 0100',
          address: 'Gone',
        })
        .expect(200);
      const username = `put_${tag()}`;
      const response = await putUser(user.id, { username, email: user.email, lastName: 'Kept' }).expect(200);
      expect(response.body).toEqual({
        id: user.id,
        username,
        displayName: null,
        firstName: null,
        lastName: 'Kept',
        role: 'admin',
        createdAt: expect.any(String),
      });
      expect(await profileOf(user)).toMatchObject({
        username,
        email: user.email,
        displayName: null,
        firstName: null,
        lastName: 'Kept',
        phone: null,
        address: null,
        role: 'admin',
      });
    });

    it.each<[string, Record<string, unknown>]>([
      ['without username', { username: undefined }],
      ['without email', { email: undefined }],
      ['with a password', { password: 'another-horse-battery' }],
      ['with a passwordHash', { passwordHash: 'x' }],
    ])('%s is 400 and changes nothing', async (_case, changes) => {
      const user = await signUp(t);
      const before = await profileOf(user);
      const body = { username: user.username, email: user.email, firstName: 'Changed', ...changes };
      expectError(await putUser(user.id, body), 400);
      expect(await profileOf(user)).toEqual(before);
    });

    it("another user's username or email is 409; an unknown user 404; a normal user 403", async () => {
      const [user, other] = [await signUp(t), await signUp(t)];
      const before = await profileOf(user);
      expectError(await putUser(user.id, { username: other.username, email: user.email }), 409);
      expectError(await putUser(user.id, { username: user.username, email: other.email }), 409);
      expectError(
        await putUser(MAX_ID, { username: `none_${tag()}`, email: `none_${tag()}@example.com` }),
        404,
      );
      expectError(await putUser(user.id, { username: user.username, email: user.email }, other), 403);
      expect(await profileOf(user)).toEqual(before);
    });

    it('an admin cannot remove their own admin role by a replace either (409)', async () => {
      const before = await profileOf(admin);
      const refused = await putUser(admin.id, {
        username: before.username,
        email: before.email,
        role: 'user',
      });
      expectError(refused, 409);
      expect(await profileOf(admin)).toEqual(before);
    });
  });

  describe('first and last names', () => {
    const patchProfile = (user: SignedUpUser, body: object) =>
      t.http.patch('/api/users/profile').set(user.auth).send(body);

    it('are null until set, and the user sets them on their own profile (PATCH and PUT)', async () => {
      const user = await signUp(t);
      expect(await profileOf(user)).toMatchObject({ firstName: null, lastName: null });
      await patchProfile(user, { firstName: 'Katherine' }).expect(200);
      await t.http.put('/api/users/profile').set(user.auth).send({ lastName: 'Johnson' }).expect(200);
      expect(await profileOf(user)).toMatchObject({ firstName: 'Katherine', lastName: 'Johnson' });
      expect(await meOf(user)).toMatchObject({ firstName: 'Katherine', lastName: 'Johnson' });
      await patchProfile(user, { firstName: null }).expect(200);
      expect(await profileOf(user)).toMatchObject({ firstName: null, lastName: 'Johnson' });
    });

    it('are stored in NFC with runs of spaces folded, as displayName is', async () => {
      const user = await signUp(t);
      await patchProfile(user, { firstName: 'Zoe\u0308', lastName: ' van\u00a0\u00a0der   Berg ' }).expect(
        200,
      );
      expect(await profileOf(user)).toMatchObject({ firstName: 'Zo\u00eb', lastName: 'van der Berg' });
    });

    it.each<[string, unknown, string]>([
      [
        'an invisible character',
        'Ad\u200Ba',
        'firstName must not contain control or invisible characters (U+200B)',
      ],
      [
        'a control character',
        'Ad\u0000a',
        'firstName must not contain control or invisible characters (U+0000)',
      ],
      ['an empty string', '', 'firstName must be longer than or equal to 1 characters'],
      ['65 characters', 'f'.repeat(65), 'firstName must be shorter than or equal to 64 characters'],
      ['a number', 42, 'firstName must be a string'],
    ])('%s is 400 naming the problem, and nothing changes', async (_case, firstName, message) => {
      const user = await signUp(t);
      await patchProfile(user, { firstName: 'Before' }).expect(200);
      const response = await patchProfile(user, { firstName, lastName: 'Changed' });
      expectError(response, 400);
      expect(response.body.message).toContain(message);
      expect(await profileOf(user)).toMatchObject({ firstName: 'Before', lastName: null });
    });

    it('take 64 characters (of any script)', async () => {
      const user = await signUp(t);
      const names = { firstName: 'é'.repeat(64), lastName: '李'.repeat(64) };
      await patchProfile(user, names).expect(200);
      expect(await profileOf(user)).toMatchObject(names);
    });

    it("show on a user's public profile, which still hides email, phone, address and role", async () => {
      const owner = await signUp(t);
      await patchProfile(owner, {
        firstName: 'Public',
        lastName: 'Person',
        displayName: 'PP',
        phone: '555 0199',
        address: 'Private Lane 1',
      }).expect(200);
      const viewer = await signUp(t);
      const seen = (await t.http.get(`/api/users/${owner.id}`).set(viewer.auth).expect(200)).body;
      expect(Object.keys(seen).sort()).toEqual(PROFILE_KEYS);
      expect(seen).toMatchObject({
        id: owner.id,
        firstName: 'Public',
        lastName: 'Person',
        displayName: 'PP',
      });
      expect(JSON.stringify(seen)).not.toMatch(/@|555 0199|Private Lane/);
      const asAdmin = (await t.http.get(`/api/users/${owner.id}`).set(admin.auth).expect(200)).body;
      expect(Object.keys(asAdmin).sort()).toEqual(PROFILE_KEYS_WITH_ROLE);
    });

    it('a seller embedded in an auction carries the display name only', async () => {
      const seller = await signUp(t);
      await patchProfile(seller, { firstName: 'Sally', lastName: 'Seller', displayName: 'S.' }).expect(200);
      const auction = (await t.http.post('/api/auctions').set(seller.auth).send(auctionInput()).expect(201))
        .body;
      expect(auction.seller).toEqual({
        id: seller.id,
        username: seller.username,
        displayName: 'S.',
        createdAt: expect.any(String),
      });
    });

    it('show in the admin list, whose q finds a substring of either', async () => {
      const marker = `Mk${tag()}`;
      const [first, last] = [await signUp(t), await signUp(t)];
      await patchProfile(first, { firstName: `${marker}first` }).expect(200);
      await patchProfile(last, { lastName: `x${marker}last` }).expect(200);
      const response = await t.http
        .get('/api/users')
        .query({ q: marker.toLowerCase(), sort: 'createdAt' })
        .set(admin.auth)
        .expect(200);
      expect(response.body.data.map((user: { id: number }) => user.id)).toEqual([first.id, last.id]);
      for (const item of response.body.data) expect(Object.keys(item).sort()).toEqual(PROFILE_KEYS_WITH_ROLE);
      expect(response.body.data[1]).toMatchObject({ firstName: null, lastName: `x${marker}last` });
    });
  });

  describe("the edited user's sessions see the change at once", () => {
    let other: ApiProcess;

    beforeAll(async () => {
      other = await ApiProcess.start();
    });
    afterAll(() => other?.stop());

    const meAtOther = (user: SignedUpUser) =>
      fetch(`${other.url}/api/auth/me`, { headers: user.auth }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as Record<string, unknown>,
      }));

    /** Two requests at each process, so that both answer from their session caches. */
    const cachedAtBoth = async (user: SignedUpUser) => {
      for (let i = 0; i < 2; i++) {
        await meOf(user);
        expect((await meAtOther(user)).status).toBe(200);
      }
    };

    /**
     * What the other process answers as /api/auth/me, asked until `wanted` holds; for a second at
     * most, far less than its cache's lifetime, so a missed message would show.
     */
    const soonAtOther = (user: SignedUpUser, wanted: (body: Record<string, unknown>) => boolean) =>
      waitFor(
        'the other API process to answer /api/auth/me with the change',
        async () => {
          const answer = await meAtOther(user);
          return answer.status === 200 && wanted(answer.body) ? answer.body : undefined;
        },
        { timeoutMs: Math.min(1_000, SESSION_CACHE_TTL_MS / 2), intervalMs: 10 },
      );

    it.each([
      ['PATCH', patchUser],
      ['PUT', putUser],
    ] as const)(
      '%s: a new username, email and names show in /api/auth/me on every API process',
      async (_method, edit) => {
        const user = await signUp(t);
        await cachedAtBoth(user);
        const changes = {
          username: `live_${tag()}`,
          email: `live_${tag()}@example.com`,
          firstName: 'Live',
          lastName: 'Change',
        };
        await edit(user.id, changes).expect(200);
        expect(await meOf(user)).toMatchObject(changes);
        expect(await soonAtOther(user, (body) => body.username === changes.username)).toMatchObject(changes);
      },
    );

    it('a promotion by PATCH passes admin routes on every API process at once', async () => {
      const user = await signUp(t);
      await cachedAtBoth(user);
      await patchUser(user.id, { role: 'admin' }).expect(200);
      await t.http.get('/api/users').set(user.auth).expect(200);
      expect(await soonAtOther(user, (body) => body.role === 'admin')).toMatchObject({ role: 'admin' });
      const atOther = await fetch(`${other.url}/api/users`, { headers: user.auth });
      expect(atOther.status).toBe(200);
    });
  });
});
