/**
 * The environment of both processes and the migration CLI: the real environment, completed by a
 * `.env` file in the working directory when there is one (real variables win). It is read once,
 * when this module is first loaded, so that even values used while classes are being declared
 * (the timestamp column type of the entities) see it. Tests configure themselves through the
 * environment alone, whatever a developer's .env says.
 */
if (process.env.NODE_ENV !== 'test') {
  try {
    process.loadEnvFile();
  } catch {
    // no .env file: the environment alone configures the process
  }
}

/** A variable's value, with unset and empty (`KEY=` in .env) both meaning "use the default". */
export function readEnv(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value ? value : undefined;
}
