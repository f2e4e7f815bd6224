import { loadConfig } from '../../bot/config';
import { connect } from '../../bot/db/database';
import { poolSql } from '../../bot/db/sql';
import { jobRuns } from '../../bot/schedules/job-runs';
import { runDueJob, type JobOutcome } from '../../bot/schedules/run-job';
import { scheduledJobs } from '../../bot/schedules/jobs';
import { Scheduler } from '../../bot/schedules/scheduler';
import { BotHarness } from '../support/bot-harness';
import { startBot } from '../support/cli';
import { fund } from '../support/fund';
import { until } from '../support/until';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

// Issue 14, "Schedules": statements on the 1st for the month before and invoices on each
// reseller's billing day, run by whichever process gets there first and by none twice; a month
// missed while the bot was down is done when it starts again. The clock is an argument.

const OCTOBER = new Date('2026-10-12T09:30:00.000Z');

describe.each(targets)('scheduled jobs on %s', (target) => {
  let db: TestDatabase;
  let chat: BotHarness;
  let clock = OCTOBER;

  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    chat = await BotHarness.start(db, { now: () => clock });
    // October: a prepaid reseller tops up and orders; a postpaid one orders (billing day: the 1st).
    await fund(db, 'B2B-004', 'USD', 150_000, 150_000, 'VCB-1012-0042', OCTOBER.toISOString());
    for (const [channel, address, text] of [
      ['whatsapp', '+84912345604', 'Japan 10GB 15 days x 10'],
      ['whatsapp', '+84912345604', 'yes'],
      ['email', 'ops@dubaitravelhub.ae', 'Please quote 12 x ESIM-JP-3GB-15D'],
      ['email', 'ops@dubaitravelhub.ae', 'yes'],
    ] as const) {
      await chat.receive(channel, address, text, clock);
    }
  }, 120_000);
  afterAll(async () => {
    await chat?.stop();
    await db?.close();
  });

  test('the 1st of November: October statements and the postpaid invoices, once, however often the clock strikes', async () => {
    const jobs = scheduledJobs(db, loadConfig({}));
    const at = new Date('2026-11-01T00:20:00.000Z');
    const scheduler = new Scheduler(db.pool, jobs, () => at);
    const first = await scheduler.start();
    await scheduler.stop();
    const byJob = Object.fromEntries(first.map((o) => [o.job, o]));
    expect(byJob.statements).toMatchObject({ busy: false, failed: null, ran: [{ period: '2026-10' }] });
    expect(byJob.invoices).toMatchObject({ busy: false, failed: null, ran: [{ period: '2026-11-01' }] });
    const statements = await db.pool.query(`SELECT customer_id, to_char(period_start, 'YYYY-MM') AS month FROM statements ORDER BY customer_id`);
    expect(statements.rows).toEqual(expect.arrayContaining([{ customer_id: 'B2B-004', month: '2026-10' }, { customer_id: 'B2B-006', month: '2026-10' }]));
    const invoices = await db.pool.query(`SELECT number, customer_id FROM invoices`);
    expect(invoices.rows).toEqual([{ number: 'INV-2026-00001', customer_id: 'B2B-006' }]);

    // Again, later the same day (a restart): nothing is due, nothing new is made.
    const again = new Scheduler(db.pool, jobs, () => new Date('2026-11-01T09:00:00.000Z'));
    const second = await again.start();
    await again.stop();
    expect(second.find((o) => o.job === 'statements')).toMatchObject({ busy: false, ran: [] });
    expect(second.find((o) => o.job === 'invoices')).toMatchObject({ busy: false, ran: [] });
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM statements`)).rows[0].n).toBe(statements.rows.length);
    expect(await jobRuns(poolSql(db.pool), 'statements')).toEqual([expect.objectContaining({ period: '2026-10', error: null, finished_at: expect.any(Date) })]);
  });

  test('a bot down from 28 November to 3 January catches up: November and December statements, every billing day it missed', async () => {
    const jobs = scheduledJobs(db, loadConfig({}));
    const scheduler = new Scheduler(db.pool, jobs, () => new Date('2027-01-03T07:00:00.000Z'));
    const outcomes = await scheduler.start();
    await scheduler.stop();
    expect(outcomes.find((o) => o.job === 'statements')).toMatchObject({ failed: null, ran: [{ period: '2026-11' }, { period: '2026-12' }] });
    const invoiceDays = (outcomes.find((o) => o.job === 'invoices') as { ran: { period: string }[] }).ran.map((r) => r.period);
    expect(invoiceDays[0]).toBe('2026-11-02'); // every day since the last run (at most 92 back)
    expect(invoiceDays.at(-1)).toBe('2027-01-03');
  });

  test('the hourly low-balance check: a reseller who topped up and is below the threshold is told once; one who never topped up is not', async () => {
    const lowBalance = scheduledJobs(db, loadConfig({})).find((j) => j.name === 'low-balance')!;
    await fund(db, 'B2B-008', 'USD', 10_000, 10_000, 'BDO-1112-0007', '2026-11-12T08:00:00.000Z'); // USD 100.00, below the USD 500 default
    const at = new Date('2026-11-12T09:05:00.000Z');
    expect(await lowBalance.run('2026-11-12T09:05', at)).toBe('1 resellers alerted to a low balance');
    expect(await lowBalance.run('2026-11-12T10:05', at)).toBe(''); // once per dip
    const { rows } = await db.pool.query(`SELECT customer_id, low_balance_alerted_at IS NOT NULL AS alerted FROM customers WHERE customer_id IN ('B2B-007', 'B2B-008') ORDER BY customer_id`);
    expect(rows).toEqual([{ customer_id: 'B2B-007', alerted: false }, { customer_id: 'B2B-008', alerted: true }]);
  });

  test('an alert that cannot be queued leaves the reseller unflagged, and the next hour tells them', async () => {
    const lowBalance = scheduledJobs(db, loadConfig({})).find((j) => j.name === 'low-balance')!;
    await fund(db, 'B2B-013', 'USD', 12_000, 12_000, 'ANZ-1112-0013', '2026-11-12T08:00:00.000Z'); // USD 120.00, below USD 500
    // Queuing the alert's message fails once (the database refuses the outbox row), after the flag was written.
    await db.pool.query(`CREATE TABLE refuse_alert (n int)`);
    await db.pool.query(`CREATE FUNCTION refuse_alert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.idempotency_key LIKE 'low-balance:B2B-013:%' AND NOT EXISTS (SELECT 1 FROM refuse_alert) THEN
          RAISE EXCEPTION 'outbox refused (test fault)';
        END IF;
        RETURN NEW;
      END $$`);
    await db.pool.query(`CREATE TRIGGER refuse_alert BEFORE INSERT ON outbox_messages FOR EACH ROW EXECUTE FUNCTION refuse_alert()`);
    try {
      await expect(lowBalance.run('2026-11-12T11:05', new Date('2026-11-12T11:05:00.000Z'))).rejects.toThrow(/outbox refused/);
      const { rows } = await db.pool.query(`SELECT low_balance_alerted_at IS NOT NULL AS alerted FROM customers WHERE customer_id = 'B2B-013'`);
      expect(rows).toEqual([{ alerted: false }]);
      await db.pool.query(`INSERT INTO refuse_alert VALUES (1)`);
      expect(await lowBalance.run('2026-11-12T12:05', new Date('2026-11-12T12:05:00.000Z'))).toBe('1 resellers alerted to a low balance');
      const { rows: queued } = await db.pool.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE idempotency_key LIKE 'low-balance:B2B-013:%'`);
      expect(queued).toEqual([{ n: 1 }]);
    } finally {
      await db.pool.query(`DROP TRIGGER refuse_alert ON outbox_messages; DROP FUNCTION refuse_alert(); DROP TABLE refuse_alert`);
    }
  });

  if (target === 'postgres') {
    test('two processes at the same moment: one runs each period, the other finds it taken or done', async () => {
      const other = connect(db.url, 5);
      try {
        const when = () => new Date('2027-02-01T00:10:00.000Z');
        const schedulers = [
          new Scheduler(db.pool, scheduledJobs(db, loadConfig({})), when),
          new Scheduler(other.pool, scheduledJobs({ ...db, pool: other.pool, prisma: other.prisma } as TestDatabase, loadConfig({})), when),
        ];
        const [a, b] = (await Promise.all(schedulers.map((s) => s.start()))) as [JobOutcome[], JobOutcome[]];
        for (const scheduler of schedulers) await scheduler.stop(); // their cron tasks kept jest from exiting
        const ranJanuary = [a, b].map((outcomes) => outcomes.find((o) => o.job === 'statements')!).filter((o) => !o.busy && o.ran.some((r) => r.period === '2027-01'));
        expect(ranJanuary).toHaveLength(1);
        expect((await jobRuns(poolSql(db.pool), 'statements')).map((r) => r.period)).toEqual(['2026-10', '2026-11', '2026-12', '2027-01']);
      } finally {
        await other.prisma.$disconnect();
        await other.pool.end();
      }
    });

    test('a run whose lock connection is cut (a failover, an idle timeout) starts no further period, which another process may now run', async () => {
      const lockHolder = `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
      const ran: string[] = [];
      const job = {
        name: 'cut-lock-test',
        cron: '* * * * *',
        cadence: 'monthly' as const,
        maxBack: 3,
        async run(period: string) {
          ran.push(period);
          if (ran.length === 1) await db.pool.query(`SELECT pg_terminate_backend(pid) FROM (${lockHolder}) l`);
          return `did ${period}`;
        },
      };
      await db.pool.query(`INSERT INTO job_runs (job, period, finished_at, summary) VALUES ('cut-lock-test', '2026-12', now(), 'done')`); // three months due
      const outcome = await runDueJob(db.pool, job, new Date('2027-04-02T00:10:00.000Z'));
      expect(ran).toEqual(['2027-01']);
      expect(outcome).toMatchObject({ busy: false, ran: [{ period: '2027-01' }], failed: { period: '2027-02', error: expect.stringMatching(/lost its lock/) } });
      // The lock went with its connection: the next run (here, or in another process) takes it and goes on from February.
      const again = await runDueJob(db.pool, job, new Date('2027-04-02T00:11:00.000Z'));
      expect(again).toMatchObject({ busy: false, failed: null });
      expect(ran).toEqual(['2027-01', '2027-02', '2027-03']);
    });

    test('two esim-hub start processes on one database: the month before is stated once', async () => {
      const now = new Date();
      const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 12, 10));
      const month = lastMonth.toISOString().slice(0, 7);
      const fresh = await createTestDatabase('postgres', { seed: true });
      try {
        await fund(fresh, 'B2B-007', 'USD', 90_000, 90_000, 'KEB-2211-001', lastMonth.toISOString());
        await fund(fresh, 'B2B-008', 'USD', 40_000, 40_000, 'BDO-2211-002', lastMonth.toISOString());
        const env = { DATABASE_URL: fresh.url, DEMO_MODE: '1', LOG_LEVEL: 'info' };
        const [one, two] = await Promise.all([startBot(env), startBot(env)]);
        try {
          await until(async () => (await fresh.pool.query(`SELECT 1 FROM job_runs WHERE job = 'statements' AND period = $1 AND finished_at IS NOT NULL`, [month])).rowCount === 1, 'the statements run of the month before', 30_000);
          const stated = await fresh.pool.query(`SELECT customer_id FROM statements WHERE to_char(period_start, 'YYYY-MM') = $1 ORDER BY customer_id`, [month]);
          expect(stated.rows.map((r) => r.customer_id)).toEqual(['B2B-007', 'B2B-008']);
          // The log line comes after the run is recorded finished: waited for, not raced.
          await until(() => [one, two].some((bot) => bot.logs().includes(`scheduled statements ${month}:`)), 'the run logged', 10_000);
          const said = [one, two].filter((bot) => bot.logs().includes(`scheduled statements ${month}:`));
          expect(said).toHaveLength(1);
        } finally {
          await Promise.all([one.stop(), two.stop()]);
        }
      } finally {
        await fresh.close();
      }
    }, 120_000);
  }
});
