import { OpenAPIObject } from '@nestjs/swagger';
import { nullableReferences } from './nullable-references';

describe('nullableReferences', () => {
  it('makes a nullable reference, bare or in allOf, one of the schema or null, and leaves the rest', () => {
    const document = nullableReferences({
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: {
        schemas: {
          Status: {
            type: 'object',
            properties: {
              bare: { $ref: '#/components/schemas/Run', nullable: true } as object,
              wrapped: {
                nullable: true,
                type: 'object',
                description: 'The last run',
                allOf: [{ $ref: '#/components/schemas/Run' }],
              },
              required: { $ref: '#/components/schemas/Run' },
              text: { type: 'string', nullable: true },
            },
          },
        },
      },
    } as OpenAPIObject);
    const or = {
      oneOf: [{ $ref: '#/components/schemas/Run' }, { type: 'object', nullable: true, enum: [null] }],
    };
    expect(document.components?.schemas?.Status).toEqual({
      type: 'object',
      properties: {
        bare: or,
        wrapped: { description: 'The last run', ...or },
        required: { $ref: '#/components/schemas/Run' },
        text: { type: 'string', nullable: true },
      },
    });
  });
});
