/**
 * The PostgreSQL driver adapter for Prisma's command line only (prisma.config.ts). The running
 * app uses @prisma/adapter-pg as it is (lib/db/client.ts); the schema engine's own queries hit
 * three bugs of @prisma/adapter-pg 6.19.3 that this works around:
 *
 * 1. Its catalog queries return columns of type `name` (OID 19) and `"char"` (OID 18), which the
 *    adapter cannot map ("Column type 'name' could not be deserialized", prisma/orm#27403), so
 *    `migrate deploy`, `db push` and `migrate dev` fail. pg hands both over as strings; they are
 *    reported as `text` (OID 25) instead.
 * 2. Its shadow database pool is `{ ...config, database }`, but pg lets the database inside a
 *    `connectionString` win, so the "shadow" would be the main database. The pool is built from
 *    the URL's parsed fields instead.
 * 3. It drops the shadow database while its own pool still holds connections to it (DROP fails);
 *    the pool is closed first.
 */
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';

const NAME_OID = 19;
const CHAR_OID = 18;
const TEXT_OID = 25;

let patched = false;
function readNameAndCharAsText() {
  if (patched) return;
  patched = true;
  const result = pg.Result.prototype as unknown as {
    addFields(fields: Array<{ dataTypeID: number }>): void;
  };
  const addFields = result.addFields;
  result.addFields = function (fields) {
    for (const field of fields) {
      if (field.dataTypeID === NAME_OID || field.dataTypeID === CHAR_OID)
        field.dataTypeID = TEXT_OID;
    }
    return addFields.call(this, fields);
  };
}

export function cliPostgresAdapter(url: string): SqlMigrationAwareDriverAdapterFactory {
  readNameAndCharAsText();
  const config = parseIntoClientConfig(url) as pg.PoolConfig;
  const main = new PrismaPg(config);
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: () => main.connect(),
    async connectToShadowDb() {
      const admin = await main.connect();
      const database = `prisma_migrate_shadow_db_${randomUUID()}`;
      await admin.executeScript(`CREATE DATABASE "${database}"`);
      const shadow = await new PrismaPg({ ...config, database }).connect();
      const disposeShadow = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await disposeShadow();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
        await admin.dispose();
      };
      return shadow;
    },
  };
}
