import pg from 'pg';

// PostgreSQL's int8 (bigint: money in minor units, sums, counts, message ids) arrives from node-pg
// as a string. Our own queries read it as a number, once, here: every amount we keep is an integer
// well inside 2^53 (a trillion dollars in cents is 10^14), and one that is not is an error, never a
// silently rounded number. Prisma's adapter sets its own parsers per query and is not affected.

const INT8_OID = 20;

export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${text} is outside the safe integer range: it cannot be read as an amount`);
  return n;
}

export const int8AsNumber: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format))) as pg.CustomTypesConfig['getTypeParser'],
};
