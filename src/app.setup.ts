import { INestApplication } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { CSRF_HEADER } from './auth/browser-sessions';
import { BODY_LIMIT } from './common/request-limits';
import { AppValidationPipe } from './common/pipes/app-validation.pipe';
import { appConfig } from './config/app.config';
import { redisConfig } from './config/redis.config';
import { RedisIoAdapter } from './realtime/redis-io.adapter';
import { assignRequestId } from './logging/request-id.middleware';
import { API_PREFIX, buildOpenApiDocument } from './openapi/openapi-document';

/** The request headers a page of CORS_ORIGINS may send (beyond the CORS-safelisted ones). */
const CORS_HEADERS = ['Authorization', 'Content-Type', 'If-None-Match', 'X-Request-Id', CSRF_HEADER];

/** Everything the HTTP API needs around its modules; shared by `main.ts` and the e2e tests. */
export function configureApp(app: NestExpressApplication): INestApplication {
  const config = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX);
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

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${API_PREFIX}/docs-json` });
  return app;
}
