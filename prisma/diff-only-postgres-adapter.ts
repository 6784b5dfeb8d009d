/**
 * A PostgreSQL "adapter" for `prisma migrate diff` between two schema files: the schema engine
 * connects to the database before diffing, though two datamodels need no server. It answers the
 * one question the engine asks (schema exists, server version) so `npm run db:new-migration`
 * writes the PostgreSQL SQL on a machine with no PostgreSQL running; anything else it refuses.
 */
import {
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
} from '@prisma/driver-adapter-utils';

const NAME = 'diff-only-postgres';

function answer(sql: string): SqlResultSet {
  // SELECT EXISTS(... pg_namespace ...), version(), current_setting('server_version_num')
  if (/version\(\)/i.test(sql) && /server_version_num/i.test(sql)) {
    return {
      columnNames: ['exists', 'version', 'numeric_version'],
      columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
      rows: [[true, 'PostgreSQL 15.0 on x86_64-pc-linux-gnu', 150000]],
    };
  }
  throw new Error(`${NAME}: there is no database behind this adapter (query: ${sql})`);
}

function connection(): SqlDriverAdapter {
  return {
    provider: 'postgres',
    adapterName: NAME,
    async queryRaw({ sql }: SqlQuery) {
      return answer(sql);
    },
    async executeRaw({ sql }: SqlQuery) {
      answer(sql);
      return 0;
    },
    async executeScript(script: string) {
      answer(script);
    },
    async startTransaction() {
      throw new Error(`${NAME}: no transactions`);
    },
    getConnectionInfo: () => ({ supportsRelationJoins: true }),
    async dispose() {},
  };
}

export function diffOnlyPostgresAdapter(): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: 'postgres',
    adapterName: NAME,
    connect: async () => connection(),
    connectToShadowDb: async () => connection(),
  };
}
