import { applyDecorators, HttpStatus, Injectable, Type } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiResponse } from '@nestjs/swagger';
import { Response } from 'express';
import { MAX_HEAD_LENGTH } from '../common/request-limits';
import { CatalogueVersion, VERSION_LENGTH } from './catalogue-version';
import { noneMatch, weakEntityTag } from './entity-tag';

/** Signed-in data that changes at any write: a client may keep it, and asks again every time. */
export const CATALOGUE_CACHE_CONTROL = 'private, no-cache';

/**
 * Answers the reads of the catalogue: `304` when `If-None-Match` names the current version, else
 * what `read` returns, as JSON, with that version's ETag.
 *
 * The version is read before the database, so that the ETag never names older data than sent, and
 * a `304` needs no database (for `*` it reads, to know that what was asked for exists). The answer
 * is written here rather than by Express's `res.send`, which would add an ETag of its own (a hash
 * of the body) and answer `304` from it, also when there is no version.
 */
@Injectable()
export class CatalogueReply {
  constructor(private readonly version: CatalogueVersion) {}

  async send(
    response: Response,
    ifNoneMatch: string | undefined,
    read: () => Promise<unknown>,
  ): Promise<void> {
    const version = await this.version.current();
    const match = version !== null && ifNoneMatch !== undefined ? noneMatch(ifNoneMatch, version) : 'none';
    if (match === 'tag') return notModified(response, version!);
    const body = await read();
    if (match === 'any') return notModified(response, version!);
    const json = JSON.stringify(body);
    response.status(HttpStatus.OK);
    if (version !== null) response.setHeader('ETag', weakEntityTag(version));
    response.setHeader('Cache-Control', CATALOGUE_CACHE_CONTROL);
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.setHeader('Content-Length', Buffer.byteLength(json));
    response.end(json);
  }
}

function notModified(response: Response, version: string): void {
  response.status(HttpStatus.NOT_MODIFIED);
  response.setHeader('ETag', weakEntityTag(version));
  response.setHeader('Cache-Control', CATALOGUE_CACHE_CONTROL);
  response.end();
}

const RESPONSE_HEADERS = {
  ETag: {
    description: 'The catalogue version, weak (`W/"…"`); absent while the version is unavailable',
    schema: {
      type: 'string',
      maxLength: weakEntityTag('').length + VERSION_LENGTH,
      pattern: '^W/"[0-9a-f]+"$',
    },
  },
  'Cache-Control': {
    description: `\`${CATALOGUE_CACHE_CONTROL}\``,
    schema: { type: 'string', enum: [CATALOGUE_CACHE_CONTROL] },
  },
};

/** OpenAPI of a read answered by `CatalogueReply`: its `If-None-Match`, its `200` of `type` and its `304`. */
export const ApiCatalogueRead = (type: Type<unknown>) =>
  applyDecorators(
    ApiHeader({
      name: 'If-None-Match',
      required: false,
      schema: { type: 'string', maxLength: MAX_HEAD_LENGTH },
      description:
        'ETags from earlier answers (`W/"…"`, comma-separated, or `*`): `304` when one names the ' +
        'current version of the catalogue',
    }),
    ApiOkResponse({ type, headers: RESPONSE_HEADERS }),
    ApiResponse({
      status: HttpStatus.NOT_MODIFIED,
      description: 'Not modified since the ETag sent: no body',
      headers: RESPONSE_HEADERS,
    }),
  );
