import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The version in package.json (two levels up from `src/health` or `dist/health`). */
export const APP_VERSION: string = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }
).version;
