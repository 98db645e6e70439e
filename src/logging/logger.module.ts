import { ConfigType } from '@nestjs/config';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { appConfig } from '../config/app.config';
import { redactQuery, redactTokens } from './redact-tokens';

/**
 * Structured JSON logs (pino) to stdout and to `<LOG_DIR>/<file>`, one line per request with its
 * request id (set by `assignRequestId`, which pino-http picks up as `req.id`). Authorization
 * headers and cookies are redacted, and so are access tokens: the queue dashboard's `?token=`
 * sign-in in every spelling of the name, in the parsed query and in any URL of any line (the
 * request's, an error's path, a referer), and any JWT whatever carries it.
 */
export function loggerModule(file: string) {
  return LoggerModule.forRootAsync({
    inject: [appConfig.KEY],
    useFactory: (config: ConfigType<typeof appConfig>) => {
      mkdirSync(config.logDir, { recursive: true });
      const streams = pino.multistream([
        { stream: process.stdout, level: config.logLevel as pino.Level },
        {
          stream: pino.destination({ dest: join(config.logDir, file), sync: false }),
          level: config.logLevel as pino.Level,
        },
      ]);
      return {
        pinoHttp: [
          {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            serializers: {
              req: (req: { query?: unknown }) => ({ ...req, query: redactQuery(req.query) }),
            },
            // The finished line, whichever field holds a URL or a token.
            hooks: { streamWrite: redactTokens },
            customLogLevel: (_req, res, error) =>
              error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
          },
          streams,
        ],
      };
    },
  });
}
