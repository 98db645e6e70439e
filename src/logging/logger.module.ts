import { ConfigType } from '@nestjs/config';
import { Request, Response } from 'express';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { AuthUser } from '../common/auth-user';
import { appConfig } from '../config/app.config';
import { errorFields } from './error-fields';
import { redactTokens } from './redact-tokens';

/**
 * A request as its lines show it: what an operator finds a request by. pino-http's own serializers
 * would copy every request and response header (credentials among them) into every line, and
 * parse the query a second time.
 */
const requestFields = (request: Request) => ({
  id: request.id,
  method: request.method,
  url: request.originalUrl ?? request.url,
  // The client's address, through the proxies TRUST_PROXY names.
  remoteAddress: request.ip,
});

const responseFields = (response: Response) => ({ statusCode: response.statusCode });

/** The fields of a request's last line, with its caller when the guard has found one. */
function withUser(request: Request, fields: object): object {
  const user = request.user as AuthUser | undefined;
  return user ? { ...fields, userId: user.id } : fields;
}

/**
 * Structured JSON logs (pino) to stdout and to `<LOG_DIR>/<file>`, one line per request with its
 * request id (set by `assignRequestId`, which pino-http picks up as `req.id`), method, URL, client
 * address, status, response time and caller. No header is logged, and access tokens are redacted
 * from every line: the queue dashboard's `?token=` sign-in in every spelling of the name, in any
 * URL of any line (the request's, an error's path, a referer), and any JWT whatever carries it.
 */
export function loggerModule(file: string) {
  return LoggerModule.forRootAsync({
    inject: [appConfig.KEY],
    useFactory: (config: ConfigType<typeof appConfig>) => {
      mkdirSync(config.logDir, { recursive: true });
      const level = config.logLevel as pino.Level;
      // Both asynchronous: lines are buffered and written off the main thread, many in one write
      // under load (stdout to a pipe would otherwise be one blocking write a line). pino writes
      // what is left synchronously when the process exits.
      const streams = pino.multistream([
        { stream: pino.destination({ fd: 1, sync: false }), level },
        { stream: pino.destination({ dest: join(config.logDir, file), sync: false }), level },
      ]);
      return {
        pinoHttp: [
          {
            level: config.logLevel,
            wrapSerializers: false,
            serializers: { req: requestFields, res: responseFields, err: errorFields },
            customSuccessObject: (request: Request, _response: Response, fields: object) =>
              withUser(request, fields),
            customErrorObject: (request: Request, _response: Response, _error: Error, fields: object) =>
              withUser(request, fields),
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
