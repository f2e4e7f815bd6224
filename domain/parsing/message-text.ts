// The parts of a message as the parser reads them. An email arrives as
//   Subject: <subject>
//   <blank line>
//   <body>
//   [Attachment: <file name>]
//   <one order line per row of a readable purchase order>
// (channels/email/parse.ts writes it so). The subject is a heading: it names the order ("PO-2026-1187
// Japan eSIMs"), it is not an order line whenever the body or an attachment holds lines. A readable
// attachment is the order; the subject and the body only add to it (a PO number, a note). The
// signature under a sign-off ("Regards,", "Saludos,", "谢谢") holds phone numbers and addresses,
// never order lines, and list markers ("1)", "- ", "•") are not quantities.

export interface MessageParts {
  subject: string | null;
  body: string;
  /** Order lines read from attached purchase orders (empty: none was readable). */
  attachment: string;
  /** The attachments' own words above their lines ("PO number: PO-2026-1187"). */
  attachmentHeader: string;
}

// "Subject:" as the e-mail channel writes it; "Asunto:", "Assunto:", "主题：" as a pasted or forwarded e-mail has it.
const SUBJECT = /^(?:subject|asunto|assunto|主题|主題)[ \t]*[:：][ \t]*(.*)\r?\n/i;
const PO_NUMBER_LINE = /^PO number: /;
export const ATTACHMENT_MARKER = /^\[attachment(?::[^\]\n]*)?\]\s*$/im;

export function messageParts(text: string): MessageParts {
  let rest = text;
  let subject: string | null = null;
  const s = SUBJECT.exec(rest);
  if (s) {
    subject = s[1]!.trim();
    rest = rest.slice(s[0].length);
  }
  let attachment = '';
  let attachmentHeader = '';
  const marker = ATTACHMENT_MARKER.exec(rest);
  if (marker) {
    // Each attachment's rows end at the first blank line under them: what follows ("Vietnam qty tbc.", "Gracias,\nMartín
    // Acosta", "Registered in England No. 08812345") is the e-mail's own text, written after the attachment.
    const lines: string[] = [];
    const after: string[] = [];
    let ended = false;
    let rows = 0;
    for (const line of rest.slice(marker.index).split(/\r?\n/)) {
      if (/^\[attachment/i.test(line.trim())) {
        ended = false;
        rows = 0;
        continue;
      }
      if (ended) {
        after.push(line);
        continue;
      }
      if (!line.trim()) {
        if (rows > 0) ended = true;
        continue;
      }
      rows += 1;
      lines.push(line);
    }
    attachmentHeader = lines.filter((l) => PO_NUMBER_LINE.test(l)).join('\n');
    attachment = lines.filter((l) => !PO_NUMBER_LINE.test(l)).join('\n').trim();
    rest = `${rest.slice(0, marker.index)}\n${after.join('\n')}`;
  }
  return { subject, body: rest.trim(), attachment, attachmentHeader };
}

// A short line that closes a message: what follows is the signature.
const SIGN_OFF =
  /^(?:(?:quedo|quedamos)\s+(?:atent[oa]s?|a\s+la\s+espera|pendientes?)[^\n.!]{0,40}|(?:fico|ficamos)\s+no\s+aguardo[^\n.!]{0,40}|aguardo\s+(?:o\s+)?(?:retorno|confirma[çc][ãa]o|resposta)[^\n.!]{0,30}|(?:looking|look)\s+forward\s+to[^\n.!]{0,40}|期待(?:您的)?回复|等(?:您的)?回复|gracias de antemano|gracias por adelantado|obrigad[oa] desde j[áa]|desde j[áa] agrade[çc]o|thanks (?:&|and) regards|thks|tks|tnx|valeu|obg|bjs|besos|un abrazo|abrazo|saludos cordiales|(?:kind |best |warm |many )?regards|best(?: wishes)?|cheers|thanks(?: (?:a lot|again|in advance))?|thank you(?: very much)?|many thanks|sincerely|br|rgds|thx|ta|saludos(?: cordiales)?|un saludo|gracias(?: y un saludo)?|muchas gracias|atentamente|atte\.?|cordialmente|abrazos|atenciosamente|att\.?|abs\.?|abraços|obrigad[oa]s?(?: pela atenção)?|grato|cumprimentos|谢谢|謝謝|多谢|多謝|此致(?:敬礼)?|祝好|顺祝商祺)[\s!.,，。！]*$/i;

/** The body without its signature: everything from a sign-off line down, when something came before it. */
export function withoutSignature(body: string): string {
  const lines = body.split(/\r?\n/);
  for (let i = 1; i < lines.length; i += 1) {
    if (SIGN_OFF.test(lines[i]!.trim())) return lines.slice(0, i).join('\n');
  }
  return body;
}

/** "1) Vietnam 10GB", "2. Korea", "- Europe", "* Japan", "• 泰国": the marker is not a quantity. */
export function withoutListMarkers(text: string): string {
  return text.replace(/^([ \t]*)(?:\(?\d{1,2}[.)](?!\d)|[-*•·‣▪]|[a-z]\))[ \t]+/gim, '$1');
}

/** A forwarded order quoted with ">" read as written, for when nothing else in the message is an order. */
export function unquoted(text: string): string {
  return text.replace(/^[ \t]*(?:>[ \t]?)+/gm, '');
}

// Where physical cards go: "Shipping address:", "Dirección de envío:", "Endereço de entrega:",
// "收货地址：", "请寄到：". Not an e-mail address.
const ADDRESS_LABEL =
  /(?:(?<![\p{L}])(?:(?:shipping|delivery|postal|mailing|courier)\s+address|ship\s+to|deliver\s+to|(?<!mail\s|e-mail\s|email\s)address|direcci[oó]n(?:\s+de\s+(?:env[ií]o|entrega))?|domicilio(?:\s+de\s+entrega)?|endere[cç]o(?:\s+de\s+(?:entrega|envio))?|morada(?:\s+de\s+entrega)?)(?![\p{L}])|收货地址|收貨地址|收件地址|邮寄地址|郵寄地址|地址|寄到|寄至|送到)[^:：\n]{0,40}[:：]/iu;

/**
 * The body without a postal address given for the cards: from its label to the end of the line, and
 * the lines under a label that ends its line, down to a blank line. Its street and house numbers,
 * postcodes and city names are not order lines, and its "No: 45" is no "no".
 */
export function withoutAddresses(body: string): string {
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const m = ADDRESS_LABEL.exec(lines[i]!);
    if (!m) continue;
    const rest = lines[i]!.slice(m.index + m[0].length);
    lines[i] = lines[i]!.slice(0, m.index);
    if (rest.trim()) continue;
    for (let j = i + 1; j < lines.length && j <= i + 6 && lines[j]!.trim(); j += 1) lines[j] = '';
  }
  return lines.join('\n');
}
