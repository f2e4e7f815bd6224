import { sql as raw } from 'kysely';
import type { Say } from '../../domain/conversation/machine';
import { applicationFields } from '../../domain/onboarding/application-fields';
import type { Sql } from '../db/sql';
import type { ConversationRef } from '../pipeline/reply';
import { q, run } from '../store/query-builder';

/**
 * An unknown contact writes: the first message opens an application and asks for the company's
 * details, the next one completes it for staff to decide. Returns what to say (nothing once it
 * is submitted: staff answer).
 */
export async function recordOnboarding(sql: Sql, conversation: Pick<ConversationRef, 'id' | 'channel'>, sender: string, text: string, files: readonly string[] = []): Promise<Say | null> {
  const [application] = await run(
    sql,
    q.selectFrom('onboarding_applications').select(['id', 'status']).where('conversation_id', '=', conversation.id).orderBy('id', 'desc').limit(1),
  );
  if (!application) {
    const [created] = await run(sql, q.insertInto('onboarding_applications').values({ conversation_id: conversation.id, channel: conversation.channel, address: sender, details: text, updated_at: raw<Date>`now()` }).returning('id'));
    await keepFields(sql, created!.id, text, files);
    return { key: 'onboarding_ask' };
  }
  if (application.status === 'collecting') {
    const [updated] = await run(
      sql,
      q.updateTable('onboarding_applications')
        .set({ details: raw<string>`trim(coalesce(details, '') || E'\\n' || ${text})`, status: 'submitted', updated_at: raw<Date>`now()` })
        .where('id', '=', application.id)
        .returning('details'),
    );
    await keepFields(sql, application.id, updated?.details ?? text, files);
    return { key: 'onboarding_thanks' };
  }
  return null;
}

/** The answers as fields (domain/onboarding/application-fields): what the applicant wrote so far, and a file it sent as its registration document. */
async function keepFields(sql: Sql, applicationId: number, details: string, files: readonly string[]): Promise<void> {
  const f = applicationFields(details);
  const document = f.registrationDocument ?? (files[0] ? `file ${files[0]}` : undefined);
  if (Object.keys(f).length === 0 && !document) return;
  await run(
    sql,
    q.updateTable('onboarding_applications')
      .set({
        ...(f.companyName ? { company_name: f.companyName } : {}),
        ...(f.legalEntity ? { legal_entity: f.legalEntity } : {}),
        ...(document ? { registration_document: document } : {}),
        ...(f.country ? { country: f.country } : {}),
        ...(f.salesChannels ? { sales_channels: f.salesChannels } : {}),
        ...(f.estMonthlyVolume !== undefined ? { est_monthly_volume: f.estMonthlyVolume } : {}),
        ...(f.primaryContact ? { primary_contact: f.primaryContact } : {}),
      })
      .where('id', '=', applicationId),
  );
}
