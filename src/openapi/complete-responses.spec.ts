import { OpenAPIObject, OperationObject } from '@nestjs/swagger';
import { completeResponses } from './complete-responses';

const ERROR = { $ref: '#/components/schemas/ErrorResponseDto' };

const documentOf = (operations: Record<string, OperationObject>): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths: { '/api/things/{id}': operations },
});

describe('completeResponses', () => {
  it('adds the statuses any operation can answer, 401 to a secured one, each with the error schema', () => {
    const document = completeResponses(
      documentOf({
        get: { responses: { 200: { description: 'ok' } } },
        patch: {
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          requestBody: { content: {} },
          security: [{ bearer: [] }],
          responses: { 200: { description: 'ok' }, 409: { description: 'Taken' } },
        },
      }),
      ERROR,
    );
    const { get, patch } = document.paths['/api/things/{id}'];
    expect(Object.keys(get!.responses)).toEqual(['200', '400', '413', '415', '431', '500', '503']);
    expect(Object.keys(patch!.responses)).toEqual([
      '200',
      '400',
      '401',
      '409',
      '413',
      '415',
      '431',
      '500',
      '503',
    ]);
    expect(patch!.responses['431']).not.toHaveProperty('content');
    expect(patch!.responses['409']).toMatchObject({
      description: 'Taken',
      content: { 'application/json': { schema: ERROR } },
    });
    expect(patch!.responses['200']).not.toHaveProperty('content');
  });

  it('gives the limit headers to every 2xx and 4xx of a rate-limited operation, and Retry-After to its 429', () => {
    const document = completeResponses(
      documentOf({
        post: {
          requestBody: { content: {} },
          responses: { 201: { description: 'ok' }, 429: { description: 'Slow down' } },
        },
        get: { responses: { 200: { description: 'ok' } } },
      }),
      ERROR,
    );
    const { post, get } = document.paths['/api/things/{id}'];
    const headersOf = (operation: OperationObject | undefined, status: string) =>
      Object.keys((operation!.responses[status] as { headers: object }).headers);
    expect(headersOf(post, '201')).toEqual([
      'Access-Control-Allow-Origin',
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
    ]);
    expect(headersOf(post, '429')).toEqual(expect.arrayContaining(['Retry-After', 'X-RateLimit-Limit']));
    expect(headersOf(post, '500')).toEqual(['Access-Control-Allow-Origin']);
    expect(headersOf(get, '200')).toEqual(['Access-Control-Allow-Origin']);
    expect(document.components?.headers?.['Retry-After']).toMatchObject({ required: true });
  });
});
