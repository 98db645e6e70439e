import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { parse } from 'yaml';

/**
 * Reading docker-compose.yml, the Dockerfile and the env file the way Docker does, and laying out
 * the image's folder: what test/e2e/compose.e2e-spec.ts needs to run the services' commands
 * natively (see processes.ts) and check the deployment files without a Docker engine.
 */

export const ROOT = join(__dirname, '..', '..');

export interface ComposeService {
  build?: unknown;
  image?: string;
  command?: string[];
  env_file?: Array<{ path: string; required?: boolean }>;
  environment?: Record<string, string | number | boolean | null>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean; interval?: string; timeout?: string; retries?: number };
  init?: boolean;
  restart?: string;
  stop_grace_period?: string;
  profiles?: string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export function readRepoFile(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

export function loadCompose(): ComposeFile {
  return parse(readRepoFile('docker-compose.yml')) as ComposeFile;
}

/**
 * An env file as Compose reads it: `KEY=VALUE` lines, `#` comments and blank lines skipped, quotes
 * around a value removed, ` #...` after an unquoted value a comment. `KEY=` is kept as an empty
 * value, as Compose passes it (the service treats it as unset).
 */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) throw new Error(`Not a KEY=VALUE line of an env file: ${raw}`);
    const [, key, rest] = match;
    const quoted = /^(["'])(.*)\1$/.exec(rest);
    env[key] = quoted ? quoted[2] : rest.replace(/\s+#.*$/, '').trim();
  }
  return env;
}

/** Compose's `${VAR}`, `${VAR:-default}` and `${VAR-default}` interpolation. */
export function interpolate(text: string, vars: Record<string, string | undefined>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}/g, (_, name: string, op, fallback) => {
    const value = vars[name];
    if (op === ':-') return value ? value : fallback;
    if (op === '-') return value ?? fallback;
    return value ?? '';
  });
}

/** A Compose duration (`30s`, `1m30s`, `500ms`) in milliseconds. */
export function durationMs(text: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|us|h|m|s)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text)
    throw new Error(`Not a duration: ${text}`);
  return parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * units[unit], 0);
}

/** A `name:/target[:mode]` volume entry of a service. */
export function parseVolume(entry: string): { source: string; target: string; mode?: string } {
  const [source, target, mode] = entry.split(':');
  return { source, target, mode };
}

export interface Instruction {
  keyword: string;
  args: string;
}

/** A Dockerfile's instructions (continuations joined, comments dropped), grouped by stage. */
export function dockerfileStages(text: string): Instruction[][] {
  const joined = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  const stages: Instruction[][] = [];
  for (const line of joined.split('\n')) {
    const match = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const instruction = { keyword: match[1].toUpperCase(), args: match[2].replace(/\s+/g, ' ').trim() };
    if (instruction.keyword === 'FROM') stages.push([]);
    stages.at(-1)?.push(instruction);
  }
  return stages;
}

/** The value of an exec-form (`["a", "b"]`) instruction. */
export function execForm(args: string): string[] {
  const value: unknown = JSON.parse(args);
  if (!Array.isArray(value)) throw new Error(`Not an exec-form instruction: ${args}`);
  return value as string[];
}

/** `ENV A=1 B=2` instructions of a stage, merged. */
export function stageEnv(stage: Instruction[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { args } of stage.filter((i) => i.keyword === 'ENV'))
    for (const [, key, value] of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g))
      env[key] = value.replace(/^"(.*)"$/, '$1');
  return env;
}

/**
 * The image's WORKDIR rebuilt as a folder of links to what the run stage copies there (for
 * `--from=build`, the build stage's WORKDIR is the repository after `npm run build`).
 */
export function imageWorkdir(runStage: Instruction[], buildWorkdir: string, into: string): string {
  const workdir = runStage.findLast((i) => i.keyword === 'WORKDIR')!.args;
  for (const { args } of runStage.filter((i) => i.keyword === 'COPY')) {
    const parts = args.split(' ').filter((part) => !part.startsWith('--'));
    const [sources, destination] = [parts.slice(0, -1), parts.at(-1)!];
    for (const source of sources) {
      const repoPath = source.startsWith('/') ? posix.relative(buildWorkdir, source) : source;
      const target = destination.endsWith('/')
        ? posix.join(destination, posix.basename(source))
        : destination;
      const link = join(into, posix.relative(workdir, posix.resolve(workdir, target)));
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(join(ROOT, repoPath), link);
    }
  }
  return workdir;
}
