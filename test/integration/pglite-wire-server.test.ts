import pg from 'pg';
import { startEmbeddedServer } from '../../bot/db/embedded-server';

describe('the embedded PGlite served to many connections', () => {
  test('concurrent statements on different connections each get their own results; transactions do not mix', async () => {
    const server = await startEmbeddedServer({ dataDir: null });
    const pool = new pg.Pool({ connectionString: server.url, max: 8 });
    try {
      await pool.query('CREATE TABLE counters (id int PRIMARY KEY, value int NOT NULL)');
      await pool.query('INSERT INTO counters SELECT g, 0 FROM generate_series(1, 4) g');
      // Autocommit statements of different shapes from 8 connections at once.
      const shapes = [
        (i: number) => pool.query(`SELECT $1::int AS n, 'a' AS shape`, [i]),
        (i: number) => pool.query(`SELECT g AS n FROM generate_series($1::int, $1::int + 2) g`, [i]),
        (i: number) => pool.query(`SELECT id AS n FROM counters WHERE id > $1::int % 3 ORDER BY id`, [i]),
      ];
      const expected = (i: number) =>
        [[{ n: i, shape: 'a' }], [{ n: i }, { n: i + 1 }, { n: i + 2 }], [1, 2, 3, 4].filter((id) => id > i % 3).map((n) => ({ n }))][i % 3];
      const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => shapes[i % 3]!(i).then((r) => r.rows)));
      answers.forEach((rows, i) => expect(rows).toEqual(expected(i)));
      // Transactions on several connections, interleaved with autocommit reads.
      const transfer = async (i: number) => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query('UPDATE counters SET value = value + 1 WHERE id = $1', [(i % 4) + 1]);
          if (i % 5 === 0) await client.query('ROLLBACK');
          else await client.query('COMMIT');
        } finally {
          client.release();
        }
      };
      // (PGlite is one session: an open transaction has it to itself, other connections wait their turn.)
      const reads = Array.from({ length: 100 }, (_, i) => pool.query<{ n: number }>('SELECT $1::int AS n', [i]).then((r) => r.rows[0]!.n));
      await Promise.all(Array.from({ length: 100 }, (_, i) => transfer(i)));
      expect(await Promise.all(reads)).toEqual(Array.from({ length: 100 }, (_, i) => i));
      const { rows } = await pool.query<{ total: string }>('SELECT sum(value)::text AS total FROM counters');
      expect(rows[0]!.total).toBe('80');
    } finally {
      await pool.end();
      await server.stop();
    }
  }, 60_000);
});
