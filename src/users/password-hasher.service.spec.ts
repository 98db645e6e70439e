import { PasswordHasher } from './password-hasher.service';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it("hashes with argon2id and OWASP's parameters, in the PHC string format", async () => {
    const hash = await hasher.hash('correct-horse-battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hasher.hash('correct-horse-battery');
    await expect(hasher.verify(hash, 'correct-horse-battery')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'correct-horse-batterY')).resolves.toBe(false);
  });

  it('refuses every password when there is no user, even the decoy one', async () => {
    await expect(hasher.verify(undefined, 'decoy-password-for-unknown-users')).resolves.toBe(false);
    await expect(hasher.verify(undefined, 'anything')).resolves.toBe(false);
  });

  it('refuses a malformed stored hash instead of throwing', async () => {
    await expect(hasher.verify('not-a-phc-string', 'anything')).resolves.toBe(false);
  });
});
