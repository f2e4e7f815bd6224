import { talksMoney } from './stated-prices';

// Two ways a reseller asks before buying, with no price word said (tune11):
// - a discount asked for: "any discount on 300?", "15% off?", "要是能做到6块一张，我拿80张，行不行？", "si me lo dejás a 5
//   dólares?", "can you do a better number on 200?", "能便宜点吗", "rola 12% de desconto?", "me hacen 10% si llevo 80?",
//   "能打85折吗", "有优惠吗"; a discount already agreed ("con el 15% que hablamos, entonces 100", "com aqueles 10%, fecha 80",
//   "打85折的话拿200张") is the basis of an order, not a question;
// - whether a place, or several on one eSIM, is sold, the travellers counted but no card ordered:
//   "do you do Egypt? 5GB, 14 people", "UK and Turkey on one eSIM? 10 pax", "tienen uno que cubra México y
//   Estados Unidos? 15 clientes", "vocês têm Egito? 10 pessoas", "有没有埃及的？12个人"; with an order verb
//   ("do you have Egypt? need 15", "要20张") it is the order it says.

const DISCOUNT_WORD = String.raw`(?<![\p{L}])(?:discount|cheaper|better\s+(?:price|deal|rate|number|offer)|m[aá]s\s+barat[oa]s?|mais\s+barat[oa]s?|\d+\s*%\s*off|desconto|descuento|rebaja|(?:me|nos)\s+(?:hacen|haces|hac[ée]s|dan|das|fazem|faz|d[ãa]o|d[áa])\s+(?:un\s+|o\s+|uns\s+|unos\s+)?\d+\s*%|rola\s+\d+\s*%|(?:if\s+you\s+(?:can\s+)?(?:do|make)\s+(?:it|them)?\s*(?:for|at)?|si\s+(?:me\s+|nos\s+)?(?:l[oa]s?\s+)?(?:dejas|dejan|dej[áa]s|haces|hacen)\s+(?:a|en)|se\s+(?:fizer|fizerem|fazem|fizesse|fizessem)\s+(?:por|a))\s*(?:\$|usd|us\$|r\$|€)?\s*\d)(?![\p{L}])|(?:要是|如果)?能(?:做到|给到|給到|算)\s*[\d一二三四五六七八九十]+(?:\.\d+)?\s*(?:块|塊|元|刀|美元|美金)|(?:打|给个|給個)[\d一二三四五六七八九]+(?:\.\d)?折|折扣|优惠|優惠|便宜(?:点|點|一点|一點|些)|(?:能不能|可以|能|可不可以)便宜`;
const AGREED = /(?<![\p{L}])(?:que\s+(?:hablamos|acordamos|quedamos|combinamos|falamos|conversamos)|we\s+(?:agreed|discussed|talked\s+about)|(?:aqueles|aquel|aquellos|esos|esses|that|the\s+usual)\s+\d+\s*%|acordad[oa]|combinad[oa]|as\s+agreed)(?![\p{L}])|说好的|說好的|谈好的|談好的|的话|的話/iu;
const DISCOUNT_ASKED = new RegExp(DISCOUNT_WORD, 'iu');
const CHEAPER_ASKED = /(?:能不能|可不可以|能否|可否|可唔可以|得唔得)(?:再)?(?:便宜|平(?:啲|一点|一點|d)|优惠|優惠|打折)/u;

// Where a text's sentences break: after a question mark or 吗, at a full stop, "!" or a new line.
const SENTENCE_BREAK = /(?<=[?？吗嗎])|[.!。！\n]/u;
// The same, but a full stop before a digit is a decimal point ("is it still 2.70?"), no break.
const SENTENCE_BREAK_KEEPING_DECIMALS = /(?<=[?？吗嗎])|[.!。！\n](?!\d)/u;

/** The sentences of a text that are questions (end in "?", "？", "吗" or "嗎"). */
function questionsOf(text: string, breaks: RegExp = SENTENCE_BREAK): string[] {
  return text.split(breaks).filter((s) => /[?？吗嗎]\s*$/u.test(s));
}

/** A sentence that asks for a discount (a question, not one agreed before). */
export function asksDiscount(text: string): boolean {
  // "能不能便宜点", "可不可以便宜": asked as a question in its words, with or without a question mark.
  return questionsOf(text).some((s) => DISCOUNT_ASKED.test(s) && !AGREED.test(s)) || CHEAPER_ASKED.test(text);
}

// "do you have / do you do / do you sell / is there one / any plan that covers", "tienen / hay alguno",
// "vocês têm / tem algum", "有没有 / 有…吗".
// "do you guys have", "any single eSIM for", "¿venden esim para", "vcs vendem pra".
const SOLD_LATIN = String.raw`(?<![\p{L}])(?:(?:hay|tem|t[êe]m|tienen|ten[ée]s)(?=\s*[?？])|do\s+(?:you|u)(?:\s+(?:guys|all|folks))?\s+(?:have|do|sell|carry|offer)|have\s+(?:you\s+)?got|is\s+there\s+(?:a|an|one|any)|any\s+(?:single\s+|one\s+)?(?:plan|esim|e-sim|sim|product)|tienen|ten[ée]s|venden|vend[ée]is|vendem|atienden|atendem|cubren|cobrem|manejan|trabajan\s+con|trabalham\s+com|do\s+(?:you|u)\s+(?:cover|serve)|can\s+(?:you|u)\s+do|hay\s+(?:alg[uú]n|alguno|alguna|uno|una)|(?:vo?c[êe]s\s+)?t[êe]m\s+(?:algum|alguma|um|uma|e-?sim|chip|plano)|vo?c[êe]s\s+t[êe]m)(?![\p{L}])`;
const SOLD_CJK = String.raw`(?:能|可以)(?:做|卖|賣)(?:吗|嗎)|能不能做|可不可以做|有没有|有沒有|有冇|(?:有|卖|賣)[^？?。，,]{0,12}(?:吗|嗎)`;
const SOLD = new RegExp(`${SOLD_LATIN}|${SOLD_CJK}`, 'iu');
// Several places on one card, asked whether it can be: "on one eSIM?", "en la misma tarjeta?", "no mesmo
// chip?", "一张卡能用吗"; asked so with the plan's size said (with none, "Japan + Thailand on one esim? 10
// people" asks us to find one: the order it is).
const ONE_CARD = new RegExp(
  String.raw`(?<![\p{L}])(?:(?:one|a\s+single|single|the\s+same)\s+(?:plan|esim|e-sim|sim|card|chip)|(?:en|con)\s+(?:la\s+misma|el\s+mismo|un\s+solo|una\s+sola)\s+(?:tarjeta|chip|e-?sim|sim|plan)|(?:no|num|em\s+um|nu?m\s+s[óo])\s+(?:mesmo\s+|s[óo]\s+)?(?:chip|e-?sim|sim|plano|cart[ãa]o))(?![\p{L}])` +
    String.raw`|(?:一张卡|一張卡|一个卡|一個卡)[^？?。]{0,6}(?:能用|可以用|通用)(?:吗|嗎)`,
  'iu',
);
const SIZE = /\d+\s*(?:gb|g|gigas?|giga)(?![\p{L}])|ilimitad|unlimited|无限|無限/iu;
// An order said: a need, a want, a send ("mándamela", "envíanoslas", "me mandas?"), a yes.
const ORDER_VERB = /(?<![\p{L}])(?:need|needs|needed|want|wants|send|order|book|take|gimme|give\s+me|confirm\p{L}*|necesito|necesitamos|necesitan|quiero|queremos|m[aá]nd[aá](?:me|nos)?(?:l[oa]s?)?|env[ií][aá](?:me|nos)?(?:l[oa]s?)?|m[aá]nd[aá]s|env[ií][aá]s|pedimos|preciso|precisamos|precisava|quero|mande|encomend\p{L}*|llevo|levo|fecha)(?![\p{L}])|要|订|訂|来|來|买|買|拿|发|發/iu;
// The travellers counted, not the cards: "14 people", "6 pax", "15 clientes", "12个人", "5位".
// A group told by its size: "group of 18", "grupo de 20", "son 3", "somos 15", "20 para un grupo".
const PEOPLE_COUNT =
  /(?<![\p{L}\d])\d+\s*(?:people|persons|pax|travell?ers|passengers|guests|clients|customers|backpackers|students|trekkers|hikers|pilgrims|delegates|attendees|participants|members|employees|staff|crew|players|athletes|personas|pasajeros|viajeros|clientes|alumnos|peregrinos|delegados|participantes|miembros|empleados|jugadores|atletas|pessoas|passageiros|viajantes|alunos|funcion[áa]rios|jogadores|membros|tripulantes)(?![\p{L}])|\d+\s*(?:个人|個人|个客人|個客人|位|人|名)|(?<![\p{L}])(?:(?:a\s+)?group\s+of|(?:un\s+|um\s+|el\s+|o\s+)?grupo\s+de|we\s+are|there\s+are|somos|son|s[ãa]o)\s+\d+(?![\d\p{L}])|(?<![\p{L}\d])\d+\s+(?:para|for|pra)\s+(?:un|a|the|el|o|um)\s+(?:grupo|group)(?![\p{L}])/iu;

/** A question whether something is sold, the group counted, nothing ordered. */
export function asksWhetherSold(text: string): boolean {
  if (!PEOPLE_COUNT.test(text) || ORDER_VERB.test(text)) return false;
  return questionsOf(text).some((q) => SOLD.test(q) || (ONE_CARD.test(q) && SIZE.test(text)));
}

// "询价", "詢價", "问个价": a price asked, in the words of a Chinese enquiry's subject or opening; and any form of
// cotizar ("cotízanos", "me cotizás", "cotícenme"), "me passe o valor", "現在多少" (how much now), "your rates", "tarifas"; an offer
// asked ("RFQ", "your best offer for 50", "propuesta económica", "uma proposta comercial").
export const PRICE_ENQUIRY =
  /询价|詢價|询个价|詢個價|问价|問價|问个价|問個價|现在多少|現在多少|怎麼賣|阶梯价|階梯價|批量价|批量價|(?<![\p{L}])(?:valor(?:es)?\s+unit[áa]rios?|cot[ií][zc](?!ad[oa]s?(?![\p{L}])|aste(?![\p{L}])|aron(?![\p{L}])|[óo](?![\p{L}]))\p{L}*|(?:me\s+|nos\s+)?(?:passa|passe|manda|mande|envia|envie)\s+(?:o\s+valor|os\s+valores)|(?:your|send)\s+rates|tarifas|(?:los|sus|tus|vuestros)\s+valores|rfq|request\s+for\s+(?:quotation|quote|proposal|pricing)|(?:your\s+)?best\s+offer\s+(?:for|on)|(?:send|give|make)\s+(?:us|me)\s+(?:an\s+|your\s+)?offer|propuesta\s+(?:econ[óo]mica|comercial)|proposta\s+(?:comercial|de\s+pre[çc]o)|(?:una|uma)\s+(?:propuesta|proposta)\s+(?:para|pra|de))(?![\p{L}])/iu;

// Whether a price said before still holds, or is the price, asked (tune13, tune12): "is it still 2.70 if I pay by Friday?",
// "still $4.50?", "is it 13.99?", "¿sigue a 7,65 si pago antes?", "¿el de 5GB está a 13,99?", "ainda tá 4,95 se eu pagar até
// sexta?", "é R$ 20?", "31号前付款还是4.5美金吗", "是13.99吗": a price asked, not an order (an amount with cents or a currency,
// never a count).
const AMOUNT = String.raw`(?:(?:[$€£¥]|usd|us\$|r\$|eur|rmb)[ \t]*\d+(?:[.,]\d{1,2})?|\d+[.,]\d{1,2}(?:[ \t]*(?:[$€£¥]|usd|eur|d[óo]lares|dollars?|reais|euros?))?|\d+[ \t]*(?:[$€£¥]|usd|eur|d[óo]lares|dollars?|reais|euros?))`;
const STILL_PRICE = new RegExp(
  String.raw`(?<![\p{L}])(?:still(?:[ \t]+(?:at|the|be|costs?|going\s+for))?|(?:is|are)[ \t]+(?:it|that|they|this)(?:[ \t]+still)?(?:[ \t]+(?:at|for))?|sigue(?:[ \t]+(?:a|en|siendo|costando|saliendo|estando\s+a))?|todav[ií]a(?:[ \t]+(?:a|en|est[áa][ \t]+a|cuesta|sale|es))?|est[áa]n?[ \t]+(?:a|en)|(?:cuesta|sale|vale)|ainda(?:[ \t]+(?:t[áa]|est[áa]|[ée]|custa|sai|fica))?(?:[ \t]+(?:a|por|em))?|continua(?:[ \t]+(?:a|por|em|custando|saindo|sendo))?|(?:t[áa]|est[áa]|é|custa|sai|fica)(?:[ \t]+(?:a|por|em))?)[ \t]+${AMOUNT}(?![\d\p{L}])` +
    String.raw`|(?:还是|還是|仍是|仍然是|依然是|是)[ \t]*${AMOUNT}[ \t]*(?:美金|美元|元|块|塊|刀)?[ \t]*(?:吗|嗎|[?？])`,
  'iu',
);

/** A question whether a price said before still holds, or is the price. */
export function asksPriceStill(text: string): boolean {
  return questionsOf(text, SENTENCE_BREAK_KEEPING_DECIMALS).some((s) => STILL_PRICE.test(s));
}

/**
 * A question whether something is sold, no count said and nothing ordered (tune12): "do you have a single eSIM for
 * Japan and Korea? 10GB", "vocês têm chip único pra X e Y? 5GB", "Tailandia y Malasia en la misma eSIM, 10GB, hay?",
 * "有没有泰国+越南一起用的卡？5GB".
 */
export function asksIfSold(text: string): boolean {
  if (ORDER_VERB.test(text)) return false;
  return questionsOf(text).some((q) => SOLD.test(q));
}

/**
 * A product alone, asked, nothing else said (tune17): "Cuba 3GB 15 days?", "¿Japón 10GB 30 días?", "Coreia 5GB?", "日本5GB 30天？":
 * whether it is had and at what price, not an order ("Japón 10GB, me mandas?" says the order).
 */
export function asksBareProduct(text: string): boolean {
  const asked = text.trim();
  if (!/[?？]$/u.test(asked) || ORDER_VERB.test(asked)) return false;
  return asked.split(SENTENCE_BREAK).filter((s) => s.trim() !== '').length === 1 && asked.split(/\s+/u).length <= 6;
}

// How many cards a sum buys (tune19): "I have a budget of 2,500 MXN, how many can I get?", "cuántas me alcanzan?", "quantas dá pra
// comprar com R$ 3.000?", "预算2000元 能买几张": the price asked, said as a count.
const HOW_MANY_FOR =
  /(?<![\p{L}])(?:how\s+many\s+(?:can|could|would|will)\s+(?:i|we)\s+(?:get|buy|afford)|how\s+many\s+(?:does|would|will)\s+(?:that|it|this)\s+(?:get|buy)|cu[áa]nt[oa]s\s+(?:me|nos|le)\s+(?:alcanza|alcanzan|alcanzar[ií]a|alcanzar[ií]an|salen|da|dan)|cu[áa]nt[oa]s\s+(?:puedo|podemos|podr[ií]a|podr[ií]amos)\s+(?:comprar|llevar|pedir)|quant[oa]s\s+(?:d[áa]|daria)\s+(?:pra|para)\s+(?:comprar|levar|pegar)|quant[oa]s\s+(?:eu\s+)?(?:consigo|conseguimos|posso|podemos)\s+(?:comprar|levar|pegar))(?![\p{L}])|(?:能|可以|够|夠)(?:买|買)(?:到)?(?:几|幾|多少)(?:张|張|个|個)?/iu;

/** A question how many cards an amount of money buys. */
export function asksHowManyForMoney(lower: string): boolean {
  return HOW_MANY_FOR.test(lower) && talksMoney(lower);
}
