import { OpenAPIObject, OperationObject, ParameterObject } from '@nestjs/swagger';
import { ACCESS_COOKIE, CSRF_COOKIE, CSRF_HEADER, CSRF_TOKEN_LENGTH } from './browser-sessions';

/** The CSRF header, as a route of a browser session takes it. */
export const CSRF_PARAMETER = {
  name: CSRF_HEADER,
  required: false,
  schema: { type: 'string' as const, maxLength: CSRF_TOKEN_LENGTH, pattern: '^[A-Za-z0-9_-]+$' },
  description: `Browser sessions: the value of the ${CSRF_COOKIE} cookie (needless with a bearer token)`,
};

const CSRF_REFUSED = `Authenticated by the ${ACCESS_COOKIE} cookie without ${CSRF_HEADER} equal to the ${CSRF_COOKIE} cookie`;

const UNSAFE_METHODS = ['post', 'put', 'patch', 'delete'] as const;

/**
 * What the guard does for every route, in the document: each route that takes a bearer token takes
 * the access_token cookie instead, and each of those with a POST, PUT, PATCH or DELETE takes the
 * X-CSRF-Token header and may answer 403 without it.
 */
export function documentBrowserSessions(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    securitySchemes: {
      ...document.components?.securitySchemes,
      [ACCESS_COOKIE]: {
        type: 'apiKey',
        in: 'cookie',
        name: ACCESS_COOKIE,
        description: `Browser sessions (sign in with "cookie": true); unsafe methods also need ${CSRF_HEADER}`,
      },
    },
  };
  for (const path of Object.values(document.paths)) {
    for (const method of ['get', 'head', ...UNSAFE_METHODS] as const) {
      const operation: OperationObject | undefined = path[method];
      if (!operation?.security?.some((requirement) => 'bearer' in requirement)) continue;
      // A fresh array: the document shares one between the operations of a controller.
      operation.security = [...operation.security, { [ACCESS_COOKIE]: [] }];
      if (!(UNSAFE_METHODS as readonly string[]).includes(method)) continue;
      operation.parameters = [
        ...(operation.parameters ?? []),
        { ...CSRF_PARAMETER, in: 'header' } as ParameterObject,
      ];
      const forbidden = operation.responses['403'];
      operation.responses = {
        ...operation.responses,
        403:
          forbidden && 'description' in forbidden
            ? { ...forbidden, description: `${forbidden.description}; or: ${CSRF_REFUSED}` }
            : { description: CSRF_REFUSED },
      };
    }
  }
  return document;
}
