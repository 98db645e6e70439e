import { randomBytes } from 'node:crypto';
import { Response } from 'supertest';

/** An ISO-8601 UTC timestamp as the API writes them. */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** The largest id a path accepts (32-bit keys). */
export const MAX_ID = 2147483647;

/** A make no other test uses, so filters and sorts see only the rows of one test. */
export const uniqueMake = (prefix = 'Mk') => `${prefix}${randomBytes(4).toString('hex')}`;

/** Specs with every field set, and the specs of a listing or auction created without any. */
export const FULL_SPECS = {
  condition: 'excellent',
  fuelType: 'hybrid',
  transmission: 'automatic',
  color: 'Silver',
  engine: '2.0L I4',
  features: ['sunroof', 'heated seats'],
};

export const EMPTY_SPECS = {
  condition: null,
  fuelType: null,
  transmission: null,
  color: null,
  engine: null,
  features: [],
};

/** The ids of a page of results, in order. */
export const idsOf = (response: Response) => (response.body.data as { id: number }[]).map((item) => item.id);

export const DAY = 24 * 3600_000;

/** An ISO time `ms` from now. */
export const fromNow = (ms: number) => new Date(Date.now() + ms).toISOString();

/** A valid body for POST /api/auctions (without bids a replacement, PUT, too): starts at 100, steps of 10, ends in a week. */
export const auctionInput = (changes: object = {}) => ({
  title: 'Clean Civic, one owner',
  make: uniqueMake(),
  model: 'Civic',
  year: 2018,
  startingPrice: 100,
  minIncrement: 10,
  endsAt: fromNow(7 * DAY),
  ...changes,
});

/** A valid body for POST /api/marketplace/listings. */
export const listingInput = (changes: object = {}) => ({
  make: uniqueMake(),
  model: 'Civic',
  year: 2018,
  price: 12500.5,
  mileage: 42000,
  ...changes,
});
