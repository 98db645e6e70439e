import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigType } from '@nestjs/config';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { appConfig } from './config/app.config';
import { authConfig } from './config/auth.config';
import { DEV_JWT_SECRET } from './config/env.validation';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bufferLogs: true,
    bodyParser: false,
  });
  configureApp(app);
  // SIGTERM: stop accepting, let in-flight requests finish, close connections, exit 0.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  const { port } = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  await app.listen(port);
  if (app.get<ConfigType<typeof authConfig>>(authConfig.KEY).jwtSecret === DEV_JWT_SECRET) {
    app
      .get(Logger)
      .warn(
        'JWT_SECRET is not set: tokens are signed with the public development secret; set it for any real use',
      );
  }
}

void bootstrap();
