import { createHash } from 'node:crypto';
import type { InboundAttachment } from '../../channels/port';
import { INBOUND_LIMITS } from '../../domain/intake/limits';
import type { Sql } from '../db/sql';
import { q, run } from '../store/query-builder';

// The registration document an applicant sends (a PDF, a photo of a licence) is kept with its bytes,
// so the staff member who approves the application opens the file itself, not just its name. Only
// for senders who are not a reseller yet: a reseller's files are purchase orders, read by the
// adapter. The adapters hand over a fetch() that lives only while the message is received, so the
// bytes are read here, right after the message is stored. With the job queue its processing may
// already have begun: nothing there reads the files, which staff see when they open the
// application (bot/staff/approvals.ts). A process that dies between the two loses the file, not the message.

/** Files kept per message and per applicant conversation: a registration document is one or two. */
export const APPLICANT_FILES_PER_MESSAGE = 3;
export const APPLICANT_FILES_PER_CONVERSATION = 20;

export interface ApplicantFileInfo {
  id: number;
  filename: string;
  mimeType: string;
  sizeBytes: number;
}

/** Keeps the attachments of an applicant's message; returns how many were kept (0 for a reseller's conversation). */
export async function keepApplicantFiles(sql: Sql, conversationId: number, messageId: bigint, attachments: readonly InboundAttachment[]): Promise<number> {
  if (attachments.length === 0) return 0;
  const [conversation] = await run(sql, q.selectFrom('conversations').select('customer_id').where('id', '=', conversationId));
  if (!conversation || conversation.customer_id !== null) return 0;
  const [{ n } = { n: 0 }] = await run(sql, q.selectFrom('applicant_files').select((eb) => eb.fn.countAll<number>().as('n')).where('conversation_id', '=', conversationId));
  const room = Math.min(APPLICANT_FILES_PER_MESSAGE, APPLICANT_FILES_PER_CONVERSATION - Number(n));
  let kept = 0;
  for (const [position, attachment] of attachments.slice(0, Math.max(0, room)).entries()) {
    const bytes = await attachment.fetch();
    if (bytes.length === 0 || bytes.length > INBOUND_LIMITS.attachmentBytes) continue;
    const inserted = await run(
      sql,
      q.insertInto('applicant_files')
        .values({
          conversation_id: conversationId,
          message_id: Number(messageId),
          position,
          filename: attachment.filename.slice(0, 255) || `file-${position + 1}`,
          mime_type: attachment.mimeType.slice(0, 100) || 'application/octet-stream',
          size_bytes: bytes.length,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          bytes,
        })
        .onConflict((oc) => oc.columns(['message_id', 'position']).doNothing())
        .returning('id'),
    );
    kept += inserted.length;
  }
  return kept;
}

export async function applicantFilesOf(sql: Sql, conversationIds: readonly number[]): Promise<Map<number, ApplicantFileInfo[]>> {
  const files = new Map<number, ApplicantFileInfo[]>();
  if (conversationIds.length === 0) return files;
  const rows = await run(sql, q.selectFrom('applicant_files').select(['id', 'conversation_id', 'filename', 'mime_type', 'size_bytes']).where('conversation_id', 'in', [...conversationIds]).orderBy('id'));
  for (const r of rows) files.set(r.conversation_id, [...(files.get(r.conversation_id) ?? []), { id: r.id, filename: r.filename, mimeType: r.mime_type, sizeBytes: r.size_bytes }]);
  return files;
}

/** One file of an application (null when it is not that application's). */
export async function applicantFile(sql: Sql, applicationId: number, fileId: number): Promise<{ filename: string; mimeType: string; bytes: Buffer } | null> {
  const [row] = await run(
    sql,
    q.selectFrom('applicant_files as f')
      .innerJoin('onboarding_applications as a', 'a.conversation_id', 'f.conversation_id')
      .select(['f.filename', 'f.mime_type', 'f.bytes'])
      .where('a.id', '=', applicationId)
      .where('f.id', '=', fileId),
  );
  return row ? { filename: row.filename, mimeType: row.mime_type, bytes: Buffer.from(row.bytes) } : null;
}
