import { OpenAPIObject } from '@nestjs/swagger';
import { MAX_ID } from '../common/pipes/parse-id.pipe';
import { idParameters } from './id-parameters';

describe('idParameters', () => {
  it('shows numeric path parameters as the ids ParseIdPipe takes, and leaves the others', () => {
    const document = idParameters({
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/api/things/{id}/jobs/{jobId}': {
          get: {
            parameters: [
              { name: 'id', in: 'path', required: true, schema: { type: 'number' } },
              { name: 'jobId', in: 'path', required: true, schema: { type: 'string', maxLength: 128 } },
              { name: 'limit', in: 'query', schema: { type: 'number', maximum: 100 } },
            ],
            responses: {},
          },
        },
      },
    } as OpenAPIObject);
    expect(document.paths['/api/things/{id}/jobs/{jobId}'].get?.parameters).toEqual([
      {
        name: 'id',
        in: 'path',
        required: true,
        schema: { type: 'integer', format: 'int32', minimum: 1, maximum: MAX_ID },
      },
      { name: 'jobId', in: 'path', required: true, schema: { type: 'string', maxLength: 128 } },
      { name: 'limit', in: 'query', schema: { type: 'number', maximum: 100 } },
    ]);
  });
});
