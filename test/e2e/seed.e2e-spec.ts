import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Listing } from '../../src/marketplace/listing.entity';
import { createTestApp, TestApp } from '../support/test-app';

const SEED = join(__dirname, '..', '..', 'dist', 'seed.js');

describe('npm run seed', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const runSeed = () => execFileSync(process.execPath, [SEED], { env: process.env, encoding: 'utf8' });

  it('creates a demo user with listings once, shows its password once, and is safe to run again', async () => {
    const first = runSeed();
    const password = /with password (\S+) \(shown only now\)/.exec(first)?.[1];
    expect(password).toBeDefined();
    expect(first).toContain('Added 8 demo listings');

    const second = runSeed();
    expect(second).toContain('exists; its password is unchanged');
    expect(second).not.toContain(password);

    const login = await t.http
      .post('/api/auth/login')
      .send({ email: 'demo@example.com', password })
      .expect(200);
    const listings = await t.app
      .get(DataSource)
      .getRepository(Listing)
      .countBy({ sellerId: login.body.user.id });
    expect(listings).toBe(8);
  });
});
