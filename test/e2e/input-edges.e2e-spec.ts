import { randomBytes } from 'node:crypto';
import { Response } from 'supertest';
import { auctionInput, listingInput, uniqueMake } from '../support/fixtures';
import { routesOf } from '../support/hostile';
import { createTestApp, TestApp } from '../support/test-app';
import { expectError } from '../support/expect-error';
import { logInAdmin, signUp, SignedUpUser } from '../support/users';

/**
 * Inputs at the edges: bodies that cost much to refuse, deep pages, control and invisible
 * characters in filters and names, timestamps outside years 0001–9999, and a catalogue car given
 * together with the make, model or year it already has.
 */

jest.setTimeout(60_000);

/** `count` fields no DTO has: `u0`, `u1`, … `ua`, … (with `prefix` '': `0`, `1`, …, as short as they come). */
const unknownFields = (count: number, prefix = 'u') =>
  Object.fromEntries(Array.from({ length: count }, (_, index) => [`${prefix}${index.toString(36)}`, 0]));

const messagesOf = (response: Response) => response.body.message as string[];

describe('input edges', () => {
  let t: TestApp;
  let user: SignedUpUser;
  let admin: SignedUpUser;

  beforeAll(async () => {
    t = await createTestApp();
    user = await signUp(t);
    admin = await logInAdmin(t);
  });
  afterAll(() => t.close());

  const post = (path: string, body: object, as: SignedUpUser = user) =>
    t.http.post(path).set(as.auth).send(body);
  const countOf = async (path: string) =>
    (await t.http.get(path).set(admin.auth).expect(200)).body.meta.total as number;

  describe('bodies with many problems', () => {
    it('a 100 kB body of 12,964 unknown fields is 400 with at most 21 short messages, and creates nothing', async () => {
      const body = unknownFields(12_964, '');
      expect(JSON.stringify(body).length).toBeLessThan(100 * 1024);
      const before = await countOf('/api/cars?includeRemoved=true');
      for (const path of ['/api/cars', '/api/marketplace/listings', '/api/auctions', '/api/auth/signup']) {
        const response = await post(path, body);
        expectError(response, 400);
        expect(messagesOf(response).length).toBeLessThanOrEqual(21);
        expect(messagesOf(response).at(-1)).toMatch(/12,964/);
        expect(JSON.stringify(response.body).length).toBeLessThan(4096);
      }
      expect(await countOf('/api/cars?includeRemoved=true')).toBe(before);
    });

    it('so wide an object nested in the body (specs) is refused the same way', async () => {
      const response = await post('/api/marketplace/listings', listingInput({ specs: unknownFields(8_000) }));
      expectError(response, 400);
      expect(messagesOf(response)).toHaveLength(1);
      expect(messagesOf(response)[0]).toMatch(/8,000/);
    });

    it('a query of 1,000 unknown parameters is 400 with at most 21 messages', async () => {
      const query = Object.keys(unknownFields(1_000))
        .map((name) => `${name}=1`)
        .join('&');
      const response = await t.http.get(`/api/cars?${query}`).set(user.auth);
      expectError(response, 400);
      expect(messagesOf(response).length).toBeLessThanOrEqual(21);
    });

    it('more than 20 problems: the first 20 messages, then one naming how many more there were', async () => {
      const body = { ...listingInput(), ...unknownFields(50) };
      const response = await post('/api/marketplace/listings', body);
      expectError(response, 400);
      const messages = messagesOf(response);
      expect(messages).toHaveLength(21);
      expect(messages.slice(0, 20)).toEqual(
        Object.keys(unknownFields(20)).map((name) => `property ${name} should not exist`),
      );
      expect(messages[20]).toBe('… and 30 more problems');
    });

    it('a body with a few problems still lists every one of them', async () => {
      const response = await post('/api/marketplace/listings', {
        make: '',
        model: 7,
        year: 1500,
        price: -1,
        mileage: 1.5,
        colour: 'red',
      });
      expectError(response, 400);
      const messages = messagesOf(response);
      expect(messages.length).toBeGreaterThanOrEqual(6);
      expect(messages.length).toBeLessThanOrEqual(20);
      expect(messages.join('\n')).not.toMatch(/more problem/);
      for (const field of ['make', 'model', 'year', 'price', 'mileage', 'colour']) {
        expect(messages.join('\n')).toContain(field);
      }
    });
  });

  describe('deep pages', () => {
    /** Every list of the OpenAPI document (GET routes with a `page` parameter and no path parameter). */
    let lists: string[];
    beforeAll(async () => {
      lists = (await routesOf(t))
        .filter(
          (route) => route.method === 'get' && route.query.some((parameter) => parameter.name === 'page'),
        )
        .filter((route) => !route.pathParams.length)
        .map((route) => route.path);
    });
    const extra = (path: string) => (path === '/api/auctions/search' ? '&q=civic' : '');

    it('finds the lists', () => {
      expect(lists).toEqual(
        expect.arrayContaining(['/api/cars', '/api/marketplace/listings', '/api/auctions', '/api/users']),
      );
    });

    it('page × limit above 10,000 is 400 naming the bound, on every list', async () => {
      for (const path of lists) {
        for (const window of [
          'page=501&limit=20',
          'page=10001&limit=1',
          'page=101&limit=100',
          'page=1000000',
        ]) {
          const response = await t.http.get(`${path}?${window}${extra(path)}`).set(admin.auth);
          expectError(response, 400);
          expect(`${path}?${window}: ${messagesOf(response).join(' ')}`).toMatch(/page × limit.*10,000/);
        }
      }
    });

    it('page × limit of 10,000 is still read, on every list', async () => {
      for (const path of lists) {
        for (const window of ['page=500&limit=20', 'page=10000&limit=1', 'page=100&limit=100', 'page=500']) {
          const response = await t.http.get(`${path}?${window}${extra(path)}`).set(admin.auth);
          expect(`${path}?${window}: ${response.status}`).toBe(`${path}?${window}: 200`);
          expect(response.body.data).toEqual([]);
        }
      }
    });

    it('the OpenAPI document states the bound on page', async () => {
      const document = (await t.http.get('/api/docs-json').expect(200)).body;
      const page = document.paths['/api/cars'].get.parameters.find(
        (parameter: { name: string }) => parameter.name === 'page',
      );
      expect(page.description).toMatch(/page × limit.*10,000/);
      expect(page.schema).toEqual(expect.objectContaining({ minimum: 1, maximum: 10_000 }));
    });
  });

  describe('control characters in query strings', () => {
    let listsWithQ: string[];
    beforeAll(async () => {
      listsWithQ = (await routesOf(t))
        .filter((route) => route.method === 'get' && route.query.some((parameter) => parameter.name === 'q'))
        .map((route) => route.path);
      await post('/api/cars', { make: uniqueMake(), model: 'Nul', year: 2020 }).expect(201);
    });

    it('finds the lists that take q', () => {
      expect(listsWithQ).toEqual(
        expect.arrayContaining([
          '/api/cars',
          '/api/marketplace/listings',
          '/api/auctions/search',
          '/api/users',
        ]),
      );
    });

    it('q=%00 (and other control characters) is 400 on every list that takes q, not a match of everything', async () => {
      for (const path of listsWithQ) {
        for (const q of ['%00', 'a%00b', '%01', '%1F', '%7F', '%C2%85', 'a%0Ab']) {
          const response = await t.http.get(`${path}?q=${q}`).set(admin.auth);
          expectError(response, 400);
          expect(`${path}?q=${q}: ${messagesOf(response).join(' ')}`).toMatch(
            /q must not contain control characters/,
          );
        }
      }
    });

    it('so is any other filter holding one', async () => {
      const response = await t.http.get('/api/cars?make=Toy%00ota').set(user.auth);
      expectError(response, 400);
      expect(messagesOf(response)).toEqual(['make must not contain control characters (U+0000)']);
    });

    it('ordinary text, percent signs and unicode still search', async () => {
      await t.http.get('/api/cars?q=%25').set(user.auth).expect(200);
      await t.http
        .get(`/api/cars?q=${encodeURIComponent('Citroën 🚗')}`)
        .set(user.auth)
        .expect(200);
    });
  });

  describe('names: NFC, no control or invisible characters', () => {
    const hidden = [
      ['a zero-width space', 'Toy\u200Bota', 'U+200B'],
      ['a zero-width joiner', 'Toy\u200Dota', 'U+200D'],
      ['a word joiner', 'Toy\u2060ota', 'U+2060'],
      ['a byte-order mark', 'Toy\uFEFFota', 'U+FEFF'],
      ['a right-to-left override', 'Toy\u202Eota', 'U+202E'],
      ['a soft hyphen', 'Toy\u00ADota', 'U+00AD'],
      ['a NUL', 'Toy\u0000ota', 'U+0000'],
      ['a tab', 'Toy\tota', 'U+0009'],
      ['a line separator', 'Toy\u2028ota', 'U+2028'],
      ['a Hangul filler', 'Toy\u3164ota', 'U+3164'],
    ] as const;

    it.each(hidden)('a catalogue make with %s is 400 naming it', async (_, make, codePoint) => {
      const response = await post('/api/cars', { make, model: 'Corolla', year: 2020 });
      expectError(response, 400);
      expect(messagesOf(response)).toEqual([
        `make must not contain control or invisible characters (${codePoint})`,
      ]);
    });

    it('model and category are held to the same rule, on POST, PATCH and PUT', async () => {
      const car = (await post('/api/cars', { make: uniqueMake(), model: 'Corolla', year: 2020 }).expect(201))
        .body;
      const requests = [
        post('/api/cars', { make: uniqueMake(), model: 'Coro\u200Blla', year: 2020 }),
        post('/api/cars', { make: uniqueMake(), model: 'Corolla', year: 2020, category: 'Se\u200Edan' }),
        t.http.patch(`/api/cars/${car.id}`).set(user.auth).send({ make: 'Toy\u200Bota' }),
        t.http.patch(`/api/cars/${car.id}`).set(user.auth).send({ category: 'SU\u0007V' }),
        t.http
          .put(`/api/cars/${car.id}`)
          .set(user.auth)
          .send({ make: 'Toyota', model: 'C\u2060', year: 2020 }),
      ];
      for (const response of await Promise.all(requests)) {
        expectError(response, 400);
        expect(messagesOf(response)[0]).toMatch(/must not contain control or invisible characters/);
      }
      expect((await t.http.get(`/api/cars/${car.id}`).set(user.auth).expect(200)).body).toEqual(car);
    });

    it('a name is stored in NFC, so a decomposed duplicate collides (409)', async () => {
      const tag = randomBytes(3).toString('hex');
      const composed = `Citroën${tag}`;
      const decomposed = `Citroe\u0308n${tag}`;
      const created = await post('/api/cars', { make: decomposed, model: 'C4', year: 2020 }).expect(201);
      expect(created.body.make).toBe(composed);
      expectError(await post('/api/cars', { make: composed, model: 'C4', year: 2020 }), 409);
      expectError(await post('/api/cars', { make: `CITROe\u0308n${tag}`, model: 'C4', year: 2020 }), 409);
      for (const make of [composed, decomposed]) {
        const found = await t.http.get('/api/cars').query({ make }).set(user.auth).expect(200);
        expect(found.body.data).toHaveLength(1);
      }
    });

    it('runs of spaces of any kind become one space, so "Land Rover" look-alikes collide', async () => {
      const tag = randomBytes(3).toString('hex');
      const created = await post('/api/cars', {
        make: `Land\u00A0 Rover${tag}`,
        model: 'Defender',
        year: 2020,
      });
      expect(created.status).toBe(201);
      expect(created.body.make).toBe(`Land Rover${tag}`);
      expectError(await post('/api/cars', { make: `Land Rover${tag}`, model: 'Defender', year: 2020 }), 409);
    });

    it('the OpenAPI document states the limits of names and texts', async () => {
      const schemas = (await t.http.get('/api/docs-json').expect(200)).body.components.schemas;
      expect(schemas.CreateCarDto.required).toEqual(['make', 'model', 'year']);
      expect(schemas.CreateCarDto.properties.make).toEqual(
        expect.objectContaining({ type: 'string', minLength: 1, maxLength: 64 }),
      );
      expect(schemas.CreateListingDto.required).toEqual(['price', 'mileage']);
      expect(schemas.CreateAuctionDto.properties.title).toEqual(
        expect.objectContaining({ type: 'string', minLength: 3, maxLength: 120 }),
      );
      expect(schemas.UpdateAuctionDto.properties.description).toEqual(
        expect.objectContaining({ type: 'string', maxLength: 5000 }),
      );
      expect(schemas.UpdateAuctionDto.required ?? []).not.toContain('title');
    });

    it('emoji and letters of any script are fine', async () => {
      const make = `Škoda 🚗 トヨタ ${randomBytes(2).toString('hex')}`;
      expect((await post('/api/cars', { make, model: 'Octavia', year: 2020 }).expect(201)).body.make).toBe(
        make,
      );
    });

    it('the car of a listing and of an auction, its title and specs are held to the same rule', async () => {
      const listing = (await post('/api/marketplace/listings', listingInput()).expect(201)).body;
      const auction = (await post('/api/auctions', auctionInput()).expect(201)).body;
      const requests = [
        post('/api/marketplace/listings', listingInput({ make: 'Toy\u200Bota' })),
        post('/api/marketplace/listings', listingInput({ specs: { color: 'Re\u200Bd' } })),
        post('/api/marketplace/listings', listingInput({ specs: { features: ['sun\u0000roof'] } })),
        t.http.patch(`/api/marketplace/listings/${listing.id}`).set(user.auth).send({ model: 'Ci\u200Cvic' }),
        t.http
          .put(`/api/marketplace/listings/${listing.id}`)
          .set(user.auth)
          .send(listingInput({ make: '\uFEFFHonda\u200B' })),
        post('/api/auctions', auctionInput({ make: 'Hon\u2060da' })),
        post('/api/auctions', auctionInput({ title: 'Clean\u202E Civic' })),
        t.http.patch(`/api/auctions/${auction.id}`).set(user.auth).send({ model: 'Ci\u0000vic' }),
        t.http.patch(`/api/auctions/${auction.id}`).set(user.auth).send({ title: 'Nice\u0007 car' }),
        t.http
          .put(`/api/auctions/${auction.id}`)
          .set(user.auth)
          .send(auctionInput({ model: 'Ci\u200Bvic' })),
      ];
      for (const response of await Promise.all(requests)) {
        expectError(response, 400);
        expect(messagesOf(response).join(' ')).toMatch(/must not contain control or invisible characters/);
      }
    });

    it('a description keeps its line breaks and tabs but refuses other control characters', async () => {
      const description = 'First line\n\tindented\r\nlast';
      const listing = await post('/api/marketplace/listings', listingInput({ description })).expect(201);
      expect(listing.body.description).toBe(description);
      const response = await post('/api/auctions', auctionInput({ description: 'a\u0000b' }));
      expectError(response, 400);
      expect(messagesOf(response)).toEqual(['description must not contain control characters (U+0000)']);
    });

    it('the car of a listing and of an auction is stored in NFC', async () => {
      const tag = randomBytes(3).toString('hex');
      const listing = await post('/api/marketplace/listings', listingInput({ make: `Citroe\u0308n${tag}` }));
      expect(listing.status).toBe(201);
      expect(listing.body.car.make).toBe(`Citroën${tag}`);
      const auction = await post('/api/auctions', auctionInput({ title: 'Cafe\u0301 racer' }));
      expect(auction.status).toBe(201);
      expect(auction.body.title).toBe('Café racer');
    });
  });

  describe('timestamps outside years 0001–9999', () => {
    const outside = [
      '+275760-09-13T00:00:00.000Z',
      '+010000-01-01T00:00:00.000Z',
      '0000-12-31T23:59:59.000Z',
    ];
    const outsideMessage = /must be a timestamp between the years 0001 and 9999/;

    it.each(outside)('endsAt and startsAt of %s are 400 on create', async (when) => {
      for (const changes of [{ endsAt: when }, { startsAt: when }]) {
        const response = await post('/api/auctions', auctionInput(changes));
        expectError(response, 400);
        expect(messagesOf(response).join(' ')).toMatch(outsideMessage);
      }
    });

    it('endsAt outside them is 400 on PATCH and PUT, and the auction keeps its end', async () => {
      const auction = (await post('/api/auctions', auctionInput()).expect(201)).body;
      for (const when of outside) {
        const patched = await t.http
          .patch(`/api/auctions/${auction.id}`)
          .set(user.auth)
          .send({ endsAt: when });
        expectError(patched, 400);
        expect(messagesOf(patched)).toEqual([expect.stringMatching(outsideMessage)]);
        const replaced = await t.http
          .put(`/api/auctions/${auction.id}`)
          .set(user.auth)
          .send(auctionInput({ endsAt: when }));
        expectError(replaced, 400);
      }
      const after = (await t.http.get(`/api/auctions/${auction.id}`).set(user.auth).expect(200)).body;
      expect(after.endsAt).toBe(auction.endsAt);
    });

    it('the endingBefore filter outside them is 400; at their edge it is read', async () => {
      for (const when of outside) {
        const response = await t.http.get('/api/auctions').query({ endingBefore: when }).set(user.auth);
        expectError(response, 400);
        expect(messagesOf(response)).toEqual([expect.stringMatching(outsideMessage)]);
      }
      for (const when of ['9999-12-31T23:59:59.999Z', '0001-01-01T00:00:00.000Z']) {
        await t.http.get('/api/auctions').query({ endingBefore: when }).set(user.auth).expect(200);
      }
    });

    it('a timestamp that is no date at all is 400 with one message', async () => {
      const response = await t.http.get('/api/auctions').query({ endingBefore: 'soon' }).set(user.auth);
      expectError(response, 400);
      expect(messagesOf(response)).toEqual(['endingBefore must be an ISO-8601 timestamp']);
    });
  });

  describe('carId together with make, model or year', () => {
    let carId: number;
    beforeAll(async () => {
      carId = (await post('/api/cars', { make: uniqueMake(), model: 'Golf', year: 2019 }).expect(201)).body
        .id;
    });

    it.each([
      [{ make: 'Other' }, 'make'],
      [{ model: 'Other' }, 'model'],
      [{ year: 2001 }, 'year'],
      [{ make: 'Other', model: 'Other', year: 2001 }, 'make, model and year'],
      [{ make: null }, 'make'],
    ])('a listing and an auction with carId and %j are 400 naming the combination', async (car, named) => {
      const before = await countOf('/api/marketplace/listings');
      for (const [path, input] of [
        ['/api/marketplace/listings', listingInput({ make: undefined, model: undefined, year: undefined })],
        ['/api/auctions', auctionInput({ make: undefined, model: undefined, year: undefined })],
      ] as const) {
        const response = await post(path, { ...input, carId, ...car });
        expectError(response, 400);
        expect(messagesOf(response)).toEqual([
          `carId cannot be combined with ${named}: send either carId or make, model and year`,
        ]);
      }
      expect(await countOf('/api/marketplace/listings')).toBe(before);
    });

    it('carId alone takes the catalogue car', async () => {
      const listing = await post('/api/marketplace/listings', { carId, price: 100, mileage: 1 }).expect(201);
      expect(listing.body.car).toEqual(expect.objectContaining({ carId, model: 'Golf', year: 2019 }));
      const auction = await post(
        '/api/auctions',
        auctionInput({ make: undefined, model: undefined, year: undefined, carId }),
      );
      expect(auction.status).toBe(201);
      expect(auction.body.car).toEqual(expect.objectContaining({ carId, model: 'Golf', year: 2019 }));
    });

    it('a replacement (PUT) or a change (PATCH) takes no carId: 400, not ignored', async () => {
      const listing = (await post('/api/marketplace/listings', listingInput()).expect(201)).body;
      const auction = (await post('/api/auctions', auctionInput()).expect(201)).body;
      const requests = [
        t.http.put(`/api/marketplace/listings/${listing.id}`).set(user.auth).send(listingInput({ carId })),
        t.http.patch(`/api/marketplace/listings/${listing.id}`).set(user.auth).send({ carId }),
        t.http.put(`/api/auctions/${auction.id}`).set(user.auth).send(auctionInput({ carId })),
        t.http.patch(`/api/auctions/${auction.id}`).set(user.auth).send({ carId }),
      ];
      for (const response of await Promise.all(requests)) {
        expectError(response, 400);
        expect(messagesOf(response)).toEqual(['property carId should not exist']);
      }
    });
  });
});
