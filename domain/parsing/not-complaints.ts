import type { Language } from './vocabulary';

// What in a message reads like trouble and is none (tune14-17), blanked before a complaint is read: "issue" as a verb or a
// PO's date, another supplier's trouble, Portuguese "no" (em + o), phones that take no eSIM given as the reason for physical
// SIMs, a variant left out of the order or the order said complete.

// "Please issue 12 eSIMs", "could you issue the invoice", "kindly issue 60": issue as a verb, to make something; no problem.
// "Date of issue: 3 March", "issue date": a PO's date.
export const ISSUE_ASKED = /(?<![\p{L}])(?:(?:please|pls|plz|kindly|could\s+you|can\s+you|would\s+you|will\s+you|need\s+you\s+to)\s+(?:\p{L}+\s+)?issue|issue\s+(?:us\s+|me\s+)?\d+|(?:date|place|day)\s+of\s+issue|issue\s+date)(?![\p{L}])/giu;

// Another supplier's trouble told to explain a first order here ("our previous supplier's esims never worked, so trying you", "el
// proveedor anterior era pésimo", "o outro fornecedor falhou", "之前的供应商不好用"): the clause says nothing wrong with what we sold.
const OTHER_SUPPLIER = /(?<![\p{L}])(?:(?:previous|other|old|last|current|another)\s+(?:supplier|provider|vendor|company)|competitor|(?:otro|anterior|actual)\s+proveedor|proveedor\s+(?:anterior|actual)|(?:outro|antigo|atual)\s+fornecedor|fornecedor\s+(?:anterior|atual|antigo)|concorr[êe]ncia|competencia)(?![\p{L}])|(?:之前|以前|原来|原來|别家|別家|其他)(?:的)?(?:供应商|供應商)/iu;

/** The text without the clauses that tell another supplier's trouble. */
function withoutOtherSuppliers(text: string): string {
  return OTHER_SUPPLIER.test(text) ? text.split(/(?<=[.,;!?\n。，；！？])/u).map((clause) => (OTHER_SUPPLIER.test(clause) ? ' ' : clause)).join('') : text;
}

// The trouble of a trip before told to explain this order: a pilot or inspection trip, cards bought elsewhere (at the airport, in
// Manhattan), a pocket wifi ("last year's pilot group had a horrible time with roaming - the US SIMs they'd bought at the
// airport stopped working", "en el viaje de prueba ... los chips que habíamos comprado en Manhattan no funcionaban", "a maior
// queixa do grupo piloto", "上次团里用随身wifi，经常没电", "在美國買的卡一過邊境就不能用"): the sentence says nothing of ours.
const TRIP_BEFORE_TROUBLE = new RegExp(
  String.raw`(?<![\p{L}])(?:pilot\s+group|test\s+trip|fam\s+trip|inspection\s+trip|recce|(?:sims?|e?sims|cards?|chips?)\s+(?:that\s+)?(?:they|we|he|she|the\s+guests?|the\s+group)\s*(?:'d|had)?\s+(?:bought|got|purchased)\s+(?:at|in|on)|(?:pocket|portable)\s+wi-?fi` +
    String.raw`|grupo\s+piloto|viaje\s+de\s+(?:prueba|inspecci[óo]n|reconocimiento|familiarizaci[óo]n)|viagem\s+de\s+(?:teste|inspe[çc][ãa]o|reconhecimento|familiariza[çc][ãa]o)|(?:chips|tarjetas|sims|cart[õo]es)\s+que\s+(?:hab[ií]amos\s+|hab[ií]an\s+|tinham\s+|t[ií]nhamos\s+)?compr\p{L}*\s+(?:en|em|no|na)|compr(?:aron|aram)\s+(?:tarjetas|chips|sims|cart[õo]es)\s+(?:en|em|no|na)|wi-?fi\s+port[áa]til)(?![\p{L}])` +
    String.raw`|随身wi-?fi|隨身wi-?fi|(?:在|到)[^，。！？\n]{1,6}(?:买|買)的(?:卡|sim)`,
  'iu',
);

/** The text without the sentences that tell the trouble of a trip before or of cards bought elsewhere. */
function withoutTripsBefore(text: string): string {
  return TRIP_BEFORE_TROUBLE.test(text) ? text.split(/(?<=[.!?\n。！？])/u).map((sentence) => (TRIP_BEFORE_TROUBLE.test(sentence) ? ' ' : sentence)).join('') : text;
}

// Portuguese "no" is "em o" ("no dia 3", "no Brasil"), never a negation ("não"): in a Portuguese message it says nothing is wrong.
const PORTUGUESE_NO = /(?<![\p{L}])no(?![\p{L}])/giu;

// Phones that cannot take an eSIM, said to explain physical SIMs ordered ("for crew who can't use eSIM (older handsets) we need
// physical SIM cards", "clientes con celulares viejos que no soportan eSIM", "老人手机不支持eSIM，要实体卡"): the reason for the
// order, no complaint.
const NO_ESIM_PHONE =
  /(?<![\p{L}])(?:(?:can'?t|cannot|can\s+not|unable\s+to|don'?t|doesn'?t|do\s+not|does\s+not|won'?t)\s+(?:use|support|take|do|have|handle|read)\s+(?:an?\s+)?e-?sims?|(?:no|n[ãa]o)\s+(?:(?:le|les|lhe|lhes)\s+)?(?:soporta|soportan|suporta|suportam|aceita|aceitam|acepta|aceptan|usa|usan|pode\s+usar|podem\s+usar|puede\s+usar|pueden\s+usar|tem|t[êe]m|tiene|tienen|funciona|funcionan)\s+(?:(?:o|a|el|la)\s+)?e-?sims?|(?:older|old)\s+(?:handsets|phones|devices|models)|(?:celulares|tel[eé]fonos|aparelhos|m[óo]viles|telem[óo]veis)\s+(?:m[aá]s\s+)?(?:antigos|viejos|antiguos|velhos))(?![\p{L}])|不支持e-?sim|不能用e-?sim|用不了e-?sim|老人(?:手)?机|老人(?:手)?機|旧手机|舊手機|老手机|老手機/giu;

// "not the 10GB", "no las de 10GB", "não o ilimitado", "不要10GB的", "不是10GB", "nada más", "só isso", "nothing else": a variant left
// out of the order, or the order said to be complete; no fault with anything bought.
const NOT_A_FAULT =
  /(?<![\p{L}])(?:(?:not|no|n[ãa]o)\s+(?:(?:the|las|los|la|el|lo|o|a|os|as|de|do|da|dos|das|any)\s+){0,2}(?:\d+\s*(?:gb|gigas?|g|days?|d[ií]as)|unlimited|ilimitad\p{L}*)|nada\s+m[áa]is|nada\s+m[áa]s|s[óo]\s+isso|nothing\s+else|sin\s+quejas|sem\s+reclama[çc][õo]es)(?![\p{L}])|(?:不要|不是|不用)\s*(?:\d+\s*(?:gb|g)|无限|無限)/giu;

/**
 * The text a complaint is read in: without another supplier's trouble or a trip before's, and, when physical SIMs are ordered, without the phones
 * that take no eSIM; "no problem" and its kind (noProblem) blanked.
 */
export function troubleTextOf(plain: string, orderedPhysical: boolean, noProblem: RegExp): string {
  return withoutTripsBefore(withoutOtherSuppliers(orderedPhysical ? plain.replace(NO_ESIM_PHONE, ' ') : plain)).replace(noProblem, ' ');
}

/** The text a negation is looked for in: a Portuguese "no", a variant left out, an order said complete, blanked. */
export function negationsOf(troubleText: string, language: Language | null): string {
  return (language === 'pt' ? troubleText.replace(PORTUGUESE_NO, ' ') : troubleText).replace(NOT_A_FAULT, ' ');
}
