import { Client } from 'pg';
import { PostgresDb } from '../../src/infra/db/postgres';
import { TEST_DATABASE_URL } from '../helpers/databases';

describe('the PostgreSQL pool (DATABASE_POOL_SIZE)', () => {
  it('when many queries arrive at once, then the instance opens no more connections than its pool size, and every query is answered', async () => {
    const name = `kw-pool-${process.pid}`;
    const db = new PostgresDb(`${TEST_DATABASE_URL}${TEST_DATABASE_URL.includes('?') ? '&' : '?'}application_name=${name}`, 3);
    const admin = new Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      let most = 0;
      const watching = (async () => {
        for (let i = 0; i < 20; i++) {
          const [row] = (await admin.query('SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [name])).rows;
          most = Math.max(most, row.n);
          await new Promise((r) => setTimeout(r, 10));
        }
      })();
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => db.query<{ n: number }>('SELECT ?::int AS n, pg_sleep(0.05)', [i])));
      await watching;
      expect(answers.map(([r]) => r!.n)).toEqual(Array.from({ length: 12 }, (_, i) => i));
      expect(most).toBe(3);
    } finally {
      await db.close();
      await admin.end();
    }
  });
});
