import { isDatabaseUnavailable } from '../../bot/db/database-unavailable';

// The errors are the shapes node-postgres, pg-pool and Prisma's pg adapter raise (seen in an
// attacker's run: PostgreSQL restarted, connection slots exhausted).
describe('a database that cannot be reached now, told from a bug', () => {
  test.each([
    ['no connection slot (SQLSTATE 53300)', Object.assign(new Error('sorry, too many clients already'), { code: '53300' })],
    ['slots reserved for superusers', Object.assign(new Error('remaining connection slots are reserved for non-replication superuser connections'), { code: '53300' })],
    ['admin shutdown (57P01)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['starting up (57P03)', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['refused socket', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['connection dropped mid-query', new Error('Connection terminated unexpectedly')],
    ['pool wait timed out', new Error('timeout exceeded when trying to connect')],
    ['Prisma adapter, wrapped', new Error('Invalid `prisma.product.findMany()` invocation', { cause: { kind: 'TooManyConnections', cause: 'Too many database connections opened' } })],
    ['Prisma, by message', new Error('Too many database connections opened: remaining connection slots are reserved for non-replication superuser connections')],
  ])('%s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  test.each([
    ['a constraint violation', Object.assign(new Error('duplicate key value violates unique constraint "orders_reference_key"'), { code: '23505' })],
    ['a permission problem', Object.assign(new Error('permission denied for table catalogue_version'), { code: '42501' })],
    ['a deadlock (retried where it happens)', Object.assign(new Error('deadlock detected'), { code: '40P01' })],
    ['out of memory, brought on by a query (53200)', Object.assign(new Error('out of memory'), { code: '53200' })],
    ['temp_file_limit (53400)', Object.assign(new Error('temporary file size exceeds temp_file_limit (1024kB)'), { code: '53400' })],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'now')")],
    ['nothing', undefined],
  ])('%s is not', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
