import { AppDataSource } from './app-data-source';
import { DataSourceOptions, MigrationExecutor } from 'typeorm';

/**
 * Resolves once the database answers and has no pending migration (the API applies them), or
 * throws after `timeoutMs`. Lets the worker start beside the API in any order.
 */
export async function waitForSchema(options: DataSourceOptions, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'migrations pending';
  while (Date.now() < deadline) {
    const dataSource = new AppDataSource(options);
    try {
      await dataSource.initialize();
      const pending = await new MigrationExecutor(dataSource).getPendingMigrations();
      if (pending.length === 0) return;
    } catch (error) {
      lastProblem = (error as Error).message;
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The database schema is not ready after ${timeoutMs} ms: ${lastProblem}`);
}
