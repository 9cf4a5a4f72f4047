import { createConnection } from 'mysql2/promise';
import startMariadb from '../../../tools/testing/mariadb-setup.js';

/** A MySQL server for the benchmark: TOKENLEDGER_MYSQL_URL or a throwaway MariaDB. */
export async function benchMysql(): Promise<
  { database(name: string): Promise<string>; stop(): Promise<void> } | undefined
> {
  let url: string | null = null;
  const stop = await startMariadb({
    provide: (_key: string, value: string | null) => {
      url = value;
    },
  } as never);
  if (url === null) return undefined;

  const base: string = url;

  return {
    async database(name) {
      const connection = await createConnection(base);
      await connection.query(`drop database if exists ${name}`);
      await connection.query(`create database ${name}`);
      await connection.end();

      return base.replace(/\/[^/]+$/, `/${name}`);
    },
    stop: async () => {
      await stop?.();
    },
  };
}
