import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Car } from '../../src/cars/car.entity';
import { uniqueMake } from '../support/fixtures';
import { runAppScript } from '../support/processes';
import { createTestApp, TestApp } from '../support/test-app';
import { logInAdmin } from '../support/users';
import { waitFor } from '../support/wait';

jest.setTimeout(60_000);

const WRITERS = 4;
const MODEL = 'Backed up';

/**
 * `npm run backup` (dist/backup.js) on a SQLite database the API keeps writing to: the copy holds
 * every write acknowledged before the backup began, a fresh instance starts from it, and only the
 * newest BACKUP_KEEP copies stay. (Always SQLite: PostgreSQL is backed up with pg_dump.)
 */
describe('npm run backup', () => {
  let t: TestApp;
  let restored: TestApp | undefined;
  let backups: string;
  let restoreDir: string;

  beforeAll(async () => {
    t = await createTestApp({}, { database: 'sqlite' });
    backups = mkdtempSync(join(tmpdir(), 'car-platform-backups-'));
    restoreDir = mkdtempSync(join(tmpdir(), 'car-platform-restore-'));
  });
  afterAll(async () => {
    await restored?.close();
    await t.close();
    for (const dir of [backups, restoreDir]) rmSync(dir, { recursive: true, force: true });
  });

  it('copies, during a burst of writes, every write acknowledged before it began; a fresh instance starts from the copy', async () => {
    const admin = await logInAdmin(t);
    const acknowledged: string[] = [];
    let writing = true;
    const writer = async () => {
      while (writing) {
        const make = uniqueMake('Bk');
        await t.http.post('/api/cars').set(admin.auth).send({ make, model: MODEL, year: 2020 }).expect(201);
        acknowledged.push(make);
      }
    };
    const burst = Promise.all(Array.from({ length: WRITERS }, writer));
    await waitFor('writes to be going on', () => acknowledged.length >= 50, { intervalMs: 10 });

    const beforeBackup = [...acknowledged];
    const result = await runAppScript('backup.js', { BACKUP_DIR: backups, BACKUP_KEEP: '2' }, 30_000);
    const duringBackup = acknowledged.length - beforeBackup.length;
    writing = false;
    await burst;
    expect(result).toMatchObject({ code: 0, output: expect.stringContaining('Backup written to') });
    // The writers went on while it ran: the copy was taken under load, not after it.
    expect(duringBackup).toBeGreaterThan(0);

    const [file] = readdirSync(backups);
    // The README's restore: the copy becomes the database file of a new instance.
    const copy = join(restoreDir, 'app.sqlite');
    copyFileSync(join(backups, file), copy);
    restored = await createTestApp({ DB_PATH: copy }, { database: 'sqlite' });
    const restoredMakes = (
      await restored.app
        .get(DataSource)
        .getRepository(Car)
        .find({ where: { model: MODEL } })
    ).map((car) => car.make);
    expect(restoredMakes).toEqual(expect.arrayContaining(beforeBackup));
    // Nothing that was not written: every restored car is one a writer sent.
    expect(acknowledged).toEqual(expect.arrayContaining(restoredMakes));
    // The restored instance serves it.
    const restoredAdmin = await logInAdmin(restored);
    await restored.http.get(`/api/cars?make=${beforeBackup[0]}`).set(restoredAdmin.auth).expect(200);
  });

  it('keeps the newest BACKUP_KEEP copies', async () => {
    for (let run = 0; run < 3; run++) {
      expect((await runAppScript('backup.js', { BACKUP_DIR: backups, BACKUP_KEEP: '2' }, 30_000)).code).toBe(
        0,
      );
    }
    expect(readdirSync(backups)).toHaveLength(2);
  });
});
