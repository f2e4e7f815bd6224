import { stripQuotedReplies } from './quoted-replies';
import type { CatalogueIndex } from './catalogue-index';
import { detectLanguage } from './detect-language';
import { extractLines, type ExtractResult, type ParsedLine } from './extract-lines';
import { messageParts, unquoted, withoutAddresses, withoutListMarkers, withoutSignature, type MessageParts } from './message-text';
import { poReferenceOf } from './po-reference';
import { COMPLAINT_PHRASES } from './complaint-phrases';
import { ISSUE_ASKED, negationsOf, troubleTextOf } from './not-complaints';
import { PERSON_ASKED, personAskedIn, ROLES_NAMED } from './person-asked';
import { PROBLEM_OVER, SUPPORT_QUESTION, speaksOfDeliveredProblem } from './support-questions';
import { MONEY_BACK, SUPPORT_SITUATION } from './support-situations';
import { asksBareProduct, asksDiscount, asksHowManyForMoney, asksIfSold, asksPriceStill, asksWhetherSold, PRICE_ENQUIRY } from './asking-forms';
import { talksMoney, withoutStatedPrices } from './stated-prices';
import { readTextTables } from './text-tables';
import { normaliseNumbers } from './numbers';
import { hasAny, wordsPattern } from './text-matching';
import { WORDS, type Language } from './vocabulary';
import { INBOUND_LIMITS } from '../intake/limits';
import { unknownWords } from './unknown-words';
import { BALANCE_ASKED, INVOICE_ASKED, STATEMENT_ASKED } from './account-asks';
import { GO_AHEAD, QUOTE_TAKEN, saysShortNo, saysShortYes } from './short-answers';

export const INTENTS = ['order', 'quote', 'status', 'balance', 'statement', 'invoice', 'commission', 'confirm', 'cancel', 'resend', 'other'] as const;
export type Intent = (typeof INTENTS)[number];

export interface ParseResult {
  intent: Intent;
  lines: ParsedLine[];
  /** The message's own best guess at its language (null: no marker at all). */
  language: Language | null;
  /** True when the message alone settles its language (see chooseLanguage). */
  languageClear: boolean;
  orderRefs: string[];
  quoteRefs: string[];
  /** The reseller's own purchase-order number for this order ("PO-2026-1187"), kept on the quote and the order. */
  poReference: string | null;
  flags: { wantsHuman: boolean; complaint: boolean; instructionLike: boolean };
  /** low: the rules are not sure (an unresolved product, a missing or guessed quantity). */
  confidence: 'high' | 'low';
  /**
   * True when the lines are read surely and the one doubt is whether the message asks a price or
   * places the order (it talks money): the bot quotes either way, so it need not read the lines back.
   */
  onlyOrderOrQuoteDoubt?: boolean;
  source: 'rules' | 'rules+llm';
}

export { stripQuotedReplies };

export const MESSAGE_LENGTH_MAX = 20_000;

const P = {
  price: wordsPattern(WORDS.price, 'giu', true),
  confirm: wordsPattern(WORDS.confirm),
  cancel: wordsPattern(WORDS.cancel),
  status: wordsPattern(WORDS.status),
  balance: wordsPattern(WORDS.balance),
  commission: wordsPattern(WORDS.commission),
  statement: wordsPattern(WORDS.statement),
  invoice: wordsPattern(WORDS.invoice),
  human: wordsPattern(WORDS.human),
  complaint: wordsPattern(WORDS.complaint),
  injection: wordsPattern(WORDS.injection),
  bought: wordsPattern(WORDS.bought),
  wrong: wordsPattern(WORDS.wrong),
};

/** A complaint named by a word ("refund") or a phrase ("no lo puede escanear", "charged us twice"). */
function namesComplaint(text: string): boolean {
  const said = text.replace(ISSUE_ASKED, ' ');
  return hasAny(said, P.complaint) || COMPLAINT_PHRASES.test(said) || MONEY_BACK.test(said);
}

function refs(text: string, pattern: RegExp): string[] {
  return [...new Set([...text.matchAll(pattern)].map((m) => m[0].toUpperCase().replace(/\s+/g, '')))];
}

/** What stands for the reading of a message over the limits: nothing read but its language. */
export function unreadMessage(sample: string): ParseResult {
  const detected = detectLanguage(sample);
  return {
    intent: 'other',
    lines: [],
    language: detected.language,
    languageClear: detected.clear,
    orderRefs: [],
    quoteRefs: [],
    poReference: null,
    flags: { wantsHuman: false, complaint: false, instructionLike: false },
    confidence: 'high',
    source: 'rules',
  };
}

/**
 * The order lines: a readable attachment's when there is one, else the body's; the subject only
 * when neither holds a line ("Subject: Japan 10GB x 50" with an empty body); and an order forwarded
 * (under a "Forwarded message" line, or quoted with ">") only when the message says it forwards one
 * and its own body holds no complete line.
 */
function orderLines(index: CatalogueIndex, full: string, parts: MessageParts, body: string): ExtractResult {
  const fromBody = extractLines(index, body);
  if (parts.attachment) {
    // A file's rows as the channel writes them ("<product> x <quantity>"), or as CSV text.
    const attached = extractLines(index, readTextTables(parts.attachment));
    if (attached.lines.length > 0) {
      // "...the attached purchase order, and also Japan 1GB 7 days x 20": a complete line of the body
      // adds to the order; one the attachment already holds, or a vague one, does not.
      const skus = new Set(attached.lines.map((l) => l.sku));
      const more = fromBody.lines.filter((l) => l.sku !== null && l.quantity !== null && !skus.has(l.sku));
      return { lines: [...attached.lines, ...more], uncertain: attached.uncertain };
    }
  }
  // "Subject: Tailandia 5GB x 20 / para el grupo que llega a Bangkok": the place the subject names comes before a city of the body.
  if (fromBody.placesFromCities && parts.subject) {
    const withSubject = extractLines(index, `${parts.subject}\n${body}`);
    if (withSubject.lines.length > 0 && !withSubject.placesFromCities) return withSubject;
  }
  // "forwarding the order from my manager below": a body with no complete line of its own leaves the
  // forwarded order to be read.
  if (fromBody.lines.some((l) => l.sku !== null && l.quantity !== null)) return fromBody;
  const forwarded = forwardedLines(index, full);
  if (forwarded !== null) return forwarded;
  if (fromBody.lines.length > 0) return fromBody;
  if (parts.subject) {
    const withSubject = extractLines(index, `${parts.subject}\n${body}`);
    if (withSubject.lines.length > 0) return withSubject;
  }
  return fromBody;
}

// Messages that are surely nothing to act on: a greeting, thanks, an acknowledgement.
const SMALL_TALK = /^(?:hi|hello|hey|hiya|good\s*(?:morning|afternoon|evening)|thanks?(?:\s*you)?(?:\s*(?:so\s*much|a\s*lot|very\s*much))?|thx|ty|cheers|noted|got\s*it|hola|buenas|buenos\s*d[ií]as|buenas\s*tardes|gracias|muchas\s*gracias|ol[aá]|oi|bom\s*dia|boa\s*tarde|boa\s*noite|obrigad[oa]|valeu|你好|您好|谢谢|謝謝|多谢|多謝|收到|早上好|下午好)$/iu;

/**
 * The intent of a message without order lines is sure only when the message says nothing else: a
 * short yes or no, or small talk. A longer "ok, but ..." or a message the rules found nothing in
 * goes to the LLM (or, without one, gets an answer that commits to nothing).
 */
function unsureIntent(intent: Intent, text: string, refCount: number): boolean {
  const words = text.trim().split(/\s+/).filter(Boolean).length + (text.match(/\p{Script=Han}/gu)?.length ?? 0) / 2;
  if (intent === 'confirm' || intent === 'cancel') return refCount === 0 && words > 6;
  if (intent === 'other') return !SMALL_TALK.test(text.trim().replace(/[\s\p{P}\p{Emoji_Presentation}]+$/u, '').replace(/^[\s\p{P}]+/u, '')) && words > 0;
  return false;
}

// "ok, I'll check with the client", "vale, lo consulto", "vou ver com o cliente", "好的，我问下客人", "will let you
// know", "dale, después te confirmo", "amanhã confirmo": a yes to wait, not to the quote.
const DEFER = /(?<![\p{L}])(?:(?:i'?ll|i\s+will|we'?ll|we\s+will|let\s+me|let\s+us|will)\s+(?:check|ask|confirm\s+later|get\s+back|let\s+you\s+know|think|see|revert|come\s+back|talk\s+to|discuss)|get\s+back\s+to\s+you|(?:lo|la|los|las)\s+consulto|(?:te|le|les)\s+(?:aviso|confirmo\s+(?:luego|despu[eé]s|m[aá]s\s+tarde|ma[ñn]ana))|(?:luego|despu[eé]s|m[aá]s\s+tarde|ma[ñn]ana)\s+(?:te|le|les|os)\s+(?:confirmo|aviso|digo|escribo|contesto)|confirm\s+(?:later|tomorrow|tmrw)|(?:amanh[ãa]|mais\s+tarde)\s+(?:te\s+|lhe\s+)?(?:confirmo|aviso|falo)|lo\s+(?:pienso|veo|reviso|hablo)|vou\s+(?:ver|verificar|checar|confirmar\s+com|falar\s+com|perguntar|pensar)|(?:te|lhe)\s+(?:aviso|falo|retorno)|depois\s+(?:te\s+)?(?:falo|aviso|confirmo))(?![\p{L}])|(?:跟|和|同|与|與)(?:客户|客戶|客人|老板|老闆|领导|領導)(?:再)?(?:确认|確認|商量|核实|核實)|稍等|我问下|我問下|问一下客人|問一下客人|我问问|我問問|考虑一下|考慮一下|再说|再說|回头|回頭|稍后确认|稍後確認|晚点确认|晚點確認/iu;
// "yes, received", "sim, recebi", "sí, ya vi": a receipt acknowledged, not a quote accepted.
const RECEIVED = /(?<![\p{L}])(?:received|got\s+(?:it|them|the)|recib[ií]\p{L}*|ya\s+(?:vi|lleg[oó]|llegaron|las\s+tengo|los\s+tengo)|receb[ei]\p{L}*|j[áa]\s+(?:vi|chegou|chegaram))(?![\p{L}])|收到了|已收到/iu;
// "no cancelen", "não cancela", "don't cancel", "不要取消", "keep it": the order stays.
const KEEP = /(?<![\p{L}])(?:(?:don'?t|do\s+not|no|n[ãa]o|never)\s+(?:\p{L}+\s+)?cancel\p{L}*|keep\s+(?:it|them|the\s+order)|mant[eé]n(?:lo|la|los|las|ga)?|mantenha|mant[eé]m)(?![\p{L}])|(?:不要|别|別|不用|无需|無需)取消|保留/iu;
// "the trip was called off", "el viaje se canceló, no vamos a necesitar las eSIM", "o cliente desistiu", "客人不去了": nothing wanted
// any more, said without a cancel word.
const CALLED_OFF =
  /(?<![\p{L}])(?:(?:no\s+vamos\s+a\s+necesitar(?:l[oa]s)?|n[ãa]o\s+vamos\s+(?:mais\s+)?precisar)(?=\s*(?:[.,;!]|$|(?:las|los|das|dos|de|el|la|o|a)\s+(?:e-?sims?|chips?|tarjetas|cart[õo]es|pedido))|\s+(?:m[aá]s|mais)\b)|ya\s+no\s+(?:las|los|la|lo)\s+necesit\p{L}*|(?:won'?t|will\s+not)\s+need\s+(?:them|it|the\s+(?:e-?sims?|cards|sims|order))|backed\s+out|pulled\s+out|se\s+ech(?:ó|o|aron)\s+para\s+atr[áa]s|desisti(?:u|ram)|(?:trip|tour|viaje|viagem)\s+(?:was\s+|got\s+|has\s+been\s+|fue\s+|foi\s+|se\s+)?(?:called\s+off|cancel\p{L}*))(?![\p{L}])|不去了|行程取消|取消了行程/iu;
// "stop sending me promos": no cancellation of an order.
const STOP_SENDING = /(?<![\p{L}])stop\s+(?:sending|messaging|texting|spamming|emailing)(?![\p{L}])/iu;
const MAYBE_LATER = /(?<![\p{L}])(?:(?:might|may)\s+need|maybe\s+(?:next|later)|fyi|just\s+letting\s+you\s+know|podr[ií]amos\s+necesitar|quiz[áa]s\s+(?:necesitemos|el\s+mes)|talvez\s+precis\p{L}*|s[óo]\s+pra\s+avisar|solo\s+para\s+avisar)(?![\p{L}])|可能要|可能需要|到时候再说|到時候再說/iu;
const HOW_LONG = /(?<![\p{L}])(?:how\s+long|how\s+soon|em\s+quanto\s+tempo|quanto\s+tempo|quanto\s+(?:demora|leva)|cu[áa]nto\s+(?:tiempo|tarda|tardan|demora)|en\s+cu[áa]nto\s+tiempo)(?![\p{L}])|多久|多长时间|多長時間|什么时候|什麼時候/iu;
// Where an order is, asked in words the status list lacks: "are the QR codes ready?", "when will the Korea esims be ready?",
// "¿ya están listos los QR?", "¿cuándo me mandan los códigos?", "já estão prontos?", "quando vocês mandam os códigos?",
// "二维码好了吗", "什么时候能发码", "where are my esims?", "订单怎么还没发？", "please confirm receipt of our PO", "confirmen la
// recepción", "请确认收到"; "and my order?", "¿y mi pedido?", "e o meu pedido?", "我的订单呢？".
const STATUS_ASKED =
  /(?<![\p{L}])(?:(?:are|is)\s+(?:the|our|my|they|it)\s+(?:\S+\s+){0,3}?(?:ready|done)|where\s+are\s+(?:my|our|the)|confirm\p{L}*\s+(?:the\s+)?receipt|confirm\s+(?:that\s+)?you\s+(?:got|received|have\s+received)|confirm\p{L}*\s+(?:la\s+)?recepci[óo]n|confirm\p{L}*\s+(?:o\s+)?recebimento|when\s+will\s+(?:the|our|my|they|it)\s+(?:\S+\s+){0,3}?(?:be\s+ready|be\s+sent|arrive|go\s+out)|when\s+(?:do|will|can|should)\s+(?:we|i)\s+(?:get|receive)\s+(?:the|our|my|them)|(?:ya\s+)?est[áa]n?\s+list[oa]s|cu[áa]ndo\s+(?:me\s+|nos\s+)?(?:mandan|env[ií]an|llegan|estar[áa]n\s+list[oa]s|salen)|(?:j[áa]\s+)?(?:est[ãa]o|t[ãa]o)\s+pront[oa]s|quando\s+(?:voc[êe]s\s+)?(?:mandam|enviam|chegam|v[ãa]o\s+(?:mandar|enviar)|ficam\s+pront[oa]s)|(?:and|what\s+about|how\s+about)\s+(?:my|our|the)\s+order(?=\s*[?？])|(?:y|qu[ée]\s+pasa\s+con|qu[ée]\s+hay\s+de)\s+(?:mi|nuestro|el)\s+pedido(?=\s*[?？])|e\s+(?:(?:o\s+)?(?:meu|nosso)\s+pedido|o\s+pedido|a\s+(?:minha|nossa)\s+encomenda)(?=\s*[?？]))(?![\p{L}])|(?:我的|我们的|我們的)(?:订单|訂單)呢|(?:二维码|二維碼|码|碼|卡)(?:好了|准备好了|準備好了)(?:吗|嗎|没|沒)|(?:怎么|怎麼|为什么|為什麼)(?:还|還)(?:没|沒)(?:发|發)|(?:请|請|麻烦|麻煩)(?:确认|確認)(?:是否)?收到|(?:什么|什麼)时候(?:能|可以)?(?:发|發)(?:码|碼|卡)|(?:什么|什麼)時候(?:能|可以)?發(?:码|碼|卡)/iu;
function asksStatus(text: string): boolean {
  return hasAny(text, P.status) || STATUS_ASKED.test(text);
}

// The intents a message without lines may name; two of them and it is not sure which is asked.
const LINELESS_INTENTS = ['status', 'balance', 'statement', 'invoice', 'commission'] as const;

// "价格没问题", "no problem", "sin prisa": a negation that says nothing is wrong.
// "never had a problem with you", "no issues with the last batch", "no hace falta factura", "não esqueçam o PO", "don't forget
// the PO": a negation that asks for nothing to be put right.
const NO_PROBLEM =
  /(?<![\p{L}])(?:no\s+(?:problem|problems|worries|rush|hurry|issues|complaints)|not\s+a\s+problem|never\s+(?:had|have\s+had)\s+(?:a\s+|any\s+)?(?:problems?|issues?)|nunca\s+(?:tuvimos|tuve|hemos\s+tenido|tivemos|tive)\s+(?:ning[uú]n\s+|nenhum\s+)?problemas?|sin\s+(?:problemas?|prisa|apuro)|no\s+hay\s+(?:problema|prisa|apuro)|sem\s+(?:problemas?|pressa)|n[ãa]o\s+tem\s+(?:problema|pressa)|no\s+corre\s+prisa|no\s+hace\s+falta|no\s+(?:olviden|olvides|se\s+olviden)|n[ãa]o\s+(?:esque[çc]am|esque[çc]a|precisa|precisam)|don'?t\s+forget|no\s+need)(?![\p{L}])|没问题|沒問題|没事|沒事|不急/giu;


// A sentence with "if" in it: what it asks for is only for a case that may not come.
// "Qualquer dúvida me liga", "cualquier duda me llaman", "any questions, call me", "有问题请联系我", "有问题打我电话": the same,
// said without "if".
const CONDITIONAL =
  /(?<![\p{L}])(?:if|in case|should there be|si hay|si tienen|si algo|en caso de|se houver|se tiver|se algo|caso haja|any\s+questions|cualquier\s+(?:duda|consulta|cosa)|qualquer\s+(?:d[úu]vida|coisa|quest[ãa]o))(?![\p{L}])|的话|如果|如有|有(?:任何)?(?:问题|問題|疑问|疑問)(?:请|請|可以|随时|隨時|就|再)?(?:(?:联系|聯繫|联络|聯絡|找)我|打(?:我|给我|給我)的?(?:电话|電話|手机|手機)?)/iu;

// "if you can", "si puedes", "se puder", "方便的话", "可以的话": a courtesy, not a case that may not come.
const COURTESY_IF =
  /(?<![\p{L}])(?:if\s+(?:you\s+)?(?:can(?!['’]?t(?![\p{L}])|not)|could(?!n['’]?t)|possible|convenient|you\s+don'?t\s+mind|you\s+have\s+(?:a\s+)?(?:minute|moment|sec|second|time))|si\s+(?:puedes|puede|pueden|es\s+posible|no\s+es\s+molestia|tienes\s+un\s+(?:momento|minuto))|se\s+(?:puder|puderem|poss[íi]vel|der|n[ãa]o\s+for\s+inc[ôo]modo))(?![\p{L}])|方便的话|方便的話|如果方便|可以的话|可以的話|有空的话|有空的話|如果可以/giu;

/** The text without its conditional sentences (split first: one pass, whatever the length). */
function withoutConditionalSentences(text: string): string {
  return text
    .split(/(?<=[.!?\n。！？])/u)
    .map((sentence) => (CONDITIONAL.test(sentence.replace(COURTESY_IF, ' ')) ? ' ' : sentence))
    .join('');
}
// A quote already made, named ("your quote Q-000123", "según la cotización", "按报价单 Q-000123",
// "we accept your quote", "confirming the quote", "we received the quote, all good", "收到报价了"): it is the basis of an order, not a request for a price.
const QUOTE_NAMED =
  /(?:quote|quotation|cotización|cotizacion|cotação|cotacao|orçamento|orcamento|presupuesto|报价单|報價單|报价|報價)\s*(?:n[º°or]\.?|no\.?|#)?\s*[:：]?\s*q-?\s?\d|(?<![\p{L}])(?:as\s+per|per|according\s+to|in\s+line\s+with|accept(?:ed|ing)?|confirm(?:ed|ing|s)?|approv(?:e|ed|ing)|received|got|según|segun|conforme(?:\s+(?:con|a|com))?|de\s+acuerdo\s+(?:con|a)|segundo|aceitamos|aceptamos|confirmamos|confirmando|aprobamos|aprovamos|recibimos|recebemos|recebi|recib[ií])\s+(?:(?:your|our|the|la|su|a|o|sua|vuestra|nuestra)\s+)?(?:last\s+|latest\s+|última\s+|ultima\s+)?(?:quote|quotation|cotización|cotizacion|cotação|cotacao|orçamento|orcamento|presupuesto|proposta|propuesta)(?![\p{L}])|按(?:照)?(?:报价单|報價單|报价|報價)|收到(?:了)?(?:你们的|你們的|您的)?(?:报价|報價)/giu;
// "Please quote the PO number on all invoices", "quote our reference": to cite it, no price asked.
const QUOTE_CITED = /(?<![\p{L}])(?:quote\s+(?:the\s+|our\s+|this\s+|that\s+|your\s+)?(?:p\.?o\.?|purchase\s+order|order|reference|ref|invoice)(?:\s+(?:number|no|nr|#|ref|reference))?|quote\s+(?:it|this|that|them|the\s+number)\s+(?:on|in)\s+(?:the\s+|your\s+|all\s+)?(?:invoices?|documents?|paperwork|delivery\s+notes?|receipts?))(?![\p{L}])/giu;
// "深圳易行 物流部" under a message: a department's name, not a question where the goods are.
const DEPARTMENT = /物流部|物流中心|物流组|物流組/gu;

// "请按以下订单发货", "请尽快发货", "请安排发货": a request to ship what the message orders.
// "发货吧", "安排发货": the same, said as a go-ahead.
// "12月5日前发货", "周五之前发货": a date to ship the new order by.
const SHIP_REQUEST = /(?:之前|以前|前)(?:安排)?(?:发货|發貨|发出|發出)|(?:请|請|麻烦|麻煩)(?:按|照|按照)?(?:以下|如下|下面)?(?:的)?(?:订单|訂單|清单|清單)?(?:尽快|儘快)?(?:安排)?(?:尽快|儘快)?(?:发货|發貨|发|發)|(?:安排|直接|马上|馬上)?(?:发货|發貨)(?:吧|啦)|安排(?:发货|發貨)/gu;
const REPLY_SUBJECT = /^(?:re|res|rv|aw|sv|回复|回覆|答复)\s*:/i;
const FORWARD_HEADER = /^-{2,}\s*(?:forwarded message|mensagem encaminhada|mensaje reenviado|mensaje original|转发的邮件|轉寄的郵件)\s*-{2,}\s*$/im;
// The header block of a forwarded e-mail, as mail programs write it under the forward line.
const FORWARDED_HEADER_LINE = /^[ \t]*(?:from|date|sent|to|cc|subject|de|para|fecha|data|enviado|enviada|asunto|assunto|cc|发件人|收件人|日期|时间|時間|主题|主題|寄件者|收件者)[ \t]*[:：]/iu;

/**
 * What a forwarded e-mail forwards: under a "Forwarded message" line, without its From/Date/Subject
 * block (an attachment in it stays); or, quoted with ">", the message read as written. Null when
 * the message forwards nothing.
 */
/** The lines of what the message forwards: its attachment's, else its text's; null when it forwards none. */
function forwardedLines(index: CatalogueIndex, full: string): ExtractResult | null {
  const forwarded = forwardedText(full);
  if (forwarded === null) return null;
  const inner = messageParts(normaliseNumbers(forwarded));
  const fromFile = inner.attachment ? extractLines(index, readTextTables(inner.attachment)) : null;
  if (fromFile && fromFile.lines.length > 0) return fromFile;
  const read = extractLines(index, readTextTables(withoutListMarkers(withoutSignature(inner.body))));
  return read.lines.length > 0 ? read : null;
}

function forwardedText(full: string): string | null {
  if (!FORWARDED.test(full)) return null;
  const header = FORWARD_HEADER.exec(full);
  if (header) {
    const lines = full.slice(header.index + header[0].length).split('\n');
    let i = 0;
    while (i < lines.length && (lines[i]!.trim() === '' || FORWARDED_HEADER_LINE.test(lines[i]!))) i += 1;
    return lines.slice(i).join('\n');
  }
  return /^[ \t]*>/m.test(full) ? unquoted(full) : null;
}
const FORWARDED = /\b(?:fwd?|rv|forward(?:ed|ing)?|reenv(?:ío|io|iado)|encaminh(?:ado|ando|ada)|reencaminh\w*)\b|转发|轉發/i;

// "the invoice for PO-88231 (30 x USA 5GB)", "la factura del pedido de ayer, las 20 de Vietnam": the
// lines name the order an invoice is asked for, not a new one.
const INVOICE_OF_ORDER =
  /(?<![\p{L}])(?:invoices?|factura|facturas|fatura|faturas|nota\s+fiscal)\s+(?:for|of|on|referente\s+(?:ao?|à)|relativa\s+(?:ao?|à)|del|de\s+la|de\s+las|de\s+los|do|da|dos|das|de)\s+(?:(?:the|our|my|that|el|la|las|los|o|a|os|as|nuestro|nuestra|nosso|nossa|meu|minha|mi)\s+)?(?:p\.?o\.?|order|pedido|encomenda|compra|ord-|purchase)(?![\p{L}])/iu;

const REQUOTE = /(?<![\p{L}])(?:redo|re-?quote|revise|revised|update|updated|new\s+quote|rehacer|rehaz|actualiza|actualizar|actualizada|nueva\s+cotizaci[oó]n|refazer|refaz|atualiza|atualizar|atualizada|nova\s+cota[cç][aã]o|novo\s+or[cç]amento)(?![\p{L}])|重新报价|重新報價|重新报|更新报价/iu;

// "resend ORD-000123", "send me the QR codes again", "didn't get the QR", "reenvíame los QR", "mándame de
// nuevo los QR", "manda de novo", "重发", "再发一次": the eSIMs of an order already delivered, again.
// Not "les reenvío el pedido" (I forward): only the asking forms of reenviar. A complaint ("the QR
// won't scan, can you resend?") goes to a person first: the flags are read before this.
const RESEND =
  /(?<![\p{L}])(?:re-?send(?:ing)?|send\s+(?:\S+\s+){0,5}?again|(?:didn'?t|did\s+not|never|haven'?t|have\s+not)\s+(?:get|got|receive[d]?)\s+(?:\S+\s+){0,2}?(?:qr|qrs|esims?|e-sims?|activation)|reenviar|reenví[ae][ns]?|reenvi[ae][ns]?|reenví[ae](?:me|nos)|reenvi[ae](?:me|nos)|reenviem|(?:m[aá]nd|env[ií]|mand|envi)\p{L}*\s+(?:\S+\s+){0,4}?(?:de\s+nuevo|otra\s+vez|de\s+novo|novamente|outra\s+vez)|volver\s+a\s+(?:enviar|mandar)|vuelv[ae]n?\s+a\s+(?:enviar|mandar))(?![\p{L}])|重发|重發|重新发|重新發|再发一[次遍下]|再發一[次遍下]|再发给我|再發給我|再发过来|再發過來|没收到二维码|沒收到二維碼/iu;

// "call me after you send the 25", "me liga depois, mas já separa 30": a call asked for later, beside an
// order, asks for no help now.
// "call me on 0412 778 903 when you can. also Australia 10GB, need 7", "me liga no (21) 99456-3321. e Austrália
// 10GB, 5", "打我电话 139 0101 8899，另外澳洲10GB要6张": a number left to call back, no problem named, beside the order.
const CALL_LATER = /(?<![\p{L}])(?:after\s+(?:you\s+)?(?:send|sent|ship|deliver|process)\p{L}*|later|afterwards|depois|mais\s+tarde|despu[eé]s|luego|m[aá]s\s+tarde|when(?:ever)?\s+you\s+(?:can|get\s+a\s+(?:chance|minute|sec))|cuando\s+(?:puedas|pueda|puedan)|quando\s+(?:puder|puderem|der))(?![\p{L}])|之后|之後|稍后|稍後|晚点|晚點|回头|回頭|有空|方便(?:的时候|的時候|时|時)|另外|(?:\+?\d[\d \t().-]{6,}\d)/iu;
// "É sobre os 40 eSIMs do grupo", "it's about the 20 Japan ones", "es sobre las 15 de Corea", "call me about the 100 Europe 5GB",
// "llámame por lo de las 50 Corea", "关于那20张日本卡": the call is
// about cards had before, not beside a new order.
const ABOUT_EARLIER = /(?<![\p{L}])(?:(?:it'?s|this\s+is|is)\s+about\s+(?:the|our|my)|regarding\s+(?:the|our|my)|about\s+(?:the|our|my)\s+\d|(?:é|es|est[áa])\s+sobre|sobre\s+(?:os|as|los|las)\s+\d|por\s+lo\s+de\s+(?:los|las|el|la|mi|mis|nuestr[oa]s?)|por\s+causa\s+d[oa]s?\s+\d)(?![\p{L}])|关于|關於/iu;
// "Corrigindo o pedido PC-9004: são 18 (e não 15)", "correction to our order", "更正订单": the order as it
// should be, not a complaint about it.
const CORRECTION = /(?<![\p{L}])(?:correcting|correction\s+(?:to|of|on)|corrected|corrigindo|corre[cç][ãa]o\s+(?:d[oa]|ao|no)|corrijo|corrigiendo|correcci[oó]n\s+(?:del?|al)|amend(?:ing|ed|ment)?)(?![\p{L}])|更正|修改一下订单|修改訂單|修改订单/iu;

// "cancel that one, the 12 korea", "cancela las 20 de Japón", "cancela os 15 da Coreia", "取消那12张韩国的": a message that
// opens with the cancellation names the lines it takes back, not new ones; unless it puts others in their place
// ("cancel the Japan 20 and send Korea instead", "改成韩国").
const CANCEL_LEADS = /^[\s\p{P}]*(?:(?:pls|please|plz|por\s+favor|favor|ok|okay|hey|hi|oi|ol[áa]|hola|hello)[\s,!.]+)?(?:cancel|cancela|cancel[áa]|cancelen|cancele|cancelem|cancelar|anula|anul[áa]|anulen|anule)(?![\p{L}])|^[\s\p{P}]*(?:请|請|麻烦|麻煩)?(?:帮我|幫我)?取消/iu;
const REPLACED = /(?<![\p{L}])(?:(?:i|we)\s+(?:need|want)|(?:please\s+|pls\s+)?send|necesito|necesitamos|quiero|queremos|manda|m[aá]ndame|env[ií]a|preciso|precisamos|quero|mande|instead|rather|replace|en\s+su\s+lugar|en\s+vez|en\s+lugar|em\s+vez|no\s+lugar|change\s+(?:it\s+)?to|c[aá]mbi[ae]\p{L}*|troc\p{L}*|and\s+(?:send|add|order)|y\s+(?:manda|mandame|env[ií]a|agrega|a[ñn]ade)|e\s+(?:manda|envia|adiciona))(?![\p{L}])|改成|换成|換成|改为|改為|再要|另外要|但要|(?<![不别別])(?:要|来|來)(?!了|取消)/iu;

/** What the conversation adds to a message's meaning: "ok" accepts a quote only when one is open. */
export interface ParseContext {
  /** undefined: not known (the pipeline decides with the conversation); false: nothing is waiting for a yes. */
  openQuote?: boolean;
}

/** The rules parser: intent, order lines (SKU resolved only when exactly one matches) and flags. */
export function parseMessage(index: CatalogueIndex, input: string, context: ParseContext = {}): ParseResult {
  // Never more than the pipeline lets it read (longer messages are answered "too long" unread): the
  // parser's own work stays bounded by the same limit, whoever calls it.
  // "nº" (número) would read "no" after NFKC: it is written "nr" first.
  const full = input.slice(0, INBOUND_LIMITS.textChars).replace(/(?<![\p{L}])n\.?\s?[º°]/giu, 'nr').normalize('NFKC');
  const parts = messageParts(normaliseNumbers(stripQuotedReplies(full)));
  const body = readTextTables(withoutListMarkers(withoutAddresses(withoutSignature(parts.body))));
  // What the reseller wrote, as read for intent and references: the subject (a heading) and the body.
  const text = parts.subject ? `${parts.subject}\n${body}` : body;
  // A reply's subject ("RE: Cotización Q-000744") repeats ours: the intent is read from the body.
  // "请按以下订单发货" asks to ship a new order: neither a status question nor an order placed before.
  const lower = (parts.subject && REPLY_SUBJECT.test(parts.subject) ? body : text).toLowerCase().replace(SHIP_REQUEST, ' ').replace(DEPARTMENT, ' ');
  // "Call me on 081 234 5678 if any issue": what is asked only for a case that may not come is not asked.
  const plain = withoutConditionalSentences(lower);
  const { lines, uncertain } = orderLines(index, full, parts, body);
  // "Subject: PO-KM-0415 泰国订单 / ...有些老人手机不支持eSIM，所以要一部分实体卡" with the order's lines: the subject's "order" is
  // this new one, not one bought before.
  const boughtText = parts.subject && lines.some((l) => l.quantity !== null) ? withoutConditionalSentences(body.toLowerCase()) : plain;
  const detected = detectLanguage(text);
  // Physical SIMs ordered for phones that take no eSIM: the phones are the reason, not a problem.
  const orderedPhysical = lines.some((l) => l.quantity !== null && l.sku !== null && l.sku.startsWith('SIM-'));
  const troubleText = troubleTextOf(plain, orderedPhysical, NO_PROBLEM);
  const negations = negationsOf(troubleText, detected.language);
  const flags = {
    wantsHuman: personAskedIn(plain.replace(ROLES_NAMED, ' '), P.human) || PERSON_ASKED.test(plain),
    // A complaint names it ("refund", "won't activate"), or speaks of what was bought and went wrong
    // (unless it asks where an order is: that is a status question).
    complaint: namesComplaint(troubleText) || (hasAny(boughtText, P.bought) && hasAny(negations.replace(NO_PROBLEM, ' '), P.wrong) && !asksStatus(plain)),
    instructionLike: hasAny(lower, P.injection),
  };
  // "pls cancel my last order, put the wrong qty": a cancellation, not a complaint.
  if (flags.complaint && !namesComplaint(troubleText) && hasAny(plain, P.cancel)) flags.complaint = false;
  const complaintByInference = flags.complaint && !namesComplaint(troubleText);
  const orderRefs = refs(text, /\bORD-?\s?\d{1,10}\b/gi);
  const quoteRefs = refs(text, /\bQ-?\s?\d{1,10}\b/gi);
  // Support and an order in one message: whichever is read, it is not read surely.
  const ordersNow = lines.some((l) => l.quantity !== null);
  let mixed = false;
  // "the Turkey problem is sorted, now need 25 Turkey 10GB": a problem said to be over; the order stands.
  if (ordersNow && PROBLEM_OVER.test(plain)) {
    if (!flags.wantsHuman) flags.complaint = false;
    mixed = true;
  }
  // An install question (an "if" in it too: "any way to reinstall if he deleted it?"), or eSIMs already
  // delivered that do not work or expired early: a person's, though no complaint word is said; with counts asked for besides, read as the order it also is (not surely).
  const deliveredProblem = speaksOfDeliveredProblem(plain);
  if (!flags.complaint && !flags.wantsHuman && (deliveredProblem || SUPPORT_QUESTION.test(lower) || SUPPORT_SITUATION.test(lower))) {
    if (deliveredProblem || !ordersNow) flags.complaint = true;
    mixed = true;
  }
  if (ordersNow && !flags.complaint && flags.wantsHuman && CALL_LATER.test(plain) && !ABOUT_EARLIER.test(plain)) {
    flags.wantsHuman = false;
    mixed = true;
  }
  if (ordersNow && complaintByInference && CORRECTION.test(plain)) {
    flags.complaint = false;
    mixed = true;
  }
  if ((flags.complaint || flags.wantsHuman) && ordersNow) mixed = true;

  // A price stated ("Precio acordado: 6,75 USD", "@ $9.90", "单价还是5.85") or a past quote named
  // ("上次报价Q-000233") does not ask for one.
  // A quote named is the basis of the order, unless it is to be made again ("redo it for 220").
  const stated = withoutStatedPrices(lower).replace(QUOTE_CITED, ' ');
  const asking = hasAny(stated, REQUOTE) ? stated : stated.replace(QUOTE_NAMED, ' ');
  let intent: Intent;
  // Lines about an order already placed (its ORD- reference, "we bought"): "please cancel ORD-005980
  // (Korea 5GB x 60)" is a cancellation, "any update on ORD-006642? the 25 thailand unl" a status
  // question; and never a sure new order.
  const placed = orderRefs.length > 0 || hasAny(plain, P.bought);
  // Places named with no count to send: perhaps a cancellation, a status question, or nothing ordered yet.
  const noCounts = lines.length > 0 && lines.every((l) => l.quantity === null);
  let askedBeforeBuying = false;
  const cancelWord = hasAny(lower, P.cancel);
  const cancels = cancelWord && !hasAny(lower, P.confirm);
  // The reseller's own PO number: "Please cancel our PO 5512 (Turkey 10GB x 30)" cancels that order.
  const ownReference = poReferenceOf(text);
  if (lines.length > 0 && cancels && (placed || ownReference !== null || (CANCEL_LEADS.test(lower) && !REPLACED.test(lower)))) intent = 'cancel';
  else if (lines.length > 0 && placed && asksStatus(lower)) intent = 'status';
  // "the group cancelled, we don't need the Japan ones anymore", "quita la línea de Corea", "团取消了，日本的卡不要了":
  // places named with no count to send, and a cancellation.
  else if (noCounts && cancels) intent = 'cancel';
  // "we might need Japan 10GB next month", "podríamos necesitar Japón 10GB", "下个月可能要日本10GB，到时候再说", "FYI our
  // customers love the Japan 10GB": a product named, nothing ordered yet ("necesito Japón 5GB, cuántas te confirmo"
  // is an order whose count is to come).
  else if (noCounts && MAYBE_LATER.test(plain)) intent = 'other';
  // "any news on the Korea esims?", "alguma novidade dos chips da Coreia?": where they are, not a new order.
  else if (noCounts && asksStatus(lower) && !hasAny(asking, P.price)) intent = 'status';
  else if (lines.length > 0 && orderRefs.length > 0 && RESEND.test(plain) && !flags.complaint && !flags.wantsHuman) intent = 'resend';
  else if (lines.length > 0 && INVOICE_OF_ORDER.test(plain)) intent = 'invoice';
  else if (lines.length > 0 && !hasAny(asking, P.price) && (asksDiscount(lower) || asksWhetherSold(lower) || (noCounts && asksIfSold(lower)))) {
    // "15% off if we take 300?", "UK and Turkey on one eSIM? 10 pax": asked before buying, not surely.
    intent = 'quote';
    askedBeforeBuying = true;
    // "vietnam 3gb, is it still 2.70 if I pay by Friday?": whether a price still holds, no count said, is a price asked
    // ("40 more this time, still 5.85?" is the order).
  } else if (lines.length > 0) intent = hasAny(asking, P.price) || PRICE_ENQUIRY.test(asking) || asksHowManyForMoney(lower) || (noCounts && (asksPriceStill(lower) || asksBareProduct(lower))) ? 'quote' : 'order';
  else if (flags.instructionLike || flags.wantsHuman || flags.complaint) intent = 'other';
  else if (cancelWord || CALLED_OFF.test(lower)) intent = 'cancel';
  else if (hasAny(lower, P.statement) || STATEMENT_ASKED.test(lower)) intent = 'statement';
  else if (hasAny(lower, P.invoice) || INVOICE_ASKED.test(lower)) intent = 'invoice';
  else if (hasAny(lower, P.commission)) intent = 'commission';
  else if (RESEND.test(plain)) intent = 'resend';
  else if (orderRefs.length > 0 || asksStatus(lower)) intent = 'status';
  else if (hasAny(lower, P.balance) || BALANCE_ASKED.test(lower)) intent = 'balance';
  else if (hasAny(lower, P.confirm) || saysShortYes(lower) || ((GO_AHEAD.test(lower) || QUOTE_TAKEN.test(lower)) && !hasAny(asking, P.price)) || (quoteRefs.length > 0 && /\b(?:accept|ok|go)\b/i.test(lower))) intent = 'confirm';
  else if (saysShortNo(lower)) intent = 'cancel';
  else if (hasAny(asking, P.price) || PRICE_ENQUIRY.test(asking)) intent = 'quote';
  else intent = 'other';
  // A bare "ok" / "no" with nothing open answers nothing: the bot asks what it is about.
  if ((intent === 'confirm' || intent === 'cancel') && context.openQuote === false && quoteRefs.length === 0 && orderRefs.length === 0) intent = 'other';
  // "ok, I'll check with the client", "no cancelen", "stop sending me promos": no yes, no cancellation, and not surely anything.
  let intentDoubt = false;
  if (lines.length === 0 && (intent === 'confirm' || intent === 'cancel') && (DEFER.test(plain) || (intent === 'cancel' && (KEEP.test(plain) || STOP_SENDING.test(plain))))) {
    intent = 'other';
    intentDoubt = true;
  }
  // "ok but what about the price?", "yes, received": a yes with more in it, or to something else.
  if (lines.length === 0 && intent === 'confirm' && (/[?？吗嗎]|(?<![\p{L}])(?:but|pero|mas|por[ée]m|however)(?![\p{L}])|但是|不过|不過|可是/iu.test(plain) || RECEIVED.test(plain))) intentDoubt = true;
  // "¿cuánto tardan en llegar los QR?", "em quanto tempo chegam?", "多久能发货？": how long, not how much, nor surely where.
  if (lines.length === 0 && (intent === 'quote' || intent === 'status') && HOW_LONG.test(plain)) intentDoubt = true;
  // "japan 5gb x 10, is it 13.99?": the order, and a price asked beside it; not surely which.
  if (lines.length > 0 && !noCounts && asksPriceStill(lower)) intentDoubt = true;
  if (lines.length === 0 && LINELESS_INTENTS.filter((k) => hasAny(lower, P[k])).length > 1) intentDoubt = true;
  // "still waiting for the QR codes": where they are, or a complaint that they are late; not sure which.
  if (intent === 'status' && /(?<![\p{L}])(?:still\s+waiting|been\s+waiting|seguimos\s+esperando|estamos\s+esperando|sigo\s+esperando|ainda\s+(?:estamos\s+)?esperando|continuo\s+esperando)(?![\p{L}])|还在等|還在等|等了/iu.test(plain)) intentDoubt = true;

  const unresolved = lines.some((l) => l.sku === null);
  const doubtful =
    uncertain || unresolved || mixed || intentDoubt || askedBeforeBuying || (lines.length > 0 && cancelWord) || flags.instructionLike || complaintByInference || unsureIntent(intent, text, quoteRefs.length + orderRefs.length) || (lines.length > 0 && (placed || intent === 'invoice')) || // perhaps not a new order
    unknownWords(text).length > 0;
  const priceOrOrder = (intent === 'order' || intent === 'quote') && lines.length > 0 && talksMoney(lower);
  return {
    intent,
    lines: intent === 'order' || intent === 'quote' ? lines : [],
    language: detected.language,
    languageClear: detected.clear,
    orderRefs,
    quoteRefs,
    // "PO ref: LNJ/1123" under the sign-off is still the order's number.
    // And the purchase order's own number under its rows ("采购单号NJ-0933").
    poReference: ownReference ?? (parts.attachment ? poReferenceOf(parts.attachmentHeader) : null) ?? (body === parts.body ? null : poReferenceOf(parts.body)) ?? (parts.attachment ? poReferenceOf(parts.attachment) : null),
    flags,
    confidence: doubtful || priceOrOrder ? 'low' : 'high',
    onlyOrderOrQuoteDoubt: priceOrOrder && !doubtful,
    source: 'rules',
  };
}
