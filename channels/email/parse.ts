import type { ParsedMail } from 'mailparser';
import { conversationKey, type InboundMessage } from '../port';
import { purchaseOrderSection, readPurchaseOrder } from '../purchase-order';
import { INBOUND_LIMITS } from '../../domain/intake/limits';
import { stripQuotedReplies } from '../../domain/parsing/quoted-replies';
import { verifySender, type AuthenticationVerdict } from './sender-authentication';

// A mail as mailparser reads it from its RFC 822 source -> InboundMessage, without I/O. The bot's
// own DKIM/DMARC check (DNS) is made by the inbox reader when `needsOwnCheck` says so, and its
// result handed in.

export interface EmailThread {
  subject: string;
  messageId: string;
  references: string[];
}

export interface EmailContext {
  /** Our own address: a mail from it is our own (marked `fromSelf`), never a reseller's. */
  ownAddress: string;
  /** The receiving server whose Authentication-Results header is trusted (EMAIL_AUTHSERV_ID). */
  authservId?: string;
  /** Where the mail sits in the mailbox: the Message-ID of a mail without one. */
  uidValidity: bigint | number;
  uid: number;
  receivedAt: Date;
  /** The bot's own DKIM/DMARC check of the source, when `needsOwnCheck` asked for it. */
  ownCheck?: { pass: boolean; reason: string } | null;
}

function fromAddress(mail: ParsedMail): string | undefined {
  return mail.from?.value[0]?.address?.trim().toLowerCase() || undefined;
}

/** Not for the bot: auto-replies, bounces and mailing lists (no mail loops). */
function isAutomated(mail: ParsedMail): boolean {
  const header = (name: string) => String(mail.headers.get(name) ?? '').toLowerCase();
  const from = fromAddress(mail) ?? '';
  return (
    (header('auto-submitted') !== '' && header('auto-submitted') !== 'no') ||
    ['bulk', 'junk', 'list', 'auto_reply'].includes(header('precedence')) ||
    /^(mailer-daemon|postmaster)@/.test(from)
  );
}

function statedVerdict(mail: ParsedMail, from: string, authservId: string | undefined): AuthenticationVerdict {
  const authentication = mail.headerLines
    .filter((h) => h.key === 'authentication-results')
    .map((h) => h.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, ' '));
  return verifySender(authentication, from, authservId);
}

/** A reseller's mail that no trusted header decided: the bot checks DKIM and DMARC itself. */
export function needsOwnCheck(mail: ParsedMail, context: Pick<EmailContext, 'ownAddress' | 'authservId'>): boolean {
  const from = fromAddress(mail);
  if (!from || from === context.ownAddress.toLowerCase() || isAutomated(mail)) return false;
  const stated = statedVerdict(mail, from, context.authservId);
  return !stated.verified && !stated.final;
}

export async function parseEmail(mail: ParsedMail, context: EmailContext): Promise<InboundMessage | null> {
  const from = fromAddress(mail);
  if (!from || isAutomated(mail)) return null;
  const fromSelf = from === context.ownAddress.toLowerCase();
  // Trusted when our receiving server says DMARC (or aligned DKIM/SPF) passed, or the bot's own check passes.
  const stated = statedVerdict(mail, from, context.authservId);
  const own = context.ownCheck;
  const verdict = stated.verified || stated.final || !own ? stated : { verified: own.pass, reason: `${stated.reason}; ${own.reason}` };
  const body = stripQuotedReplies(mail.text ?? '');
  // Limits before work: the first few attachments, each of a bounded size, are looked at.
  const attachments = mail.attachments.slice(0, INBOUND_LIMITS.attachments).filter((a) => a.content.length <= INBOUND_LIMITS.attachmentBytes);
  const sections: string[] = [];
  if (!fromSelf) {
    for (const a of attachments) {
      const po = await readPurchaseOrder({ filename: a.filename ?? '', mimeType: a.contentType, bytes: a.content });
      const section = purchaseOrderSection(a.filename ?? '', po);
      if (section) sections.push(section);
    }
  }
  const subject = (mail.subject ?? '').trim().replace(/\s+/g, ' ');
  // The subject is a heading ("PO-2026-1187 Japan eSIMs"): the parser reads it for the PO number and
  // for lines only when the body and the attachments hold none. A reply's "Re: ..." is not read.
  const subjectLine = !subject || /^(re|aw|回复|答复|res?)\s*:/i.test(subject) ? '' : `Subject: ${subject}\n`;
  const text = [`${subjectLine}${subjectLine ? '\n' : ''}${body}`.trim(), ...sections].filter(Boolean).join('\n\n');
  const messageId = mail.messageId ?? `<uid-${context.uidValidity}-${context.uid}@imap>`;
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
    receivedAt: context.receivedAt,
    inReplyTo: mail.inReplyTo,
    ...(fromSelf ? { fromSelf: true } : {}),
    thread: { ...thread, authentication: verdict.reason },
  };
}
