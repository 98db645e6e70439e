import { OpenAPIObject, ParameterObject } from '@nestjs/swagger';
import { MAX_ID } from '../common/pipes/parse-id.pipe';

const ID_SCHEMA = { type: 'integer', format: 'int32', minimum: 1, maximum: MAX_ID } as const;

/**
 * Every numeric path parameter of the API is a row id read by ParseIdPipe (anything else is 400),
 * which the plugin shows as a bare `number`: it becomes the integer range the pipe takes.
 */
export function idParameters(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const operation of [path.get, path.put, path.post, path.delete, path.patch]) {
      for (const parameter of (operation?.parameters ?? []) as ParameterObject[]) {
        if (parameter.in === 'path' && parameter.schema && 'type' in parameter.schema) {
          if (parameter.schema.type === 'number') parameter.schema = { ...ID_SCHEMA };
        }
      }
    }
  }
  return document;
}
