import { Car, CarSource } from '../cars/car.entity';
import { SourceCar } from './car-api.client';
import { ExistingCars, keyOf, keysToLookUp, matchPage, preparePage } from './car-matcher';

const UPDATED_AT = '2024-05-01T10:00:00.000Z';

let objectIds = 0;
function record(fields: Partial<SourceCar> = {}): SourceCar {
  return {
    objectId: `obj${++objectIds}`,
    Make: 'Toyota',
    Model: `Model ${objectIds}`,
    Year: 2020,
    Category: 'Sedan',
    createdAt: UPDATED_AT,
    updatedAt: UPDATED_AT,
    ...fields,
  };
}

let carIds = 0;
function car(fields: Partial<Car> = {}): Car {
  return Object.assign(new Car(), {
    id: ++carIds,
    make: 'Toyota',
    model: `Car ${carIds}`,
    year: 2020,
    category: 'Sedan',
    source: CarSource.Sync,
    externalId: null,
    removedAt: null,
    createdById: null,
    createdAt: new Date(UPDATED_AT),
    updatedAt: new Date(UPDATED_AT),
    ...fields,
  });
}

/** A synced car exactly as `source` describes it. */
const syncedFrom = (source: SourceCar, fields: Partial<Car> = {}) =>
  car({
    make: source.Make,
    model: source.Model,
    year: source.Year,
    category: source.Category ?? null,
    externalId: source.objectId,
    ...fields,
  });

/** Matches `records` against `cars` the way the sync reads them: by external id, then the keys asked for. */
function match(records: SourceCar[], cars: Car[] = []) {
  const page = preparePage(records);
  const byExternalId = cars.filter((car) => page.incoming.some((r) => r.externalId === car.externalId));
  const wanted = new Set(keysToLookUp(page.incoming, byExternalId).map(keyOf));
  const existing: ExistingCars = { byExternalId, byKey: cars.filter((car) => wanted.has(keyOf(car))) };
  return matchPage(page, existing);
}

describe('the sync matcher', () => {
  describe('reading a page', () => {
    it('stores names in NFC with single spaces and keeps the category', () => {
      const { incoming, invalid } = preparePage([record({ Make: 'Citroe\u0308n', Model: 'C5  X ' })]);
      expect(invalid).toBe(0);
      expect(incoming).toEqual([
        expect.objectContaining({ make: 'Citro\u00ebn', model: 'C5 X', year: 2020, category: 'Sedan' }),
      ]);
    });

    it.each<[string, Partial<SourceCar>]>([
      ['an invisible character in a name', { Make: 'Toy\u200Bota' }],
      ['an empty make', { Make: '  ' }],
      ['a model of 129 characters', { Model: 'M'.repeat(129) }],
      ['a year before 1886', { Year: 1885 }],
      ['a year that is not an integer', { Year: 2020.5 }],
      ['no objectId', { objectId: '' }],
      ['an objectId of 33 characters', { objectId: 'x'.repeat(33) }],
      ['an updatedAt that is not a date', { updatedAt: 'yesterday' }],
    ])('counts a record with %s as failed, writing nothing', (_case, fields) => {
      const plan = match([record(fields)]);
      expect(plan).toMatchObject({ inserts: [], updates: [], unchanged: 0, failed: 1 });
    });

    it('an unreadable category is left empty, not a failure', () => {
      const { incoming } = preparePage([record({ Category: '\u200B' })]);
      expect(incoming[0].category).toBeNull();
    });

    it('notes every id it saw, invalid records included, so that their cars are not marked removed', () => {
      const invalid = record({ Year: 1800 });
      const valid = record();
      const { seen } = preparePage([invalid, valid, { ...valid }, record({ objectId: 'y'.repeat(33) })]);
      expect(seen).toEqual([invalid.objectId, valid.objectId]);
    });

    it('takes one record per external id, the last one the page holds', () => {
      const first = record({ Model: 'First' });
      const plan = match([first, { ...first, Model: 'Second' }]);
      expect(plan.inserts).toEqual([
        expect.objectContaining({ externalId: first.objectId, model: 'Second' }),
      ]);
      expect(plan.failed).toBe(0);
    });
  });

  describe('matching', () => {
    it('inserts a record no car matches', () => {
      const plan = match([record({ objectId: 'new1', Make: 'Rivian', Model: 'R1T', Year: 2024 })]);
      expect(plan.inserts).toEqual([
        { externalId: 'new1', make: 'Rivian', model: 'R1T', year: 2024, category: 'Sedan' },
      ]);
    });

    it('leaves a car that already matches its record unwritten', () => {
      const source = record();
      const plan = match([source], [syncedFrom(source)]);
      expect(plan).toMatchObject({ inserts: [], updates: [], unchanged: 1, failed: 0 });
    });

    it('updates only the fields that changed at the source', () => {
      const source = record({ Model: 'Changed Model Name' });
      const existing = syncedFrom(source, { model: 'Old Name', category: 'Coupe' });
      const plan = match([source], [existing]);
      expect(plan.updates).toEqual([
        { id: existing.id, changes: { model: 'Changed Model Name', category: 'Sedan' } },
      ]);
    });

    it('restores a removed car whose record is back', () => {
      const source = record();
      const existing = syncedFrom(source, { removedAt: new Date() });
      expect(match([source], [existing]).updates).toEqual([
        { id: existing.id, changes: { removedAt: null } },
      ]);
    });

    it('takes over a manual car of the same model in another letter case', () => {
      const source = record({ Make: 'BMW', Model: 'X5', Year: 2021 });
      const manual = car({ make: 'bmw', model: 'x5', year: 2021, source: CarSource.Manual, createdById: 7 });
      expect(match([source], [manual]).updates).toEqual([
        {
          id: manual.id,
          changes: { make: 'BMW', model: 'X5', source: CarSource.Sync, externalId: source.objectId },
        },
      ]);
    });

    it('takes over a removed car of the same model that came back under a new id', () => {
      const source = record({ Model: 'Returning' });
      const removed = car({ model: 'Returning', externalId: 'old-id', removedAt: new Date() });
      expect(match([source], [removed]).updates).toEqual([
        { id: removed.id, changes: { externalId: source.objectId, removedAt: null } },
      ]);
    });

    it('refuses a record whose model another record holds (the car is kept)', () => {
      const holder = car({ model: 'Taken', externalId: 'holder' });
      const plan = match([record({ Model: 'taken' })], [holder]);
      expect(plan).toMatchObject({ inserts: [], updates: [], failed: 1 });
      expect(plan.collisions).toEqual([expect.objectContaining({ renamed: false })]);
    });

    it('gives a model two records of one page share to the first, and fails the second', () => {
      const first = record({ Model: 'Twin' });
      const plan = match([first, record({ Model: 'TWIN' })]);
      expect(plan.inserts).toEqual([expect.objectContaining({ externalId: first.objectId })]);
      expect(plan.failed).toBe(1);
    });

    it('refuses a rename into a model another car holds', () => {
      const source = record({ Model: 'Occupied' });
      const renamed = syncedFrom(source, { model: 'Before' });
      const other = car({ model: 'Occupied', source: CarSource.Manual });
      const plan = match([source], [renamed, other]);
      expect(plan).toMatchObject({ updates: [], failed: 1 });
      expect(plan.collisions).toEqual([{ externalId: source.objectId, key: keyOf(other), renamed: true }]);
    });

    it('allows a rename into a model an earlier record of the page moved away from', () => {
      const movesAway = record({ Model: 'Elsewhere' });
      const movesIn = record({ Model: 'Vacated' });
      const first = syncedFrom(movesAway, { model: 'Vacated' });
      const second = syncedFrom(movesIn, { model: 'Before' });
      const plan = match([movesAway, movesIn], [first, second]);
      expect(plan.updates).toEqual([
        { id: first.id, changes: { model: 'Elsewhere' } },
        { id: second.id, changes: { model: 'Vacated' } },
      ]);
      expect(plan.failed).toBe(0);
    });

    it('refuses a rename into a model an earlier record of the page moved into', () => {
      const movesIn = record({ Model: 'Target' });
      const alsoMovesIn = record({ Model: 'target' });
      const plan = match(
        [movesIn, alsoMovesIn],
        [syncedFrom(movesIn, { model: 'A' }), syncedFrom(alsoMovesIn, { model: 'B' })],
      );
      expect(plan.updates).toHaveLength(1);
      expect(plan.failed).toBe(1);
    });

    it('a change of letter case alone is an update, not a rename', () => {
      const source = record({ Model: 'Corolla GR' });
      const existing = syncedFrom(source, { model: 'COROLLA GR' });
      const plan = match([source], [existing]);
      expect(plan.updates).toEqual([{ id: existing.id, changes: { model: 'Corolla GR' } }]);
    });
  });

  describe('the keys it asks for', () => {
    it('only those of records no car has by external id, and the new keys of renamed cars', () => {
      const known = record();
      const renamed = record({ Model: 'New Name' });
      const unknown = record();
      const page = preparePage([known, renamed, unknown]);
      const byExternalId = [syncedFrom(known), syncedFrom(renamed, { model: 'Old Name' })];
      expect(keysToLookUp(page.incoming, byExternalId).map((r) => r.externalId)).toEqual([
        renamed.objectId,
        unknown.objectId,
      ]);
    });
  });
});
