// Keeps what the reseller wrote in this message and drops the earlier conversation it quotes:
// lines starting with ">", and everything from a reply header down ("On ... wrote:",
// "-----Original Message-----", Outlook's "From: ... / Sent: ...", and the same in Chinese,
// Spanish and Portuguese), and a signature after "-- ".

const REPLY_HEADERS = [
  /^On .{4,200} wrote:\s*$/i,
  /^-{2,}\s*(Original Message|Forwarded message|原始邮件|原始郵件|Mensaje original|Mensagem original)\s*-{2,}\s*$/i,
  /^-{5,}\s*$/,
  /^在.{2,200}写道[：:]\s*$/,
  /^於.{2,200}寫道[：:]\s*$/,
  /^El .{4,200} escribió:\s*$/i,
  /^Em .{4,200} escreveu:\s*$/i,
  /^(发件人|寄件者)[：:]/,
  /^From:\s.*@/i,
];
const OUTLOOK_FROM = /^(From|De):\s/i;
const OUTLOOK_NEXT = /^(Sent|Date|发送时间|Enviado|Fecha|Data):/i;

export function stripQuotedReplies(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const trimmed = lines[i]!.trim();
    // "On Wed, 25 Nov 2026 at 10:00, Someone <x@y> wrote:" is often wrapped over two lines.
    const wrappedOn = /^On\s/i.test(trimmed) && /wrote:\s*$/i.test(`${trimmed} ${lines[i + 1]?.trim() ?? ''}`);
    const outlook = OUTLOOK_FROM.test(trimmed) && OUTLOOK_NEXT.test(lines[i + 1]?.trim() ?? '');
    if (wrappedOn || outlook || REPLY_HEADERS.some((re) => re.test(trimmed))) break;
    if (trimmed === '--' || trimmed === '-- ') break; // signature separator
    if (trimmed.startsWith('>')) continue;
    kept.push(lines[i]!);
  }
  return kept.join('\n').trim();
}
