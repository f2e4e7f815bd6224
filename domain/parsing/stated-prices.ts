// A price the reseller states, not asks for: "Precio acordado: 6,75 USD", "@ $9.90", "单价还是5.85",
// "price agreed at USD 4.50 each", "价格按上次 $8.1", "al mismo precio", "at the agreed prices". Read
// out of the text before it is asked whether the message asks a price.

const CURRENCY = String.raw`(?:[$€£¥₩฿]|usd|us\$|eur|rmb|cny|r\$|gbp|mxn|brl|thb|aud|sgd|hkd|twd)`;
const PRICE_STATED = /(?:price|precio|preço|preco|unit price|valor unitário|valor unitario|单价|單價|价格|價格|价钱|報價|报价)\s*(?:(?:agreed|acordado|acordada|combinado|combinada|alvo|objetivo|target|unitário|unitario|per unit|还是|還是|是)(?:\s*(?:de|of)(?=\s*(?:[$€£¥]|usd|us\$|eur|rmb|cny|rm|r\$|\d)))?)?(?:\s*(?:should\s+be|would\s+be|will\s+be|is|was|era|es|fue|será|sera|é|foi)(?=\s*(?:[$€£¥₩฿]|usd|us\$|eur|rmb|cny|r\$|gbp|mxn|brl)))?\s*[:：]?\s*(?:[$€£¥₩฿]|usd|us\$|eur|rmb|cny|rm|r\$|s\/|mxn|brl|thb|aud|sgd|hkd|twd|gbp)?\s*(?:\d(?!\d*\s*(?:[张張个個]|(?:pcs|units?|e?sims?|unidades|chips)(?![\p{L}])))|q-?\d)|@\s*[$€£¥]?\s*\d/giu;
// "al mismo precio", "at the same price", "按上次价格": the price of before, not a question.
// "precios según lo hablado", "at the agreed prices", "pelo preço combinado": a price already agreed;
// "prices look fine", "con esos precios pedimos", "com esses preços", "价格没问题": prices accepted.
const SAME_PRICE =
  /(?<![\p{L}])(?:al|ao|a|at the|for the)\s+(?:mismo|mesmo|same)\s+(?:precio|preço|preco|price)(?![\p{L}])|(?<![\p{L}])(?:(?:precios?|preços?|precos?|prices?|pricing)\s+(?:según|segun|conforme|como|as|per)\s+(?:lo\s+|o\s+|we\s+)?(?:hablado|acordado|acordados|conversado|combinado|combinados|agreed|discussed|quoted)|(?:al|a\s+los|ao|aos|pelo|pelos|at\s+the|on\s+the)\s+(?:precios?|preços?|precos?|prices?)\s+(?:acordados?|combinados?|pactados?|agreed|quoted)|(?:at|on)\s+the\s+(?:agreed|quoted|usual)\s+(?:prices?|rates?|pricing))(?![\p{L}])|按上次(?:的)?价格|按上次(?:的)?價格|上次的价|上次的價|按(?:约定|約定|商定|谈好|談好)(?:的)?(?:价格|價格)|(?<![\p{L}])(?:(?:the\s+|your\s+|those\s+|these\s+)?(?:prices?|pricing|rates?)\s+(?:look|looks|are|is|seem|seems|sound|sounds)\s+(?:\p{L}+\s+)?(?:fine|good|ok|okay|great|right|acceptable)|(?:with|at)\s+(?:those|these|the\s+quoted)\s+prices?|(?:con|a)\s+(?:esos|estos)\s+precios|(?:com|a|nesses|nestes)\s+(?:esses|estes)?\s*pre[çc]os|(?:los\s+)?precios\s+(?:est[áa]n|son)\s+(?:bien|ok|correctos)|(?:os\s+)?pre[çc]os\s+(?:est[ãa]o|s[ãa]o)\s+(?:bons|ok|[óo]timos|certos))(?![\p{L}])|(?:价格|價格|报价|報價)(?:都)?(?:没问题|沒問題|可以|ok|OK|行)/giu;
// "the prices work. Go ahead with our PO", "los precios nos sirven", "os preços estão ok": prices accepted.
const PRICES_ACCEPTED =
  /(?<![\p{L}])(?:(?:the|your|those|these)\s+)?(?:prices?|rates?|quote|pricing)\s+(?:work|works|(?:are|is)\s+(?:fine|ok|okay|good|great)|look\s+(?:good|fine|ok)|sounds?\s+good)(?![\p{L}])|(?<![\p{L}])(?:(?:los|esos|estos)\s+)?precios\s+(?:est[áa]n\s+bien|nos\s+sirven|me\s+sirven|ok)(?![\p{L}])|(?<![\p{L}])(?:(?:os|esses|estes)\s+)?pre[çc]os\s+(?:est[ãa]o\s+)?(?:ok|bons|certos|[óo]timos)(?![\p{L}])/giu;
// "Thanks for the prices", "gracias por la cotización", "obrigado pelo orçamento", "谢谢报价", "报价收到": a price received, not asked.
const PRICES_THANKED =
  /(?<![\p{L}])(?:thanks|thank\s+you|thx|ty|gracias|obrigad[oa]|valeu)\s+(?:(?:so\s+much|a\s+lot|very\s+much|mil|muito)\s+)?(?:for|por|pel[oa]s?)\s+(?:(?:the|your|los|las|la|el|su|sus|o|a|os|as|seu|sua)\s+)?(?:prices?|pricing|quote|quotation|rates?|precios?|cotizaci[óo]n|presupuesto|pre[çc]os|or[çc]amento|cota[çc][ãa]o)(?![\p{L}])|(?:谢谢|謝謝|多谢|多謝|感谢|感謝)(?:你的|您的|你们的|你們的)?(?:报价|報價)|(?:报价|報價)(?:单|單)?(?:已)?收到|收到(?:了)?(?:你的|您的)?(?:报价|報價)/giu;
// "prices as per quote Q-000233", "precios según la cotización", "preços conforme o orçamento", "按报价单价格": the price of a quote given.
const PRICES_AS_QUOTED =
  /(?<![\p{L}])(?:prices?|pricing|rates?|precios?|pre[çc]os?)\s+(?:as\s+per|per|según|segun|conforme|de\s+acuerdo\s+(?:a|con)|de\s+acordo\s+com|from)\s+(?:(?:our|your|the|la|el|o|a|su|sua|nuestra|vuestra)\s+)?(?:last\s+|[úu]ltim[oa]\s+)?(?:quote|quotation|cotizaci[óo]n|cota[çc][ãa]o|or[çc]amento|presupuesto|agreement|contract|contrato|acuerdo)(?![\p{L}])|(?:按|依|照)(?:照)?(?:报价单?|報價單?|合同|合约|合約)(?:的)?(?:价格|價格|单价|單價)?/giu;
// "bill cost centre 7730", "centro de costos 12", "成本中心": where the cost is booked, not a price asked.
const COST_CENTRE = /(?<![\p{L}])(?:cost[ \t-]*(?:centre|center|code)s?|centros?[ \t]+de[ \t]+cost[oe]s?|centros?[ \t]+de[ \t]+custos?)(?![\p{L}])|成本中心/giu;
// "presupuesto 1.340,00 EUR total", "Orçamento até US$ 600", "budget: USD 900": a budget stated, not a price asked.
const BUDGET_STATED = new RegExp(
  String.raw`(?<![\p{L}])(?:budget|presupuesto|or[çc]amento)(?![\p{L}])(?:[ \t]+[\p{L}]+){0,2}?[ \t]*[:：]?[ \t]*(?:${CURRENCY}[ \t]*\d[\d.,]*|\d[\d.,]*[ \t]*${CURRENCY})|(?:预算|預算)[ \t]*[:：]?[ \t]*(?:${CURRENCY}[ \t]*)?\d[\d.,]*[ \t]*(?:${CURRENCY}|元|块|塊|美元|美金)?`,
  'giu',
);
// "price agreed at USD 4.50", "preço combinado com o João: R$ 20", "价格按上次 $8.1", "el precio por persona es 2.890 €", "total
// cost per head is about USD 3,450" (of the trip): a price word, a
// few words, then an amount in a currency, in a sentence that asks nothing.
const PRICE_THEN_AMOUNT = new RegExp(
  String.raw`(?<![\p{L}])(?:prices?|pricing|rates?|costs?|precios?|preços?|precos?|costos?|custos?|valor(?:es)?)(?![\p{L}])(?:[ \t]+[\p{L}]+){0,6}?[ \t]*[:：]?[ \t]*(?:${CURRENCY}[ \t]*\d|\d[\d.,]*[ \t]*${CURRENCY})|(?:单价|單價|价格|價格|价钱|價錢)[\p{L} \t]{0,6}?[:：]?[ \t]*${CURRENCY}?[ \t]*\d`,
  'giu',
);
// "25 Korea 3GB at USD 4.50 each", "a 4,50 USD cada una", "por R$ 20 cada": an amount for each card.
const AMOUNT_EACH = new RegExp(
  String.raw`(?<![\p{L}])(?:at|a|por|for|a\s+un\s+precio\s+de)[ \t]+(?:${CURRENCY}[ \t]*\d+(?:[.,]\d+)?|\d+(?:[.,]\d+)?[ \t]*${CURRENCY})[ \t]*(?:each|apiece|per\s+(?:unit|card|esim|piece)|cada(?:\s+un[ao])?|c\/u|por\s+(?:unidad|unidade|tarjeta|chip))(?![\p{L}])`,
  'giu',
);

// "16 x Korea 5GB at the $6.30 rate we agreed", "al precio de 5 USD", "à tarifa de €7": an amount said as the rate.
const AMOUNT_AS_RATE = new RegExp(
  String.raw`(?<![\p{L}])(?:at|a|al|ao|à|por|for)[ \t]+(?:the[ \t]+|el[ \t]+|la[ \t]+|o[ \t]+|a[ \t]+)?(?:${CURRENCY}[ \t]*\d+(?:[.,]\d+)?|\d+(?:[.,]\d+)?[ \t]*${CURRENCY})[ \t]+(?:rate|price|pricing|tarifa|precio|pre[çc]o)(?![\p{L}])`,
  'giu',
);

/** The text with the prices it states blanked; a sentence with a question keeps its amounts. */
export function withoutStatedPrices(lower: string): string {
  const known = lower.replace(PRICES_AS_QUOTED, ' ').replace(COST_CENTRE, ' ').replace(PRICE_STATED, ' ').replace(SAME_PRICE, ' ').replace(PRICES_ACCEPTED, ' ').replace(PRICES_THANKED, ' ').replace(BUDGET_STATED, ' ');
  return known
    .split(/(?<=[!?\n。！？]|\.(?=\s|$))/u)
    .map((sentence) => (/[?？]/u.test(sentence) ? sentence : sentence.replace(PRICE_THEN_AMOUNT, ' ').replace(AMOUNT_EACH, ' ').replace(AMOUNT_AS_RATE, ' ')))
    .join('');
}

// Money or price words anywhere: "at $9.90", "8,10 dólares", "4.95一张", "budget 300 USD", "多少钱", "price多少" (a
// Han character next to a Latin word ends it).
const MONEY = new RegExp(
  String.raw`${CURRENCY}[ \t]*\d|\d(?:[.,]\d+)?[ \t]*(?:${CURRENCY}|d[óo]lar(?:es)?|reais|real|pesos|euros?|块|塊|元|美元|美金|刀)(?![\p{L}])|\d+[.,]\d{2}(?=[ \t]*(?:一张|一張|每张|每張|each|cada|apiece|a pop))|(?<![^\P{L}\p{Script=Han}])(?:prices?|pricing|rates?|budget|cost|costs|precios?|preços?|precos?|presupuesto|orçamento|orcamento|tarifa|valor|custo|costo)(?![^\P{L}\p{Script=Han}])|价格|價格|价钱|價錢|单价|單價|预算|預算|多少钱|多少錢|报价|報價`,
  'iu',
);

/**
 * Whether a message talks money at all. Writers of reseller messages disagree whether "can I get
 * 40 at that rate?" or "a group of 27, budget US$ 600" asks a price or places an order, so the
 * rules never read such a message as surely one or the other.
 */
export function talksMoney(lower: string): boolean {
  return MONEY.test(lower.replace(COST_CENTRE, ' '));
}
