import nodemailer, { type Transporter } from 'nodemailer';
import { attachmentFiles } from '../attachment-files';
import type { AttachmentSource, OutboundMessage } from '../port';
import type { EmailThread } from './parse';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** Our Message-ID from the outbox key: a retried send carries the same id, so it threads as one mail. */
export function messageIdFor(idempotencyKey: string, fromAddress: string): string {
  const domain = fromAddress.split('@').pop() ?? 'esimhub.invalid';
  return `<${idempotencyKey.replace(/[^A-Za-z0-9._-]/g, '.')}@${domain}>`;
}

/**
 * Replies on the reseller's thread: `Re:` the subject, In-Reply-To and References of the message
 * answered, QR codes as inline images (cid) in the HTML part and as attachments, files attached.
 */
export class SmtpSender {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    private readonly attachments: AttachmentSource,
  ) {
    const parsed = new URL(smtpUrl);
    const local = parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost';
    this.transport = nodemailer.createTransport({
      host: parsed.hostname,
      port: parsed.port ? Number(parsed.port) : parsed.protocol === 'smtps:' ? 465 : 587,
      secure: parsed.protocol === 'smtps:',
      auth: parsed.username ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } : undefined,
      ignoreTLS: local && parsed.protocol === 'smtp:',
    });
  }

  async send(to: string, thread: EmailThread | null, message: OutboundMessage, idempotencyKey: string): Promise<string> {
    const messageId = messageIdFor(idempotencyKey, this.from);
    const subject = thread ? (/^re:/i.test(thread.subject) ? thread.subject : `Re: ${thread.subject}`) : 'eSIM Hub';
    const files = (await attachmentFiles(this.attachments, message.attachments, idempotencyKey)).map((f, i) => ({ ...f, cid: `a${i}.${messageId.slice(1, -1)}` }));
    const images = files.filter((f) => f.attachment.kind === 'image');
    const html =
      `<div style="white-space:pre-wrap;font-family:sans-serif">${escapeHtml(message.text)}</div>` +
      images.map((f) => `<p><img src="cid:${f.cid}" alt="${escapeHtml(f.attachment.caption ?? f.file.filename)}" width="300" height="300"><br>${escapeHtml(f.attachment.caption ?? '')}</p>`).join('');
    await this.transport.sendMail({
      from: this.from,
      to,
      subject,
      messageId,
      inReplyTo: thread?.messageId,
      references: thread ? [...thread.references, thread.messageId] : undefined,
      text: message.text,
      html,
      attachments: files.map((f) => ({
        filename: f.attachment.filename,
        content: f.file.bytes,
        contentType: f.attachment.mimeType,
        cid: f.attachment.kind === 'image' ? f.cid : undefined,
      })),
    });
    return messageId;
  }

  close(): void {
    this.transport.close();
  }
}
