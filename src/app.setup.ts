import { INestApplication } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppValidationPipe } from './common/pipes/app-validation.pipe';
import { appConfig } from './config/app.config';
import { redisConfig } from './config/redis.config';
import { RedisIoAdapter } from './realtime/redis-io.adapter';
import { APP_VERSION } from './health/app-version';
import { assignRequestId } from './logging/request-id.middleware';

/** Largest accepted request body; more gets 413. */
export const BODY_LIMIT = '100kb';

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
  // Without origins CORS is off: no middleware at all rather than one that answers nothing.
  if (config.corsOrigins.length > 0) app.enableCors({ origin: config.corsOrigins });
  app.useGlobalPipes(new AppValidationPipe());
  app.useWebSocketAdapter(
    new RedisIoAdapter(app, app.get<ConfigType<typeof redisConfig>>(redisConfig.KEY).url),
  );

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Car platform API')
      .setDescription(
        'Car catalogue, marketplace and live auctions. Send `Authorization: Bearer <accessToken>` ' +
          'on every route not marked public; errors are `{ statusCode, error, message, requestId }`. ' +
          'The BullMQ queue dashboard for admins is at `/api/admin/queues` (bearer header, or ' +
          '`?token=<accessToken>` once in a browser).',
      )
      .setVersion(APP_VERSION)
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
