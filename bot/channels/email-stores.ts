import { sql as raw } from 'kysely';
import { z } from 'zod';
import type { EmailStores } from '../../channels/email/adapter';
import type { Database } from '../db/database';
import { deliveryFile } from '../delivery/files';
import { poolSql } from '../db/sql';
import { q, run } from '../store/query-builder';

const threadMeta = z.object({ subject: z.string(), messageId: z.string(), references: z.array(z.string()) });

/** The database side of the email adapter: IMAP checkpoints, reply threading, eSIM files. */
export function emailStores(db: Database): EmailStores {
  const sql = poolSql(db.pool);
  return {
    checkpoints: {
      async get(mailbox) {
        const [row] = await run(sql, q.selectFrom('email_checkpoints').select(['uid_validity', 'last_uid']).where('mailbox', '=', mailbox));
        return row ? { uidValidity: BigInt(row.uid_validity), lastUid: row.last_uid } : null;
      },
      async set(mailbox, checkpoint) {
        await run(
          sql,
          q.insertInto('email_checkpoints')
            // UIDVALIDITY is a 32-bit number (RFC 9051): exact as a JS number.
            .values({ mailbox, uid_validity: Number(checkpoint.uidValidity), last_uid: checkpoint.lastUid, updated_at: raw<Date>`now()` })
            .onConflict((oc) => oc.column('mailbox').doUpdateSet((eb) => ({ uid_validity: eb.ref('excluded.uid_validity'), last_uid: eb.ref('excluded.last_uid'), updated_at: raw<Date>`now()` }))),
        );
      },
    },
    async thread(conversationKey, replyKey) {
      // A reseller who sends several mails close together (one order each, each its own subject)
      // gets each answer on its own thread: a reply is written while its mail is read (processed in
      // the same transaction, at the same now()), before the next mail of the conversation is.
      // The reseller's newest mail at send time put answers on the next mail's thread.
      // The parts of a reply over the channel's length go under `<key>#<n>` (bot/outbox/dispatcher.ts): the reply's own row.
      const outboxKey = replyKey.replace(/#\d+$/, '');
      const writtenAt = raw<Date | null>`(SELECT created_at FROM outbox_messages WHERE idempotency_key = ${outboxKey})`;
      const [row] = await run(
        sql,
        q.selectFrom('messages as m')
          .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
          .select('m.thread_meta')
          .where('c.conversation_key', '=', conversationKey)
          .where('m.direction', '=', 'inbound')
          .where('m.sender_verified', '=', true)
          .where('m.thread_meta', 'is not', null)
          // Not a reply of the outbox (an email sent in another channel's place): the newest mail.
          .where((eb) => eb.or([eb(writtenAt, 'is', null), eb('m.processed_at', '<=', writtenAt)]))
          .orderBy('m.id', 'desc')
          .limit(1),
      );
      const parsed = threadMeta.safeParse(row?.thread_meta);
      return parsed.success ? parsed.data : null;
    },
    file: (url) => deliveryFile(db, url),
  };
}
