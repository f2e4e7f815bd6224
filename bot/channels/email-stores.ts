import { z } from 'zod';
import type { EmailStores } from '../../channels/email/adapter';
import type { Database } from '../db/database';
import { deliveryFile } from '../delivery/files';
import { poolSql } from '../db/sql';

const threadMeta = z.object({ subject: z.string(), messageId: z.string(), references: z.array(z.string()) });

/** The database side of the email adapter: IMAP checkpoints, reply threading, eSIM files. */
export function emailStores(db: Database): EmailStores {
  const sql = poolSql(db.pool);
  return {
    checkpoints: {
      async get(mailbox) {
        const [row] = await sql.query<{ uid_validity: string; last_uid: string }>(
          `SELECT uid_validity::text AS uid_validity, last_uid::text AS last_uid FROM email_checkpoints WHERE mailbox = $1`,
          [mailbox],
        );
        return row ? { uidValidity: BigInt(row.uid_validity), lastUid: Number(row.last_uid) } : null;
      },
      async set(mailbox, checkpoint) {
        await sql.query(
          `INSERT INTO email_checkpoints (mailbox, uid_validity, last_uid, updated_at) VALUES ($1, $2, $3, now())
           ON CONFLICT (mailbox) DO UPDATE SET uid_validity = EXCLUDED.uid_validity, last_uid = EXCLUDED.last_uid, updated_at = now()`,
          [mailbox, checkpoint.uidValidity.toString(), checkpoint.lastUid],
        );
      },
    },
    async thread(conversationKey) {
      const [row] = await sql.query<{ thread_meta: unknown }>(
        `SELECT m.thread_meta FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE c.conversation_key = $1 AND m.direction = 'inbound' AND m.sender_verified AND m.thread_meta IS NOT NULL
         ORDER BY m.id DESC LIMIT 1`,
        [conversationKey],
      );
      const parsed = threadMeta.safeParse(row?.thread_meta);
      return parsed.success ? parsed.data : null;
    },
    file: (url) => deliveryFile(db, url),
  };
}
