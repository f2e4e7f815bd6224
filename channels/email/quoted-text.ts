// Keeps what the reseller wrote in this email and drops the earlier conversation it quotes: lines
// starting with ">", and everything from a reply header ("On ... wrote:", "-----Original
// Message-----", Outlook's "From: ... Sent: ...", and the same in Chinese, Spanish and Portuguese).

const REPLY_HEADERS = [
  /^On .{4,200} wrote:\s*$/i,
  /^-{2,}\s*(Original Message|Forwarded message|原始邮件|Mensaje original|Mensagem original)\s*-{2,}\s*$/i,
  /^在.{2,200}写道[：:]\s*$/,
  /^於.{2,200}寫道[：:]\s*$/,
  /^El .{4,200} escribió:\s*$/i,
  /^Em .{4,200} escreveu:\s*$/i,
  /^(From|发件人|De):\s.+$/i,
];

export function stripQuotedReply(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    const trimmed = line.trim();
    // "On Mon, 1 Jan 2026 at 10:00, Someone <x@y> wrote:" is often wrapped over two lines.
    const joined = `${trimmed} ${lines[i + 1]?.trim() ?? ''}`;
    if (REPLY_HEADERS.some((re) => re.test(trimmed)) || (/^On\s/i.test(trimmed) && /wrote:\s*$/i.test(joined))) {
      // Outlook's "From:" only counts as a reply header when a "Sent:"/"Date:" line follows.
      if (/^(From|发件人|De):/i.test(trimmed) && !/^(Sent|Date|发送时间|Enviado|Fecha|Data):/i.test(lines[i + 1]?.trim() ?? '')) {
        kept.push(line);
        continue;
      }
      break;
    }
    if (trimmed === '--' || trimmed === '-- ') break; // signature separator
    if (trimmed.startsWith('>')) continue;
    kept.push(line);
  }
  return kept.join('\n').trim();
}
