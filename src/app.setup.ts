import { INestApplication } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { CSRF_HEADER } from './auth/browser-sessions';
import { documentBrowserSessions } from './auth/browser-sessions.openapi';
import { AppValidationPipe } from './common/pipes/app-validation.pipe';
import { appConfig } from './config/app.config';
import { redisConfig } from './config/redis.config';
import { RedisIoAdapter } from './realtime/redis-io.adapter';
import { APP_VERSION } from './health/app-version';
import { assignRequestId } from './logging/request-id.middleware';

/** Largest accepted request body; more gets 413. */
export const BODY_LIMIT = '100kb';

/** The request headers a page of CORS_ORIGINS may send (beyond the CORS-safelisted ones). */
const CORS_HEADERS = ['Authorization', 'Content-Type', 'If-None-Match', 'X-Request-Id', CSRF_HEADER];

/** Everything the HTTP API needs around its modules; shared by `main.ts` and the e2e tests. */
export function configureApp(app: NestExpressApplication): INestApplication {
  const config = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api');
  // Client addresses (rate limits, sessions) from X-Forwarded-For only behind a trusted proxy.
  app.set('trust proxy', config.trustProxy);
  app.use(assignRequestId);
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.use(helmet());
  // Without origins CORS is off: no middleware at all rather than one that answers nothing. With
  // them, a page of one of them may send credentials (a browser session's cookies) and the headers
  // of CORS_HEADERS; any other origin gets no Access-Control-Allow-* header at all.
  if (config.corsOrigins.length > 0) {
    const allowed = { origin: config.corsOrigins, credentials: true, allowedHeaders: CORS_HEADERS };
    const refused = { origin: config.corsOrigins, methods: [], allowedHeaders: [] };
    app.enableCors((request, callback) =>
      callback(null, config.corsOrigins.includes(request.headers.origin ?? '') ? allowed : refused),
    );
  }
  app.useGlobalPipes(new AppValidationPipe());
  app.useWebSocketAdapter(
    new RedisIoAdapter(app, app.get<ConfigType<typeof redisConfig>>(redisConfig.KEY).url),
  );

  const document = documentBrowserSessions(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Car platform API')
        .setDescription(
          'Car catalogue, marketplace and live auctions. Send `Authorization: Bearer <accessToken>` ' +
            'on every route not marked public, or, in a browser session (sign in with `"cookie": true`), ' +
            'the `access_token` cookie and on every POST, PUT, PATCH and DELETE the `X-CSRF-Token` ' +
            'header equal to the `csrf_token` cookie; errors are `{ statusCode, error, message, requestId }`. ' +
            'The BullMQ queue dashboard for admins is at `/api/admin/queues` (bearer header, or ' +
            '`?token=<accessToken>` once in a browser).',
        )
        .setVersion(APP_VERSION)
        .addBearerAuth()
        .build(),
    ),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
