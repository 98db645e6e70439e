import { CarSource, type Car } from '../cars/car.entity';
import type { CarKey } from '../cars/car-key';
import { MAX_EXTERNAL_ID_LENGTH } from '../cars/dto/car.dto';
import { FIRST_CAR_YEAR, lastCarYear } from '../cars/dto/car-fields';
import { MAX_CATEGORY_LENGTH, MAX_MAKE_LENGTH, MAX_MODEL_LENGTH } from '../common/car-name-lengths';
import { asName, hasHiddenCharacter } from '../common/validation';
import type { SourceCar } from './car-api.client';

/**
 * The sync's matching rules, free of the database: which source records become new cars, which
 * change an existing car, which change nothing and which cannot be stored.
 */

/** A source record, checked and normalized for the catalogue. */
export interface Incoming extends CarKey {
  externalId: string;
  category: string | null;
}

/** A page of source records, read for the catalogue. */
export interface PreparedPage {
  /** The storable records, one per external id (the last one the page holds). */
  incoming: Incoming[];
  /** Records that cannot be stored: missing or invalid fields. */
  invalid: number;
  /**
   * The external ids the page holds, invalid records included: a record the source still has,
   * however malformed, keeps its car from being marked removed.
   */
  seen: string[];
}

/** The cars a page is matched against. */
export interface ExistingCars {
  /** Cars whose external id is one of the page's. */
  byExternalId: Car[];
  /** Cars with one of the keys `keysToLookUp` asked for. */
  byKey: Car[];
}

export interface CarUpdate {
  id: number;
  changes: Partial<Car>;
}

/** A record left out because its model is another car's. */
export interface Collision {
  externalId: string;
  key: string;
  /** The record was renamed at the source into another car's model. */
  renamed: boolean;
}

/** What to write for a page. */
export interface PagePlan {
  inserts: Incoming[];
  updates: CarUpdate[];
  unchanged: number;
  collisions: Collision[];
  /** Records that cannot be stored: invalid ones, and collisions. */
  failed: number;
}

/** The case-insensitive identity of a model, as the catalogue's unique index sees it. */
export const keyOf = (car: CarKey) =>
  `${car.make.toLowerCase()}\u0000${car.model.toLowerCase()}\u0000${car.year}`;

const text = (value: unknown, max: number) =>
  typeof value === 'string' && value.trim().length > 0 && value.trim().length <= max ? value.trim() : null;

/** A name as the API stores one, or null when the API would refuse it (no look-alike names). */
const name = (value: unknown, max: number) => {
  const stored = typeof value === 'string' ? asName(value) : '';
  return stored.length > 0 && stored.length <= max && !hasHiddenCharacter(stored) ? stored : null;
};

/** A source record in the catalogue's terms, or null when it cannot be stored. */
export function normalize(record: SourceCar): Incoming | null {
  const make = name(record.Make, MAX_MAKE_LENGTH);
  const model = name(record.Model, MAX_MODEL_LENGTH);
  const year = record.Year;
  const validYear = Number.isInteger(year) && year >= FIRST_CAR_YEAR && year <= lastCarYear();
  const externalId = text(record.objectId, MAX_EXTERNAL_ID_LENGTH);
  const updatedAt = typeof record.updatedAt === 'string' ? record.updatedAt : '';
  if (!make || !model || !validYear || !externalId || Number.isNaN(Date.parse(updatedAt))) return null;
  return { externalId, make, model, year, category: name(record.Category, MAX_CATEGORY_LENGTH) };
}

export function preparePage(records: SourceCar[]): PreparedPage {
  const incoming = new Map<string, Incoming>();
  let invalid = 0;
  for (const record of records) {
    const car = normalize(record);
    if (car) incoming.set(car.externalId, car);
    else invalid++;
  }
  const seen = new Set(
    records.map((record) => String(record.objectId)).filter((id) => id.length <= MAX_EXTERNAL_ID_LENGTH),
  );
  return { incoming: [...incoming.values()], invalid, seen: [...seen] };
}

/**
 * The keys whose cars the matching needs, given the cars found by external id: the keys of
 * records no car has by external id, and the new keys of cars renamed at the source (to tell
 * whether another car holds that model).
 */
export function keysToLookUp(incoming: Incoming[], byExternalId: Car[]): Incoming[] {
  const known = new Map(byExternalId.map((car) => [car.externalId, car]));
  return incoming.filter((record) => {
    const car = known.get(record.externalId);
    return !car || keyOf(car) !== keyOf(record);
  });
}

/** What must change on `car` to match the record (and be the sync's, and not removed), or null. */
export function changesOf(car: Car, record: Incoming): Partial<Car> | null {
  const next: Partial<Car> = {};
  if (car.make !== record.make) next.make = record.make;
  if (car.model !== record.model) next.model = record.model;
  if (car.year !== record.year) next.year = record.year;
  if (car.category !== record.category) next.category = record.category;
  if (car.source !== CarSource.Sync) next.source = CarSource.Sync;
  if (car.externalId !== record.externalId) next.externalId = record.externalId;
  if (car.removedAt) next.removedAt = null;
  return Object.keys(next).length > 0 ? next : null;
}

/**
 * Matches records to cars by external id, then by (make, model, year), and keeps only
 * differences. Two records of one model: the first keeps it, the other cannot be stored; a car
 * another record holds cannot be taken, unless it was removed (the model came back at the source
 * under a new id). A rename into a model another car holds cannot be stored either; the page's
 * own earlier renames count, as they are written in order.
 */
export function matchPage(page: PreparedPage, existing: ExistingCars): PagePlan {
  const byExternalId = new Map(existing.byExternalId.map((car) => [car.externalId, car]));
  const byKey = new Map(existing.byKey.map((car) => [keyOf(car), car]));
  // Which car holds each model as the page's updates are applied, for the renames' check.
  const holders = new Map<string, number>();
  for (const car of [...existing.byKey, ...existing.byExternalId]) holders.set(keyOf(car), car.id);

  const plan: PagePlan = { inserts: [], updates: [], unchanged: 0, collisions: [], failed: page.invalid };
  const claimedKeys = new Set<string>();
  for (const record of page.incoming) {
    const key = keyOf(record);
    const car = byExternalId.get(record.externalId) ?? byKey.get(key);
    const heldByOther = car?.externalId && car.externalId !== record.externalId && !car.removedAt;
    if (claimedKeys.has(key) || heldByOther) {
      plan.collisions.push({ externalId: record.externalId, key, renamed: false });
      continue;
    }
    claimedKeys.add(key);
    if (!car) {
      plan.inserts.push(record);
      continue;
    }
    const changes = changesOf(car, record);
    if (!changes) {
      plan.unchanged++;
      continue;
    }
    const previousKey = keyOf(car);
    if (previousKey !== key) {
      const holder = holders.get(key);
      if (holder !== undefined && holder !== car.id) {
        plan.collisions.push({ externalId: record.externalId, key, renamed: true });
        continue;
      }
      if (holders.get(previousKey) === car.id) holders.delete(previousKey);
      holders.set(key, car.id);
    }
    plan.updates.push({ id: car.id, changes });
  }
  plan.failed += plan.collisions.length;
  return plan;
}
