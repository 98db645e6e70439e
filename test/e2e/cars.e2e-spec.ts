import { randomBytes } from 'node:crypto';
import { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { Car, CarSource } from '../../src/cars/car.entity';
import { ISO_DATE } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { expectError } from '../support/expect-error';
import { logInAdmin, signUp, SignedUpUser } from '../support/users';

interface CarBody {
  id: number;
  make: string;
  model: string;
  year: number;
  category: string | null;
  source: 'manual' | 'sync';
  externalId: string | null;
  removedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

interface CarInput {
  make: string;
  model: string;
  year: number;
  category?: string;
}

type Query = Record<string, string | number | boolean>;

const THIS_YEAR = new Date().getUTCFullYear();

/** A make no other test uses (`Zz` + hex), so filters and sorts see only the cars of one test. */
const uniqueMake = () => `Zz${randomBytes(4).toString('hex')}`;

const idsOf = (response: Response) => (response.body.data as CarBody[]).map((car) => car.id);

describe('cars routes', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  let other: SignedUpUser;
  let admin: SignedUpUser;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t);
    other = await signUp(t);
    admin = await logInAdmin(t);
  });
  afterAll(() => t.close());

  const createCar = (body: object, as: SignedUpUser = owner) =>
    t.http.post('/api/cars').set(as.auth).send(body);
  const addCar = async (body: CarInput, as: SignedUpUser = owner): Promise<CarBody> =>
    (await createCar(body, as).expect(201)).body;
  const listCars = (query: Query, as: SignedUpUser = owner) =>
    t.http.get('/api/cars').query(query).set(as.auth);
  const listIds = async (query: Query) => idsOf(await listCars(query).expect(200));
  const getCar = (id: number | string, as: SignedUpUser = owner) =>
    t.http.get(`/api/cars/${id}`).set(as.auth);
  const carById = async (id: number): Promise<CarBody> => (await getCar(id).expect(200)).body;
  const patchCar = (id: number, body: object, as: SignedUpUser = owner) =>
    t.http.patch(`/api/cars/${id}`).set(as.auth).send(body);
  const putCar = (id: number, body: object, as: SignedUpUser = owner) =>
    t.http.put(`/api/cars/${id}`).set(as.auth).send(body);
  const deleteCar = (id: number | string, as: SignedUpUser = owner) =>
    t.http.delete(`/api/cars/${id}`).set(as.auth);
  /** Every car, removed ones included. */
  const totalCars = async () =>
    (await listCars({ includeRemoved: true }).expect(200)).body.meta.total as number;

  /** A car as the sync worker stores it (no creator, an external id). */
  const insertSynced = async (fields: Partial<Car> & Pick<Car, 'make' | 'model' | 'year'>): Promise<Car> =>
    t.app
      .get(DataSource)
      .getRepository(Car)
      .save({
        category: null,
        source: CarSource.Sync,
        externalId: randomBytes(8).toString('hex'),
        ...fields,
      });

  describe('auth', () => {
    const routes = (id: number) => [
      () => t.http.get('/api/cars'),
      () => t.http.get(`/api/cars/${id}`),
      () => t.http.post('/api/cars').send({ make: uniqueMake(), model: 'X', year: 2000 }),
      () => t.http.patch(`/api/cars/${id}`).send({ year: 2001 }),
      () => t.http.put(`/api/cars/${id}`).send({ make: uniqueMake(), model: 'X', year: 2001 }),
      () => t.http.delete(`/api/cars/${id}`),
    ];

    it('every route without a token is 401 and changes nothing', async () => {
      const car = await addCar({ make: uniqueMake(), model: 'Guarded', year: 2000 });
      const total = await totalCars();
      for (const call of routes(car.id)) expectError(await call(), 401);
      expect(await carById(car.id)).toEqual(car);
      expect(await totalCars()).toBe(total);
    });

    it('every route with a malformed token is 401', async () => {
      const car = await addCar({ make: uniqueMake(), model: 'Guarded', year: 2000 });
      for (const call of routes(car.id))
        expectError(await call().set('Authorization', 'Bearer nonsense'), 401);
      expect(await carById(car.id)).toEqual(car);
    });
  });

  describe('POST /api/cars', () => {
    it('creates a manual car and answers its full shape', async () => {
      const make = uniqueMake();
      const response = await createCar({ make, model: 'Corolla', year: 2020, category: 'Sedan' }).expect(201);
      expect(response.body).toEqual({
        id: expect.any(Number),
        make,
        model: 'Corolla',
        year: 2020,
        category: 'Sedan',
        source: 'manual',
        externalId: null,
        removedAt: null,
        createdAt: expect.stringMatching(ISO_DATE),
        updatedAt: expect.stringMatching(ISO_DATE),
      });
      expect(await carById(response.body.id)).toEqual(response.body);
    });

    it('category is optional and null when left out', async () => {
      const car = await addCar({ make: uniqueMake(), model: 'Plain', year: 2010 });
      expect(car.category).toBeNull();
    });

    it('trims make, model and category', async () => {
      const make = uniqueMake();
      const car = await addCar({ make: `  ${make} `, model: '\tCivic  ', year: 2015, category: ' Coupe ' });
      expect(car).toMatchObject({ make, model: 'Civic', category: 'Coupe' });
      expect(await carById(car.id)).toMatchObject({ make, model: 'Civic', category: 'Coupe' });
    });

    it('the same make, model and year in another letter case (or with spaces) is 409 with a message', async () => {
      const make = uniqueMake();
      await addCar({ make, model: 'Golf', year: 2018 });
      const upper = await createCar({ make: make.toUpperCase(), model: 'GOLF', year: 2018 });
      expectError(upper, 409);
      expect(upper.body.message).toEqual(expect.stringMatching(/\S/));
      expectError(await createCar({ make: ` ${make.toLowerCase()} `, model: 'golf ', year: 2018 }), 409);
      expect((await listCars({ make }).expect(200)).body.meta.total).toBe(1);
    });

    it('the same make and model in another year is not a duplicate', async () => {
      const make = uniqueMake();
      await addCar({ make, model: 'Golf', year: 2018 });
      await addCar({ make, model: 'Golf', year: 2019 });
      expect((await listCars({ make }).expect(200)).body.meta.total).toBe(2);
    });

    it('accepts years 1886 to this year + 2 and rejects 1885 and this year + 3 with 400', async () => {
      const make = uniqueMake();
      await addCar({ make, model: 'First', year: 1886 });
      await addCar({ make, model: 'Future', year: THIS_YEAR + 2 });
      expectError(await createCar({ make, model: 'Too old', year: 1885 }), 400);
      expectError(await createCar({ make, model: 'Too new', year: THIS_YEAR + 3 }), 400);
      expect((await listCars({ make }).expect(200)).body.meta.total).toBe(2);
    });

    it('accepts a make of 64 characters', async () => {
      const make = uniqueMake().padEnd(64, 'x');
      expect((await addCar({ make, model: 'Long', year: 2000 })).make).toBe(make);
    });

    it.each<[string, object]>([
      ['a non-integer year', { model: 'M', year: 2000.5 }],
      ['a year as a string', { model: 'M', year: '2000' }],
      ['an empty make', { make: '', model: 'M', year: 2000 }],
      ['a blank make', { make: '   ', model: 'M', year: 2000 }],
      ['a make of 65 characters', { make: 'Zz'.padEnd(65, 'x'), model: 'M', year: 2000 }],
      ['a make that is not a string', { make: 42, model: 'M', year: 2000 }],
      ['a missing model', { year: 2000 }],
      ['a missing year', { model: 'M' }],
      ['an empty category', { model: 'M', year: 2000, category: '' }],
      ['an unknown field', { model: 'M', year: 2000, color: 'red' }],
    ])('%s is 400 and creates nothing', async (_name, body) => {
      const total = await totalCars();
      expectError(await createCar({ make: uniqueMake(), ...body }), 400);
      expect(await totalCars()).toBe(total);
    });
  });

  describe('GET /api/cars', () => {
    it('matches make and model in another letter case beyond ASCII, and refuses that duplicate', async () => {
      const make = `Škoda${uniqueMake()}`;
      const car = await addCar({ make, model: 'Octavia Ž', year: 2019 });
      const found = await t.http
        .get('/api/cars')
        .query({ make: make.toUpperCase(), model: 'OCTAVIA Ž' })
        .set(owner.auth)
        .expect(200);
      expect(found.body.data.map((item: CarBody) => item.id)).toEqual([car.id]);
      await createCar({ make: make.toUpperCase(), model: 'octavia Ž', year: 2019 }).expect(409);
    });

    it('answers a page with data and meta, 20 by default', async () => {
      await addCar({ make: uniqueMake(), model: 'Any', year: 2000 });
      const response = await listCars({}).expect(200);
      expect(Object.keys(response.body).sort()).toEqual(['data', 'meta']);
      const { meta } = response.body;
      expect(meta).toEqual({
        page: 1,
        limit: 20,
        total: expect.any(Number),
        totalPages: Math.ceil(meta.total / 20),
      });
      expect(response.body.data).toHaveLength(Math.min(meta.total, 20));
    });

    it('pages through a filtered set', async () => {
      const make = uniqueMake();
      const cars = [await addCar({ make, model: 'A', year: 2000 })];
      cars.push(
        await addCar({ make, model: 'B', year: 2000 }),
        await addCar({ make, model: 'C', year: 2000 }),
      );
      const first = await listCars({ make, limit: 2 }).expect(200);
      expect(first.body.meta).toEqual({ page: 1, limit: 2, total: 3, totalPages: 2 });
      expect(idsOf(first)).toEqual([cars[0].id, cars[1].id]);
      const second = await listCars({ make, limit: 2, page: 2 }).expect(200);
      expect(second.body.meta).toEqual({ page: 2, limit: 2, total: 3, totalPages: 2 });
      expect(idsOf(second)).toEqual([cars[2].id]);
      const beyond = await listCars({ make, limit: 2, page: 3 }).expect(200);
      expect(beyond.body).toEqual({ data: [], meta: { page: 3, limit: 2, total: 3, totalPages: 2 } });
      expect((await listCars({ make, limit: 100 }).expect(200)).body.meta.limit).toBe(100);
      expect(idsOf(await listCars({ make, limit: 1 }).expect(200))).toEqual([cars[0].id]);
    });

    describe('filters', () => {
      const make = uniqueMake();
      let sedan: CarBody, suv: CarBody, plain: CarBody, lookalike: CarBody;

      beforeAll(async () => {
        sedan = await addCar({ make, model: 'Alpha', year: 2001, category: 'Sedan' });
        suv = await addCar({ make, model: 'Beta', year: 2005, category: 'SUV' });
        plain = await addCar({ make, model: 'Alpha Gamma', year: 2010 });
        // Its make starts with the other make: an exact filter must not find it.
        lookalike = await addCar({ make: `${make}X`, model: 'Alpha', year: 2001, category: 'sedan' });
      });

      it('make is exact and case-insensitive', async () => {
        expect(await listIds({ make: make.toUpperCase() })).toEqual([sedan.id, suv.id, plain.id]);
        expect(await listIds({ make: `${make}x` })).toEqual([lookalike.id]);
        expect(await listIds({ make: make.slice(0, -1) })).toEqual([]);
      });

      it('model is exact and case-insensitive', async () => {
        expect(await listIds({ q: make, model: 'ALPHA' })).toEqual([sedan.id, lookalike.id]);
        expect(await listIds({ make, model: 'alpha gamma' })).toEqual([plain.id]);
        expect(await listIds({ make, model: 'Alph' })).toEqual([]);
      });

      it('year, yearFrom and yearTo bound the model year', async () => {
        expect(await listIds({ make, year: 2005 })).toEqual([suv.id]);
        expect(await listIds({ make, yearFrom: 2005 })).toEqual([suv.id, plain.id]);
        expect(await listIds({ make, yearTo: 2005 })).toEqual([sedan.id, suv.id]);
        expect(await listIds({ make, yearFrom: 2002, yearTo: 2009 })).toEqual([suv.id]);
        expect(await listIds({ make, year: 2002 })).toEqual([]);
      });

      it('category is exact and case-insensitive', async () => {
        expect(await listIds({ q: make, category: 'SEDAN' })).toEqual([sedan.id, lookalike.id]);
        expect(await listIds({ make, category: 'suv' })).toEqual([suv.id]);
        expect(await listIds({ make, category: 'Sed' })).toEqual([]);
      });

      it('q finds a substring of the make or the model, in any case', async () => {
        expect(await listIds({ q: make.slice(1).toLowerCase() })).toEqual([
          sedan.id,
          suv.id,
          plain.id,
          lookalike.id,
        ]);
        expect(await listIds({ make, q: 'GAMM' })).toEqual([plain.id]);
        expect(await listIds({ make, q: 'lph' })).toEqual([sedan.id, plain.id]);
      });

      it('filters combine', async () => {
        expect(await listIds({ q: make, model: 'alpha', category: 'sedan', year: 2001 })).toEqual([
          sedan.id,
          lookalike.id,
        ]);
        expect(await listIds({ make, model: 'alpha', yearFrom: 2002 })).toEqual([]);
      });
    });

    it('q takes % and _ literally', async () => {
      const make = uniqueMake();
      const percent = await addCar({ make, model: '100%_x', year: 2000 });
      const letters = await addCar({ make, model: '100abx', year: 2000 });
      expect(await listIds({ make, q: '0%_x' })).toEqual([percent.id]);
      expect(await listIds({ make, q: '0%' })).toEqual([percent.id]);
      expect(await listIds({ make, q: '0_' })).toEqual([]);
      expect(await listIds({ make, q: 'abx' })).toEqual([letters.id]);
    });

    it('source keeps manual or synced cars', async () => {
      const make = uniqueMake();
      const manual = await addCar({ make, model: 'Hand', year: 2000 });
      const synced = await insertSynced({ make, model: 'Fetched', year: 2000 });
      expect(await listIds({ make })).toEqual([manual.id, synced.id]);
      expect(await listIds({ make, source: 'manual' })).toEqual([manual.id]);
      expect(await listIds({ make, source: 'sync' })).toEqual([synced.id]);
      const response = await listCars({ make, source: 'sync' }).expect(200);
      expect(response.body.data[0]).toMatchObject({ source: 'sync', externalId: synced.externalId });
    });

    it('hides cars removed at the source unless includeRemoved=true', async () => {
      const make = uniqueMake();
      const kept = await insertSynced({ make, model: 'Kept', year: 2000 });
      const removed = await insertSynced({ make, model: 'Gone', year: 2000, removedAt: new Date() });
      expect(await listIds({ make })).toEqual([kept.id]);
      expect(await listIds({ make, includeRemoved: false })).toEqual([kept.id]);
      const all = await listCars({ make, includeRemoved: true }).expect(200);
      expect(idsOf(all)).toEqual([kept.id, removed.id]);
      expect(all.body.data[1].removedAt).toEqual(expect.stringMatching(ISO_DATE));
      expect(all.body.meta.total).toBe(2);
    });

    it('sorts by make, model, year and createdAt, both directions', async () => {
      const prefix = uniqueMake();
      // Created in the order b, c, a; each field orders them differently.
      const b = (await addCar({ make: `${prefix}b`, model: 'm2', year: 2003 })).id;
      const c = (await addCar({ make: `${prefix}c`, model: 'm1', year: 2001 })).id;
      const a = (await addCar({ make: `${prefix}a`, model: 'm3', year: 2002 })).id;
      const sorted = (sort: string) => listIds({ q: prefix, sort });
      expect(await sorted('make')).toEqual([a, b, c]);
      expect(await sorted('-make')).toEqual([c, b, a]);
      expect(await sorted('model')).toEqual([c, b, a]);
      expect(await sorted('-model')).toEqual([a, b, c]);
      expect(await sorted('year')).toEqual([c, a, b]);
      expect(await sorted('-year')).toEqual([b, a, c]);
      expect(await sorted('createdAt')).toEqual([b, c, a]);
      expect(await sorted('-createdAt')).toEqual([a, c, b]);
    });

    it('sorts by make by default', async () => {
      const prefix = uniqueMake();
      const second = (await addCar({ make: `${prefix}b`, model: 'm', year: 2000 })).id;
      const first = (await addCar({ make: `${prefix}a`, model: 'm', year: 2000 })).id;
      expect(await listIds({ q: prefix })).toEqual([first, second]);
    });

    it.each<Query>([
      { limit: 0 },
      { limit: 101 },
      { limit: 'ten' },
      { page: 0 },
      { page: -1 },
      { sort: 'price' },
      { sort: 'id' },
      { sort: '+year' },
      { source: 'other' },
      { source: 'MANUAL' },
      { includeRemoved: 'maybe' },
      { year: 'abc' },
      { yearFrom: 1.5 },
      { yearTo: 'soon' },
      { color: 'red' },
    ])('rejects %p with 400', async (query) => {
      expectError(await listCars(query), 400);
    });
  });

  describe('GET /api/cars/:id', () => {
    it('answers the car', async () => {
      const car = await addCar({ make: uniqueMake(), model: 'Seen', year: 2000, category: 'Van' });
      expect(await carById(car.id)).toEqual(car);
    });

    it('any signed-in user may read a car', async () => {
      const car = await addCar({ make: uniqueMake(), model: 'Shared', year: 2000 });
      expect((await getCar(car.id, other).expect(200)).body).toEqual(car);
    });

    it('a car removed at the source is still readable by id', async () => {
      const removed = await insertSynced({
        make: uniqueMake(),
        model: 'Gone',
        year: 2000,
        removedAt: new Date(),
      });
      const response = await getCar(removed.id).expect(200);
      expect(response.body).toMatchObject({
        id: removed.id,
        source: 'sync',
        externalId: removed.externalId,
        removedAt: expect.stringMatching(ISO_DATE),
      });
    });

    it('an unknown id is 404', async () => {
      expectError(await getCar(2147483647), 404);
    });

    it.each(['abc', '0', '-1', '1.5'])('id %p is 400', async (id) => {
      expectError(await getCar(id), 400);
    });
  });

  describe('PATCH /api/cars/:id', () => {
    const newCar = (as: SignedUpUser = owner) =>
      addCar({ make: uniqueMake(), model: 'Before', year: 2000, category: 'Sedan' }, as);

    it('the creator changes only the given fields', async () => {
      const car = await newCar();
      const response = await patchCar(car.id, { year: 2001 }).expect(200);
      expect(response.body).toEqual({ ...car, year: 2001, updatedAt: expect.stringMatching(ISO_DATE) });
      await patchCar(car.id, { model: ' After ' }).expect(200);
      expect(await carById(car.id)).toMatchObject({
        make: car.make,
        model: 'After',
        year: 2001,
        category: 'Sedan',
      });
    });

    it('an empty body changes nothing', async () => {
      const car = await newCar();
      await patchCar(car.id, {}).expect(200);
      expect(await carById(car.id)).toMatchObject({
        make: car.make,
        model: 'Before',
        year: 2000,
        category: 'Sedan',
      });
    });

    it('category null clears it', async () => {
      const car = await newCar();
      expect((await patchCar(car.id, { category: null }).expect(200)).body.category).toBeNull();
    });

    it('the creator may change the letter case of their own car', async () => {
      const car = await newCar();
      await patchCar(car.id, { make: car.make.toUpperCase(), model: 'BEFORE' }).expect(200);
      expect(await carById(car.id)).toMatchObject({ make: car.make.toUpperCase(), model: 'BEFORE' });
    });

    it('another user is 403 and nothing changes', async () => {
      const car = await newCar();
      expectError(await patchCar(car.id, { year: 2001 }, other), 403);
      expect(await carById(car.id)).toEqual(car);
    });

    it('an admin may change any car', async () => {
      const car = await newCar();
      await patchCar(car.id, { year: 2002 }, admin).expect(200);
      expect((await carById(car.id)).year).toBe(2002);
    });

    it('a collision with another car (any letter case) is 409 and nothing changes', async () => {
      const car = await newCar();
      const taken = await addCar({ make: car.make, model: 'Taken', year: 2000 }, other);
      const response = await patchCar(car.id, { model: 'TAKEN' });
      expectError(response, 409);
      expect(await carById(car.id)).toEqual(car);
      expect(await carById(taken.id)).toEqual(taken);
    });

    it.each<[string, object]>([
      ['an unknown field', { year: 2001, color: 'red' }],
      ['year 1885', { year: 1885 }],
      ['a year as a string', { year: '2001' }],
      ['an empty make', { make: '' }],
      ['a make of 65 characters', { make: 'Zz'.padEnd(65, 'x') }],
    ])('%s is 400 and nothing changes', async (_name, body) => {
      const car = await newCar();
      expectError(await patchCar(car.id, body), 400);
      expect(await carById(car.id)).toEqual(car);
    });

    it.each(['make', 'model', 'year'])('%s: null is 400 and nothing changes', async (field) => {
      const car = await newCar();
      expectError(await patchCar(car.id, { [field]: null }), 400);
      expect(await carById(car.id)).toEqual(car);
    });

    it('a synced car is 403 for a normal user and 200 for an admin', async () => {
      const synced = await insertSynced({ make: uniqueMake(), model: 'Fetched', year: 2000 });
      expectError(await patchCar(synced.id, { category: 'Wagon' }), 403);
      expect((await getCar(synced.id).expect(200)).body.category).toBeNull();
      const response = await patchCar(synced.id, { category: 'Wagon' }, admin).expect(200);
      expect(response.body).toMatchObject({ id: synced.id, category: 'Wagon', source: 'sync' });
    });

    it('an unknown id is 404; a bad id is 400', async () => {
      expectError(await patchCar(2147483647, { year: 2001 }), 404);
      expectError(await t.http.patch('/api/cars/1.5').set(owner.auth).send({ year: 2001 }), 400);
    });
  });

  describe('PUT /api/cars/:id', () => {
    const newCar = (as: SignedUpUser = owner) =>
      addCar({ make: uniqueMake(), model: 'Before', year: 2000, category: 'Sedan' }, as);

    it('replaces the car; a category left out is cleared', async () => {
      const car = await newCar();
      const make = uniqueMake();
      const response = await putCar(car.id, { make: ` ${make}`, model: 'After', year: 2001 }).expect(200);
      expect(response.body).toEqual({
        ...car,
        make,
        model: 'After',
        year: 2001,
        category: null,
        updatedAt: expect.stringMatching(ISO_DATE),
      });
      expect(await carById(car.id)).toMatchObject({ make, model: 'After', year: 2001, category: null });
    });

    it('sets the category it is given', async () => {
      const car = await newCar();
      await putCar(car.id, { make: car.make, model: car.model, year: car.year, category: 'Coupe' }).expect(
        200,
      );
      expect((await carById(car.id)).category).toBe('Coupe');
    });

    it.each(['make', 'model', 'year'])('a missing %s is 400 and nothing changes', async (field) => {
      const car = await newCar();
      const body: Record<string, unknown> = { make: uniqueMake(), model: 'After', year: 2001 };
      delete body[field];
      expectError(await putCar(car.id, body), 400);
      expect(await carById(car.id)).toEqual(car);
    });

    it('an unknown field is 400 and nothing changes', async () => {
      const car = await newCar();
      expectError(await putCar(car.id, { make: car.make, model: 'After', year: 2001, color: 'red' }), 400);
      expect(await carById(car.id)).toEqual(car);
    });

    it('another user is 403; an admin may', async () => {
      const car = await newCar();
      const body = { make: car.make, model: 'After', year: 2001 };
      expectError(await putCar(car.id, body, other), 403);
      expect(await carById(car.id)).toEqual(car);
      await putCar(car.id, body, admin).expect(200);
      expect(await carById(car.id)).toMatchObject({ ...body, category: null });
    });

    it('a collision with another car is 409 and nothing changes', async () => {
      const car = await newCar();
      await addCar({ make: car.make, model: 'Taken', year: 2001 });
      expectError(await putCar(car.id, { make: car.make.toLowerCase(), model: 'taken', year: 2001 }), 409);
      expect(await carById(car.id)).toEqual(car);
    });

    it('a synced car is 403 for a normal user and 200 for an admin', async () => {
      const synced = await insertSynced({ make: uniqueMake(), model: 'Fetched', year: 2000 });
      const body = { make: synced.make, model: 'Corrected', year: 2000 };
      expectError(await putCar(synced.id, body), 403);
      expect((await carById(synced.id)).model).toBe('Fetched');
      await putCar(synced.id, body, admin).expect(200);
      expect((await carById(synced.id)).model).toBe('Corrected');
    });

    it('an unknown id is 404; a bad id is 400', async () => {
      const body = { make: uniqueMake(), model: 'M', year: 2000 };
      expectError(await putCar(2147483647, body), 404);
      expectError(await t.http.put('/api/cars/abc').set(owner.auth).send(body), 400);
    });
  });

  describe('DELETE /api/cars/:id', () => {
    const newCar = () => addCar({ make: uniqueMake(), model: 'Doomed', year: 2000 });

    it('the creator deletes it: 204, then 404', async () => {
      const car = await newCar();
      const response = await deleteCar(car.id).expect(204);
      expect(response.text).toBe('');
      expectError(await getCar(car.id), 404);
      expectError(await deleteCar(car.id), 404);
    });

    it('frees its make, model and year for a new car', async () => {
      const car = await newCar();
      await deleteCar(car.id).expect(204);
      const again = await addCar({ make: car.make, model: car.model, year: car.year });
      expect(again.id).not.toBe(car.id);
    });

    it('another user is 403 and the car stays', async () => {
      const car = await newCar();
      expectError(await deleteCar(car.id, other), 403);
      expect(await carById(car.id)).toEqual(car);
    });

    it('an admin may delete any car', async () => {
      const car = await newCar();
      await deleteCar(car.id, admin).expect(204);
      expectError(await getCar(car.id), 404);
    });

    it('a synced car is 403 for a normal user and 204 for an admin', async () => {
      const synced = await insertSynced({ make: uniqueMake(), model: 'Fetched', year: 2000 });
      expectError(await deleteCar(synced.id), 403);
      await getCar(synced.id).expect(200);
      await deleteCar(synced.id, admin).expect(204);
      expectError(await getCar(synced.id), 404);
    });

    it('an unknown id is 404; a bad id is 400', async () => {
      expectError(await deleteCar(2147483647), 404);
      expectError(await deleteCar('-1'), 400);
    });
  });
});
