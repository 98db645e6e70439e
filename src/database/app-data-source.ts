import { DataSource, DataSourceOptions } from 'typeorm';
import { SQLITE_TIMESTAMP, TIMESTAMP } from './column-types';

/** The data source of every process and tool: entities keep one shape on SQLite and PostgreSQL (see TIMESTAMP). */
export class AppDataSource extends DataSource {
  constructor(options: DataSourceOptions) {
    super(options);
    if (options.type !== 'sqlite') return;
    // Entity validation and the schema builder ask the driver what a column's type is.
    const normalizeType = this.driver.normalizeType.bind(this.driver);
    this.driver.normalizeType = (column) =>
      column.type === TIMESTAMP ? SQLITE_TIMESTAMP : normalizeType(column);
  }

  /** Reading and writing values goes by the column's own type: on SQLite, the one it really has. */
  protected override async buildMetadatas(): Promise<void> {
    await super.buildMetadatas();
    if (this.options.type !== 'sqlite') return;
    for (const entity of this.entityMetadatas) {
      for (const column of entity.columns) if (column.type === TIMESTAMP) column.type = SQLITE_TIMESTAMP;
    }
  }
}
