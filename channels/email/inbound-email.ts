import type { ParsedMail } from 'mailparser';
import { conversationKey, type InboundMessage } from '../port';
import { purchaseOrderFromFile } from '../purchase-order';
import { INBOUND_LIMITS } from '../../domain/intake/limits';
import { stripQuotedReplies } from '../../domain/parsing/quoted-replies';
import type { DNSResolver } from 'mailauth';
import { dmarcPasses } from './dmarc-check';
import { verifySender } from './sender-authentication';

export interface EmailThread {
  subject: string;
  messageId: string;
  references: string[];
}

/** Not for the bot: auto-replies, bounces, mailing lists and our own address (no mail loops). */
export function isAutomated(mail: ParsedMail, ownAddress: string): boolean {
  const header = (name: string) => String(mail.headers.get(name) ?? '').toLowerCase();
  const from = mail.from?.value[0]?.address?.toLowerCase() ?? '';
  return (
    from === ownAddress.toLowerCase() ||
    (header('auto-submitted') !== '' && header('auto-submitted') !== 'no') ||
    ['bulk', 'junk', 'list', 'auto_reply'].includes(header('precedence')) ||
    /^(mailer-daemon|postmaster)@/.test(from)
  );
}

export async function inboundFromEmail(
  mail: ParsedMail,
  options: { uidValidity: bigint | number; uid: number; authservId?: string; receivedAt: Date; raw: Buffer; resolver?: DNSResolver },
): Promise<InboundMessage | null> {
  const from = mail.from?.value[0]?.address?.trim().toLowerCase();
  if (!from) return null;
  const authentication = mail.headerLines
    .filter((h) => h.key === 'authentication-results')
    .map((h) => h.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, ' '));
  // Trusted when our receiving server says DMARC (or aligned DKIM/SPF) passed, or the bot's own check passes.
  const stated = verifySender(authentication, from, options.authservId);
  const verdict = stated.verified || stated.final ? stated : await dmarcPasses(options.raw, options.resolver).then((own) => ({ verified: own.pass, reason: `${stated.reason}; ${own.reason}` }));
  const body = stripQuotedReplies(mail.text ?? '');
  // Limits before work: the first few attachments, each of a bounded size, are looked at.
  const attachments = mail.attachments.slice(0, INBOUND_LIMITS.attachments).filter((a) => a.content.length <= INBOUND_LIMITS.attachmentBytes);
  const poLines: string[] = [];
  for (const a of attachments) poLines.push(...((await purchaseOrderFromFile({ filename: a.filename ?? '', mimeType: a.contentType, bytes: a.content })) ?? []));
  const subject = (mail.subject ?? '').trim();
  // The subject often carries the order ("Order: Japan 10GB x 50"); a reply's "Re: ..." is not read.
  const subjectLine = /^(re|aw|回复|答复|res?)\s*:/i.test(subject) ? '' : subject;
  const text = [subjectLine, body, ...poLines].filter(Boolean).join('\n');
  const messageId = mail.messageId ?? `<uid-${options.uidValidity}-${options.uid}@imap>`;
  const references = Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [];
  const thread: EmailThread = { subject: subject || '(no subject)', messageId, references };
  return {
    channel: 'email',
    externalId: messageId,
    conversationKey: conversationKey('email', from),
    sender: { address: from, displayName: mail.from?.value[0]?.name || undefined, authenticated: verdict.verified },
    text,
    attachments: attachments.map((a) => ({
      kind: a.contentType.startsWith('image/') ? ('image' as const) : ('file' as const),
      mimeType: a.contentType,
      filename: a.filename ?? 'attachment',
      fetch: async () => a.content,
    })),
    receivedAt: options.receivedAt,
    inReplyTo: mail.inReplyTo,
    thread: { ...thread, authentication: verdict.reason },
  };
}
