import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import axios, { AxiosError, AxiosInstance } from 'axios';
import { setTimeout as sleep } from 'node:timers/promises';
import { carApiConfig } from '../config/car-api.config';

/** One record of the external car list, as the Parse REST API sends it. */
export interface SourceCar {
  objectId: string;
  Year: number;
  Make: string;
  Model: string;
  Category?: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PageRequest {
  limit: number;
  skip: number;
  /** Only records with `updatedAt` at or after this ISO time (inclusive); all when absent. */
  since?: string;
  count?: boolean;
  /** Aborts the request and any wait between retries (the worker is stopping). */
  signal?: AbortSignal;
}

export interface Page {
  results: SourceCar[];
  count?: number;
}

/** The source refused our credentials or request: retrying will not help. */
export class CarApiRejectedError extends Error {}

/** The source kept failing (timeouts, 5xx, 429, broken bodies) through every retry. */
export class CarApiUnavailableError extends Error {}

/** A failure worth another attempt, with the delay the source asked for, if any. */
class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

const MAX_RETRY_AFTER_MS = 60_000;
const MAX_BACKOFF_MS = 30_000;

/** `Retry-After` as seconds or an HTTP date, in milliseconds (capped). */
export function parseRetryAfter(header: unknown, now = Date.now()): number | undefined {
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : undefined;
}

function isPage(body: unknown): body is Page {
  return typeof body === 'object' && body !== null && Array.isArray((body as Page).results);
}

/**
 * Reads the car list of a Parse Server REST API: `GET {url}/classes/{class}` with the
 * application id and key headers, in the stable order (updatedAt, objectId). Timeouts, network
 * errors, 5xx, 429 (after its Retry-After) and unreadable bodies are retried with exponential
 * backoff and jitter; 4xx such as 401/403 fail at once with a message saying what to check.
 */
@Injectable()
export class CarApiClient implements OnApplicationBootstrap {
  private readonly logger = new Logger(CarApiClient.name);
  private readonly http: AxiosInstance;

  constructor(@Inject(carApiConfig.KEY) private readonly config: ConfigType<typeof carApiConfig>) {
    this.http = axios.create({
      baseURL: config.url,
      headers: { 'X-Parse-Application-Id': config.appId, [config.keyHeader]: config.key },
      // Parse bodies ourselves, so a broken one is a clear (retryable) error, not a string.
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
    });
  }

  /** Once, as the worker starts: empty credentials fail every run, so say which are missing. */
  onApplicationBootstrap(): void {
    const missing = Object.entries({ CAR_API_ID: this.config.appId, CAR_API_KEY: this.config.key })
      .filter(([, value]) => value === '')
      .map(([name]) => name);
    if (missing.length > 0) {
      this.logger.warn(
        `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} empty: a Parse server refuses ` +
          'requests without them, so every sync will fail until they are set (see .env.example)',
      );
    }
  }

  async fetchPage(request: PageRequest): Promise<Page> {
    const params: Record<string, string | number> = {
      limit: request.limit,
      skip: request.skip,
      order: 'updatedAt,objectId',
    };
    if (request.since) {
      params.where = JSON.stringify({ updatedAt: { $gte: { __type: 'Date', iso: request.since } } });
    }
    if (request.count) params.count = 1;
    const { signal } = request;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.fetchOnce(params, signal);
      } catch (error) {
        if (!(error instanceof RetryableError) || signal?.aborted) throw error;
        if (attempt >= this.config.retries) {
          throw new CarApiUnavailableError(`Car API failed ${attempt + 1} times; last: ${error.message}`);
        }
        const delay = error.retryAfterMs ?? this.backoff(attempt);
        this.logger.warn(`Car API: ${error.message}; retry ${attempt + 1} in ${delay} ms`);
        await sleep(delay, undefined, { signal });
      }
    }
  }

  private async fetchOnce(params: Record<string, string | number>, signal?: AbortSignal): Promise<Page> {
    const path = `/classes/${encodeURIComponent(this.config.className)}`;
    // A deadline for the whole attempt, body included: axios's own timeout stops counting once
    // the headers arrive, so a body that trickles in would hold the sync for as long as it lasts.
    const deadline = AbortSignal.timeout(this.config.timeoutMs);
    let response;
    try {
      response = await this.http.get<string>(path, {
        params,
        signal: signal ? AbortSignal.any([deadline, signal]) : deadline,
      });
    } catch (error) {
      if (deadline.aborted && !signal?.aborted) {
        throw new RetryableError(`timeout of ${this.config.timeoutMs} ms exceeded`);
      }
      const code = (error as AxiosError).code ?? 'network error';
      throw new RetryableError(`${code}: ${(error as Error).message}`);
    }
    const { status } = response;
    if (status === 429) {
      throw new RetryableError('429 Too Many Requests', parseRetryAfter(response.headers['retry-after']));
    }
    if (status >= 500) throw new RetryableError(`HTTP ${status}`);
    if (status === 401 || status === 403) {
      throw new CarApiRejectedError(
        `Car API refused the credentials (HTTP ${status}): check CAR_API_ID, CAR_API_KEY and ` +
          `CAR_API_KEY_HEADER (now ${this.config.keyHeader})`,
      );
    }
    if (status !== 200) {
      throw new CarApiRejectedError(
        `Car API answered HTTP ${status}: ${String(response.data).slice(0, 200)}`,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(response.data);
    } catch {
      throw new RetryableError('response body is not JSON');
    }
    if (!isPage(body)) throw new RetryableError('response body has no "results" array');
    return body;
  }

  /** Exponential backoff with full jitter: up to base × 2^attempt, capped. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.config.retryBaseMs * 2 ** attempt, MAX_BACKOFF_MS);
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }
}
