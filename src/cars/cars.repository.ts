import { Injectable } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import { pageMeta, Paginated } from '../common/pagination/paginated';
import { insertRows, parameterMarkers, statementChunks } from '../database/multi-row-insert';
import { dialectOf } from '../database/sql-dialect';
import { TransactionsService } from '../database/transactions.service';
import { Car, CarSource } from './car.entity';
import { CarKey } from './car-key';
import { carByIdStatement, carFromRow, carPageStatement, CarRow } from './catalogue-sql';
import { QueryCarsDto } from './dto/query-cars.dto';

/** The fields a user sets on a catalogue car. */
export type CarFields = CarKey & Pick<Car, 'category'>;

/** A car as the sync brings it from the external API. */
export type SyncedCarFields = CarKey & Pick<Car, 'category'> & { externalId: string };

/** Every database access of the catalogue (`cars` table), the sync's included. */
@Injectable()
export class CarsRepository {
  constructor(private readonly transactions: TransactionsService) {}

  /**
   * The catalogue, filtered and paginated; cars removed at the source only with `includeRemoved`.
   * One prepared statement gives the page and its total (see `carPageStatement`).
   */
  async list(query: QueryCarsDto): Promise<Paginated<Car>> {
    const { sql, params } = carPageStatement(query, dialectOf(this.transactions.manager));
    const rows = await this.transactions.read<CarRow & { total: number | string }>(sql, params);
    const total = rows.length > 0 ? Number(rows[0].total) : 0;
    const data = rows.filter((row) => row.id !== null).map(carFromRow);
    return { data, meta: pageMeta(query, total) };
  }

  async findById(id: number): Promise<Car | null> {
    const [row] = await this.transactions.read<CarRow>(
      carByIdStatement(dialectOf(this.transactions.manager)),
      [id],
    );
    return row ? carFromRow(row) : null;
  }

  /** The car with this (make, model, year) in any letter case, other than `exceptId`, if there is one. */
  findByKey(key: CarKey, exceptId?: number): Promise<Car | null> {
    const query = this.transactions.manager
      .createQueryBuilder(Car, 'car')
      .where('LOWER(car.make) = LOWER(:make) AND LOWER(car.model) = LOWER(:model) AND car.year = :year', {
        make: key.make,
        model: key.model,
        year: key.year,
      });
    if (exceptId !== undefined) query.andWhere('car.id != :exceptId', { exceptId });
    return query.getOne();
  }

  /** Cars in the catalogue, that is not removed at the source. */
  countInCatalogue(): Promise<number> {
    return this.transactions.manager.count(Car, { where: { removedAt: IsNull() } });
  }

  insert(car: Pick<Car, 'make' | 'model' | 'year' | 'category' | 'source' | 'createdById'>): Promise<Car> {
    return this.transactions.run((manager) => manager.save(manager.create(Car, car)));
  }

  async update(id: number, fields: CarFields): Promise<void> {
    await this.transactions.run((manager) => manager.update(Car, id, fields));
  }

  async delete(id: number): Promise<void> {
    await this.transactions.run((manager) => manager.delete(Car, id));
  }

  /** Whether the sync has brought any car yet. */
  hasSyncedCars(): Promise<boolean> {
    return this.transactions.manager.exists(Car, { where: { source: CarSource.Sync } });
  }

  findByExternalIds(externalIds: string[]): Promise<Car[]> {
    if (externalIds.length === 0) return Promise.resolve([]);
    return this.transactions.manager.findBy(Car, { externalId: In(externalIds) });
  }

  /**
   * Cars with these (make, model, year), in any letter case. The keys are a VALUES table driving
   * the join (CROSS JOIN fixes that order on SQLite), so each key is one lookup in the unique
   * index, however large the catalogue.
   */
  async findByKeys(keys: CarKey[]): Promise<Car[]> {
    const manager = this.transactions.manager;
    const ids: number[] = [];
    for (const chunk of statementChunks(keys)) {
      const next = parameterMarkers(manager);
      const wanted = chunk.map(() => `(${next()}, ${next()}, CAST(${next()} AS integer))`).join(', ');
      const rows: { id: number }[] = await manager.query(
        `WITH wanted (m, o, y) AS (VALUES ${wanted}) SELECT car.id AS id FROM wanted CROSS JOIN cars car ` +
          'WHERE LOWER(car.make) = LOWER(wanted.m) AND LOWER(car.model) = LOWER(wanted.o) AND car.year = wanted.y',
        chunk.flatMap((key) => [key.make, key.model, key.year]),
      );
      ids.push(...rows.map((row) => Number(row.id)));
    }
    return ids.length > 0 ? manager.findBy(Car, { id: In(ids) }) : [];
  }

  /** New cars from the sync, in multi-row statements; timestamps come from the columns' defaults. */
  async insertSynced(cars: SyncedCarFields[]): Promise<void> {
    if (cars.length === 0) return;
    await this.transactions.run((manager) =>
      insertRows(
        manager,
        'cars',
        ['make', 'model', 'year', 'category', 'source', 'external_id'],
        cars.map((car) => [car.make, car.model, car.year, car.category, CarSource.Sync, car.externalId]),
      ),
    );
  }

  async updateSynced(id: number, changes: Partial<Car>, now: Date): Promise<void> {
    await this.transactions.run((manager) => manager.update(Car, id, { ...changes, updatedAt: now }));
  }

  /**
   * Marks removed the synced cars a full pass did not see: those whose external id is not among
   * the ids the sync noted in its `sync_seen` table for `runId`. Returns how many.
   */
  markUnseenSyncedRemoved(runId: number, now: Date): Promise<number> {
    return this.transactions.run(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(Car)
        .set({ removedAt: now, updatedAt: now })
        .where(
          'source = :source AND removed_at IS NULL AND external_id IS NOT NULL AND NOT EXISTS ' +
            '(SELECT 1 FROM sync_seen seen WHERE seen.run_id = :runId AND seen.external_id = cars.external_id)',
          { source: CarSource.Sync, runId },
        )
        .execute();
      return result.affected ?? 0;
    });
  }
}
