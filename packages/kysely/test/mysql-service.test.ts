import { createConnection } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { mysqlUrl } from '../../../tools/testing/services.js';

const url = mysqlUrl();

describe.skipIf(!url)('MariaDB test service', () => {
  it('should accept connections on the URL it provides', async () => {
    const connection = await createConnection(url as string);
    const [rows] = await connection.query('SELECT 1 + 1 AS two');
    await connection.end();

    expect(rows).toEqual([{ two: 2 }]);
  });
});
