import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { documentBrowserSessions } from '../auth/browser-sessions.openapi';
import { ErrorResponseDto } from './error-response.dto';
import { APP_VERSION } from '../health/app-version';
import { completeResponses } from './complete-responses';
import { idParameters } from './id-parameters';
import { nullableReferences } from './nullable-references';

/** Every route is under `/api`. */
export const API_PREFIX = 'api';

const TAGS: Record<string, string> = {
  auth: 'Accounts, sign-in (bearer tokens or a browser session of cookies), refresh, sessions',
  users: "Profiles, a user's auctions and bids, the dashboard, and user management for admins",
  cars: 'The car catalogue: public reads with ETags; admins add, change and remove cars',
  sync: 'Synchronisation of the catalogue from the external car API, run by the worker (admins)',
  marketplace: 'Listings of cars for sale at a fixed price, purchases and transactions',
  favorites: 'Listings and auctions a user saved',
  auctions: 'Timed auctions with a reserve price and a soft close',
  bids: 'Bids on auctions, plain or proxy (up to a maximum)',
  operations: 'Health, version and statistics',
};

/** `CarsController.list` is `carsList`: unique, readable, and unchanged by the order of routes. */
const operationId = (controllerKey: string, methodKey: string) =>
  controllerKey.replace(/Controller$/, '').replace(/^./, (first) => first.toLowerCase()) +
  methodKey.replace(/^./, (first) => first.toUpperCase());

/**
 * The OpenAPI document of the routes of `app` (whose global prefix is API_PREFIX): what the
 * controllers declare, completed with what the app does around them. Needs no running app: it
 * works on an app made in preview mode.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Car platform API')
    .setDescription(
      'Car catalogue, marketplace and live auctions. Send `Authorization: Bearer <accessToken>` ' +
        'on every route not marked public, or, in a browser session (sign in with `"cookie": true`), ' +
        'the `access_token` cookie and on every POST, PUT, PATCH and DELETE the `X-CSRF-Token` ' +
        'header equal to the `csrf_token` cookie. Every error answers `ErrorResponseDto`: ' +
        '`{ statusCode, error, message, path, timestamp, requestId }`. ' +
        'The BullMQ queue dashboard for admins is at `/api/admin/queues` (bearer header, or ' +
        '`?token=<accessToken>` once in a browser).',
    )
    .setVersion(APP_VERSION)
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        'The accessToken of signup, login or refresh: a JWS following RFC8725 (HS256 only, any ' +
        'other algorithm refused; expiry and session checked on every request)',
    });
  for (const [name, description] of Object.entries(TAGS)) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    extraModels: [ErrorResponseDto],
    operationIdFactory: operationId,
  });
  const errorSchema = { $ref: getSchemaPath(ErrorResponseDto) };
  return nullableReferences(idParameters(completeResponses(documentBrowserSessions(document), errorSchema)));
}
