import { z } from 'zod';
import { plainText } from '../../channels/text-fields';
import type { Database } from '../db/database';
import { poolSql, transaction } from '../db/sql';
import { recordAudit } from '../store/audit';
import { q, run } from '../store/query-builder';
import { QueueError } from './queue';

// Canned replies (issue 19): short texts per language that staff insert into the reply box and
// edit themselves. The desk's (staff or owner); every change audited as canned_reply.*.

export const CANNED_REPLIES_MAX = 500;

export const cannedReplyInput = z.object({
  language: z.string().trim().toLowerCase().regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/, 'a language code such as en, es or zh'),
  title: plainText('title', 80, { singleLine: true }).pipe(z.string().trim().min(1)),
  body: plainText('body', 4000).pipe(z.string().trim().min(1)),
}).strict();
export type CannedReplyInput = z.infer<typeof cannedReplyInput>;

export async function listCannedReplies(db: Database) {
  const rows = await run(
    poolSql(db.pool),
    q.selectFrom('canned_replies as r').leftJoin('staff_users as s', 's.id', 'r.updated_by_id')
      .select(['r.id', 'r.language', 'r.title', 'r.body', 's.email as updated_by', 'r.updated_at'])
      .orderBy('r.language').orderBy('r.title').limit(CANNED_REPLIES_MAX),
  );
  return rows.map((r) => ({ id: r.id, language: r.language, title: r.title, body: r.body, updatedBy: r.updated_by, updatedAt: new Date(r.updated_at).toISOString() }));
}

const taken = (error: unknown) => (error as { code?: string }).code === '23505';

export async function createCannedReply(db: Database, input: CannedReplyInput, staffId: number): Promise<number> {
  try {
    return await transaction(db.pool, async (sql) => {
      const [{ n }] = (await run(sql, q.selectFrom('canned_replies').select((eb) => eb.fn.countAll<string>().as('n')))) as [{ n: string }];
      if (Number(n) >= CANNED_REPLIES_MAX) throw new QueueError(`there are already ${CANNED_REPLIES_MAX} canned replies: delete one first`);
      const [row] = await run(sql, q.insertInto('canned_replies').values({ ...input, updated_by_id: staffId }).returning('id'));
      await recordAudit(sql, { by: staffId, action: 'canned_reply.create', subject: `canned_reply:${row!.id}`, after: input, at: new Date() });
      return row!.id;
    });
  } catch (error) {
    if (taken(error)) throw new QueueError(`there is already a "${input.title}" reply in ${input.language}`);
    throw error;
  }
}

export async function updateCannedReply(db: Database, id: number, input: CannedReplyInput, staffId: number): Promise<void> {
  try {
    await transaction(db.pool, async (sql) => {
      const [before] = await run(sql, q.selectFrom('canned_replies').select(['language', 'title', 'body']).where('id', '=', id).forUpdate());
      if (!before) throw new QueueError(`canned reply ${id} does not exist`);
      await run(sql, q.updateTable('canned_replies').set({ ...input, updated_by_id: staffId, updated_at: new Date() }).where('id', '=', id));
      await recordAudit(sql, { by: staffId, action: 'canned_reply.update', subject: `canned_reply:${id}`, before, after: input, at: new Date() });
    });
  } catch (error) {
    if (taken(error)) throw new QueueError(`there is already a "${input.title}" reply in ${input.language}`);
    throw error;
  }
}

export async function deleteCannedReply(db: Database, id: number, staffId: number): Promise<void> {
  await transaction(db.pool, async (sql) => {
    const [before] = await run(sql, q.deleteFrom('canned_replies').where('id', '=', id).returning(['language', 'title', 'body']));
    if (!before) throw new QueueError(`canned reply ${id} does not exist`);
    await recordAudit(sql, { by: staffId, action: 'canned_reply.delete', subject: `canned_reply:${id}`, before, at: new Date() });
  });
}
