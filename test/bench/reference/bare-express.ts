/**
 * The bare-route reference of `bench:http`: an Express 5 app with nothing but `GET /api/status`,
 * answering the JSON the API answers there. Started by the benchmark on the API's Node, `PORT` from
 * its environment.
 */
import express from 'express';
import type * as AppVersionModule from '../../../src/health/app-version';
import { compiled, setting } from './reference-support';

const { APP_VERSION } = compiled<typeof AppVersionModule>('health/app-version');

const app = express();
app.get('/api/status', (_request, response) => {
  response.json({ status: 'ok', version: APP_VERSION, uptime: Math.round(process.uptime()) });
});
app.listen(Number(setting('PORT')), '127.0.0.1');
