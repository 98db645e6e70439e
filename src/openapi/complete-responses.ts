import {
  HeaderObject,
  OpenAPIObject,
  OperationObject,
  ReferenceObject,
  ResponseObject,
  ResponsesObject,
} from '@nestjs/swagger';
import { BODY_LIMIT, MAX_HEAD_LENGTH } from '../common/request-limits';
import { MAX_AUTH_RATE_LIMIT } from '../config/env.validation';

/**
 * What every route may answer before or after its handler: the body parser reads a body on any
 * method (400 malformed, 413 too large, 415 an encoding or charset it cannot read), Node refuses
 * an oversized head (431, without a body), and the exception filter answers 500 and 503.
 */
const EVERY_OPERATION = {
  400: 'The input is invalid: `message` lists each problem',
  413: `The body is larger than ${BODY_LIMIT}`,
  415: 'The body is in a content encoding or charset the API does not read',
  431: `The request line and headers are larger than ${MAX_HEAD_LENGTH / 1024} KB (answered by Node, without a body)`,
  500: 'An unexpected error; `message` names the request id the logs know it by',
  503: 'A dependency (the database or Redis) is unavailable or busy; try again shortly',
} as const;

const UNAUTHENTICATED =
  'No valid access token (Authorization: Bearer, or the access_token cookie of a browser session)';

/** Answers that carry no body. */
const WITHOUT_BODY = new Set(['431']);

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head'] as const;

const header = (description: string, schema: HeaderObject['schema']): HeaderObject => ({
  description,
  schema,
});

const SECONDS = { type: 'integer', format: 'int32', minimum: 0, maximum: 86_400 } as const;

/** Shared headers, referenced from the responses that carry them. */
const HEADERS: Record<string, HeaderObject> = {
  'Access-Control-Allow-Origin': header(
    'Only when CORS_ORIGINS is set and the request comes from one of them: that origin',
    { type: 'string', maxLength: 2048 },
  ),
  'Retry-After': { ...header('Seconds until this client may try again', SECONDS), required: true },
  'X-RateLimit-Limit': header('Requests a client may make in a minute (AUTH_RATE_LIMIT)', {
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: MAX_AUTH_RATE_LIMIT,
  }),
  'X-RateLimit-Remaining': header('Requests left to this client in the current minute', {
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: MAX_AUTH_RATE_LIMIT,
  }),
  'X-RateLimit-Reset': header('Seconds until the current minute of this client ends', SECONDS),
};

const RATE_LIMIT_HEADERS = ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];

const headerRef = (name: string): ReferenceObject => ({ $ref: `#/components/headers/${name}` });

const isResponse = (response: ResponseObject | ReferenceObject): response is ResponseObject =>
  !('$ref' in response);

/**
 * What the app does around every route, in the document: the statuses the global pipe, guards,
 * body parser and exception filter answer (each with the one error schema), the headers of the
 * rate limiter and of CORS.
 */
export function completeResponses(document: OpenAPIObject, errorSchema: ReferenceObject): OpenAPIObject {
  document.components = {
    ...document.components,
    headers: { ...document.components?.headers, ...HEADERS },
  };
  for (const path of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = path[method];
      if (operation) completeOperation(operation, errorSchema);
    }
  }
  return document;
}

function completeOperation(operation: OperationObject, errorSchema: ReferenceObject): void {
  const responses: ResponsesObject = { ...operation.responses };
  for (const [status, description] of Object.entries(EVERY_OPERATION)) responses[status] ??= { description };
  if ((operation.security ?? []).length > 0) responses[401] ??= { description: UNAUTHENTICATED };
  const rateLimited = '429' in responses;
  operation.responses = Object.fromEntries(
    Object.entries(responses)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, response]) => [
        status,
        response && isResponse(response)
          ? completeResponse(status, response, errorSchema, rateLimited)
          : response,
      ]),
  );
}

function completeResponse(
  status: string,
  response: ResponseObject,
  errorSchema: ReferenceObject,
  rateLimited: boolean,
): ResponseObject {
  const failed = Number(status) >= 400;
  const names = [
    'Access-Control-Allow-Origin',
    ...(rateLimited && status === '429' ? ['Retry-After'] : []),
    // The limiter runs after the body parser and the authentication guard: their refusals lack them.
    ...(rateLimited && /^[24]/.test(status) ? RATE_LIMIT_HEADERS : []),
  ];
  return {
    ...response,
    headers: {
      ...response.headers,
      ...Object.fromEntries(names.map((name) => [name, headerRef(name)])),
    },
    ...(failed && !response.content && !WITHOUT_BODY.has(status)
      ? { content: { 'application/json': { schema: errorSchema } } }
      : {}),
  };
}
