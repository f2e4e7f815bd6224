import type pg from 'pg';
import { poolSql } from '../db/sql';

/**
 * Counts an attempt at processing a message, committed before the attempt starts (so a crash or
 * a hang still counts). Returns the attempt's number, or null when the message is already processed.
 */
export async function startAttempt(pool: pg.Pool, messageId: bigint): Promise<number | null> {
  const [row] = await poolSql(pool).query<{ processing_attempts: number }>(
    `UPDATE messages SET processing_attempts = processing_attempts + 1 WHERE id = $1 AND processed_at IS NULL RETURNING processing_attempts`,
    [String(messageId)],
  );
  return row ? row.processing_attempts : null;
}
