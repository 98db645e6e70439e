import { CarSource } from './car.entity';
import { carByIdStatement, carFromRow, carPageStatement, CarRow } from './catalogue-sql';

const row = (timestamps: Partial<CarRow>): CarRow => ({
  id: 7,
  make: 'Audi',
  model: 'A3',
  year: 2016,
  category: null,
  source: CarSource.Sync,
  external_id: 'abc',
  removed_at: null,
  created_by_id: null,
  created_at: '2026-01-02 03:04:05.678',
  updated_at: '2026-01-02 03:04:05.678',
  ...timestamps,
});

describe('catalogue SQL', () => {
  it('numbers PostgreSQL parameters in order and gives SQLite one ? per parameter', () => {
    const query = { make: 'Audi', year: 2016, q: '50%', page: 3, limit: 20, sort: '-year' };
    const postgres = carPageStatement(query, 'postgres');
    const sqlite = carPageStatement(query, 'sqlite');
    // make, year and the pattern twice, in the count and in the page, then the window.
    const params = ['Audi', 2016, '%50\\%%', '%50\\%%', 'Audi', 2016, '%50\\%%', '%50\\%%', 20, 40];
    expect(postgres.params).toEqual(params);
    expect(sqlite.params).toEqual(params);
    expect(postgres.sql.match(/\$\d+/g)).toEqual(params.map((_, i) => `$${i + 1}`));
    expect(sqlite.sql.match(/\?/g)).toHaveLength(params.length);
    expect(sqlite.sql).toContain('ORDER BY year DESC, id DESC');
  });

  it('leaves removed cars out unless asked, and sorts by make then id by default', () => {
    expect(carPageStatement({ page: 1, limit: 5 }, 'sqlite').sql).toMatch(
      /WHERE removed_at IS NULL ORDER BY make ASC, id ASC/,
    );
    expect(carPageStatement({ page: 1, limit: 5, includeRemoved: true }, 'sqlite').sql).not.toContain(
      'removed_at IS NULL',
    );
    expect(carByIdStatement('postgres')).toMatch(/WHERE id = \$1$/);
  });

  it("reads SQLite's UTC timestamp text as TypeORM does, and takes PostgreSQL's dates as they are", () => {
    const fromText = carFromRow(row({ removed_at: '2026-03-04 05:06:07' }));
    expect(fromText.createdAt.toISOString()).toBe('2026-01-02T03:04:05.678Z');
    expect(fromText.removedAt?.toISOString()).toBe('2026-03-04T05:06:07.000Z');
    expect(carFromRow(row({ created_at: '2026-01-02T03:04:05.678Z' })).createdAt.toISOString()).toBe(
      '2026-01-02T03:04:05.678Z',
    );
    const date = new Date('2025-05-05T05:05:05.005Z');
    expect(carFromRow(row({ created_at: date, updated_at: date })).updatedAt).toBe(date);
  });
});
