import { ConfigType } from '@nestjs/config';
import { syncConfig } from '../config/sync.config';
import { CarApiClient, Page, PageRequest, SourceCar } from './car-api.client';
import { checkpointOf, SourcePager } from './source-pager';

const at = (second: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, second)).toISOString();
const car = (id: number, updatedAt: string): SourceCar => ({
  objectId: `obj${id}`,
  Make: 'Toyota',
  Model: `Model ${id}`,
  Year: 2020,
  createdAt: updatedAt,
  updatedAt,
});

/** The source's records in (updatedAt, objectId) order, answered as Parse would. */
class FakeApi {
  requests: Omit<PageRequest, 'signal'>[] = [];
  constructor(private readonly records: SourceCar[]) {}

  async fetchPage({ signal: _signal, ...request }: PageRequest): Promise<Page> {
    this.requests.push(request);
    const from = this.records.filter((record) => !request.since || record.updatedAt >= request.since);
    const results = from.slice(request.skip, request.skip + request.limit);
    return request.count ? { results, count: from.length } : { results };
  }
}

async function readAll(records: SourceCar[], pageSize: number, since?: string) {
  const api = new FakeApi(records);
  const config = { pageSize } as ConfigType<typeof syncConfig>;
  const pager = new SourcePager(api as unknown as CarApiClient, config);
  const pages = [];
  for await (const page of pager.pages(since)) pages.push(page);
  return { pages, requests: api.requests };
}

describe('SourcePager', () => {
  it('reads every record once when a timestamp is shared across page boundaries', async () => {
    const records = [car(1, at(1)), ...[2, 3, 4, 5, 6].map((id) => car(id, at(2))), car(7, at(3))];
    const { pages, requests } = await readAll(records, 2);
    expect(pages.flatMap((page) => page.records.map((record) => record.objectId))).toEqual(
      records.map((record) => record.objectId),
    );
    expect(requests).toEqual([
      { limit: 2, skip: 0, since: undefined, count: true },
      { limit: 2, skip: 1, since: at(2) },
      { limit: 2, skip: 3, since: at(2) },
      { limit: 2, skip: 5, since: at(2) },
    ]);
    expect(pages[0].total).toBe(7);
  });

  it('stops after a short page, and reads from the checkpoint when given one', async () => {
    const records = [car(1, at(1)), car(2, at(2)), car(3, at(3))];
    const { pages, requests } = await readAll(records, 5, at(2));
    expect(pages.map((page) => page.records.length)).toEqual([2]);
    expect(requests).toEqual([{ limit: 5, skip: 0, since: at(2), count: true }]);
  });

  it('ends with an empty page when the source holds a multiple of the page size', async () => {
    const { pages } = await readAll([car(1, at(1)), car(2, at(2))], 2);
    expect(pages.map((page) => page.records.length)).toEqual([2, 0]);
  });
});

describe('checkpointOf', () => {
  it('is the newest well-formed updatedAt of a page', () => {
    expect(checkpointOf([car(1, at(5)), car(2, 'not a date'), car(3, at(3))])).toBe(at(5));
  });

  it('is null when no record has a usable updatedAt', () => {
    expect(checkpointOf([car(1, 'garbage')])).toBeNull();
  });
});
