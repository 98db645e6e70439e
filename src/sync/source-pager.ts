import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { syncConfig } from '../config/sync.config';
import { CarApiClient, Page, SourceCar } from './car-api.client';

/** A page as the source answered it. */
export interface SourcePage {
  records: SourceCar[];
  /** Records the source holds for the query, when it said (on the first page). */
  total?: number;
}

/**
 * The newest well-formed `updatedAt` of a page, or null. Only well-formed timestamps move the
 * cursor: it never moves back, so a bad one would stick.
 */
export function checkpointOf(records: SourceCar[]): string | null {
  const newest = records
    .map((record) => record.updatedAt)
    .filter((updatedAt) => typeof updatedAt === 'string' && !Number.isNaN(Date.parse(updatedAt)))
    .reduce((max, updatedAt) => (updatedAt > max ? updatedAt : max), '');
  return newest || null;
}

/**
 * Pages through the source in (updatedAt, objectId) order, one page in memory at a time.
 *
 * A run asks for records at or after its cursor (inclusive: records sharing that timestamp are
 * read again and change nothing). Within a run, records already read at the current timestamp
 * are skipped with `skip`, so ties across a page boundary are neither lost nor repeated.
 */
@Injectable()
export class SourcePager {
  constructor(
    private readonly api: CarApiClient,
    @Inject(syncConfig.KEY) private readonly config: ConfigType<typeof syncConfig>,
  ) {}

  /**
   * Every page from `since` (the whole source without it), up to a short or empty one. The next
   * page is requested before this one is handed over: it depends only on this page's last
   * records, so it is in flight while the caller writes this one.
   */
  async *pages(since: string | undefined, signal?: AbortSignal): AsyncGenerator<SourcePage> {
    const limit = this.config.pageSize;
    let skip = 0;
    let next: Promise<Page> | null = this.api.fetchPage({ limit, skip, since, count: true, signal });
    while (next) {
      const page: Page = await next;
      next = null;
      if (page.results.length >= limit) {
        const last = page.results[page.results.length - 1].updatedAt;
        const atLast = page.results.filter((record) => record.updatedAt === last).length;
        skip = last === since ? skip + atLast : atLast;
        since = last;
        next = this.api.fetchPage({ limit, skip, since, signal });
        // Awaited on the next turn; a failure must not go unhandled if the caller stops first.
        next.catch(() => undefined);
      }
      yield { records: page.results, total: page.count };
    }
  }
}
