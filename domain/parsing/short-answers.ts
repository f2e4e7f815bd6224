// A whole reply that only says yes, or only says no: "ok", "dale 👍", "好的好的", "no gracias", "算了", "行，就这么办", "no, muy caro".

// A whole message that only says yes, or only says no (its punctuation and spaces removed).
// "OK的", "ok啦": the English yes with a Chinese particle; "de una", "do it": a yes said as a go.
const SHORT_YES = /^(?:👍|👌|✅|🙏|💯|🤝|好|好的|好滴|好嘞|好哒|行|行的|可以|可以的|嗯|嗯嗯|(?:ok|okk|okay)(?:的|啦|了|哒|滴|呀|咯)|ok|okk|oki|okis|okay|okey|k|kk|vale|dale|va|vá|sip|bueno|perfecto|perfeito|beleza|fechou|blz|tá|ta|tabom|tábom|podeser|claro|certo|deuna|doit|justdoit|sure|surething|fine|great|perfect|yup|go|letsgo|shipit|listo|vamos|vamosconeso|vamosnessa|hágale|hagale|estábien|estabien|mandaaí|mandaai|fecha|就这么办|就這麼辦|就这么定|就這麼定)$/iu;
// "Aprovado. Avancem", "aprobado, avancen", "va, mándalo", "envíalas": a go-ahead in the words of an approval or a send.
export const GO_AHEAD = /(?<![\p{L}])(?:aprobad[oa]|aprovad[oa]|avancen|avancem|m[aá]nd(?:a|e|en)(?:me|nos)?l[oa]s?|env[ií](?:a|e|en)(?:me|nos)?l[oa]s?)(?![\p{L}])/iu;
// "vamos con la Q-000123", "we'll take it", "nos quedamos con esa", "ficamos com a Q-000123", "就按这个来": the quote taken.
export const QUOTE_TAKEN =
  /(?<![\p{L}])(?:(?:we'?ll|we\s+will|i'?ll|i\s+will)\s+take\s+(?:it|them|that|those|this|q-?\s?\d)|(?:we'?ll|let'?s|we\s+will)\s+go\s+with|(?:vamos|nos\s+quedamos|me\s+quedo)\s+con\s+(?:la|esa|eso|esta|esto|el|ese|q-?\s?\d)|(?:ficamos|vamos|fico)\s+com\s+(?:a|essa|esse|isso|esta|este|o|q-?\s?\d))(?![\p{L}])|就按(?:这个|這個)|按(?:这个|這個)(?:来|來|走|办|辦)/iu;
/** "👍🏻👍🏻", "ok ok", "好的好的\", "dale dale": one yes, its skin tone and its repeats removed. */
function oneAnswer(short: string): string {
  const answer = short.replace(/[\u{1F3FB}-\u{1F3FF}\uFE0F]/gu, '').replace(/^(.+?)\1+$/u, '$1');
  // "perfecto 👍", "sip ✅": a yes word with a sign after it says the word.
  const worded = answer.replace(/\p{Extended_Pictographic}+$/u, '');
  return worded !== '' && /\p{L}/u.test(worded) ? worded.replace(/^(.+?)\1+$/u, '$1') : answer;
}
const SHORT_NO = /^(?:no|nope|nah|não|nao|no+gracias|nãoobrigado|naoobrigado|不|不了|不用|算了|👎|pass|paso|skipit|weregood|nahweregood|下次吧|下次再买|下次再買|ficapraproxima|ficaprapróxima|ficaparaapróxima|ficaparaaproxima|paralapróxima|paralaproxima)$/iu;
// Thanks, and a price found too high, said beside a short yes or no: "行，就这么办", "no, muy caro", "too expensive, no thanks".
const BESIDE_ANSWER = /^(?:gracias|muchasgracias|obrigad[oa]|valeu|thanks|thx|ty|cheers|谢谢|謝謝|muycaro|demasiadocaro|car[íi]simo|muitocaro|carodemais|tooexpensive|toopricey|太贵了|太貴了|太贵|太貴)$/iu;

/** A reply of a few short parts, each the answer or said beside it, at least one the answer: "行，就这么办", "no, muy caro". */
function answeredInParts(lower: string, answer: RegExp): boolean {
  const parts = lower.split(/[,，.。!！?？、;；]+/u).map((p) => oneAnswer(p.replace(/\s+/gu, ''))).filter((p) => p !== '');
  return parts.length > 1 && parts.length <= 3 && parts.every((p) => answer.test(p) || BESIDE_ANSWER.test(p)) && parts.some((p) => answer.test(p));
}

/** The message says only yes (its punctuation and spaces removed), or yes in a few short parts. */
export function saysShortYes(lower: string): boolean {
  return SHORT_YES.test(oneAnswer(lower.replace(/[\s\p{P}]+/gu, ''))) || answeredInParts(lower, SHORT_YES);
}

/** The message says only no, or no in a few short parts. */
export function saysShortNo(lower: string): boolean {
  return SHORT_NO.test(oneAnswer(lower.replace(/[\s\p{P}]+/gu, ''))) || answeredInParts(lower, SHORT_NO);
}
