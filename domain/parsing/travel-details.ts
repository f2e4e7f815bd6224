// The trip told around an order (tune13): the flight the group takes and the airline flying it are
// neither a count nor a place. Each is blanked before places and counts are read.

// IATA codes of airlines, in capitals before a flight number ("SQ 317", "EK 4", "JL 44", "BA 178.", "TK1358").
// The long-haul airlines resellers' groups fly most, read with any flight number ("EK 4", "JL 44"); other codes, and codes
// that are also words or places ("LA" Los Angeles, "KL" Kuala Lumpur, "FR", "AM", "OS"), only with three or four digits.
const SAFE_CODES = 'TG|SQ|JL|NH|EK|AA|CX|AC|BA|TK|TP|KE|QR|LH|UA|DL|IB|EY|MH|QF|CI|BR|OZ|MU|CZ|VS|UX|GA|PR|AY|LX';
const WORDLIKE_CODES = 'AF|FZ|AV|CM|HX|KA|3U|HU|FM|5J|SU|SK|EI|FR|6E|SV|MS|ET|KQ|WY|GF|RJ|AZ|LO|JQ|VA|D7|AK|FD|VJ|7C|LJ|BX|ZE|OD|JX|HO|MF|9C|SC|ZH|NX|UO|HB|KC|BI|PG|3K|AD|G3|LA|KL|AM|OS|AI|JJ';
const FLIGHT_NUMBER = String.raw`(?:(?:${SAFE_CODES})[ \t]?\d{1,4}|(?:${WORDLIKE_CODES})[ \t]?\d{3,4})`;
// Never a count said after it: "EK 4 x 10" is no flight.
const NOT_A_COUNT_AFTER = String.raw`(?![\d]|[.,]\d|[ \t]*(?:gb|g\b|gigs?|days?|d[ií]as?|x\b|×|units?|pcs|e?sims?|unidades|pax|people|personas|pessoas|张|張|个|個))`;
const CAPITAL_FLIGHT = new RegExp(String.raw`(?<![A-Za-z0-9])${FLIGHT_NUMBER}${NOT_A_COUNT_AFTER}`, 'gu');
// After a word that says a flight ("flight", "vuelo", "voo", "航班", "on", "with", "pelo"), in any case.
const SAID_FLIGHT = new RegExp(
  String.raw`(?:(?<![\p{L}])(?:flight|flt|vuelo|voo|flying|fly|flies|on|with|con|en|com|pelo|pela|no|na|via|vía)[ \t]+|航班[ \t]*)${FLIGHT_NUMBER}${NOT_A_COUNT_AFTER}`,
  'giu',
);

// After a word that can only say a flight ("flying VN 54", "vuelo JL 44", "voo TP 88", "航班 CA 981"), any two-letter code, a
// place's code too (Vietnam Airlines is VN, Air China CA).
const FLIGHT_WORD = new RegExp(
  String.raw`(?:(?<![\p{L}])(?:flight|flt|vuelo|voo|flying|fly|flies)(?:[ \t]+(?:no\.?|nr\.?|number|n[úu]mero))?[ \t]+|航班[ \t]*)[A-Za-z][A-Za-z0-9][ \t]?\d{1,4}${NOT_A_COUNT_AFTER}`,
  'giu',
);

// Airlines whose name holds a place: "Singapore Airlines", "Thai Airways", "Korean Air", "Air Canada",
// "Aerolíneas Argentinas", "Linhas Aéreas de Moçambique", "阿联酋航空", "大韩航空"; and a place word right
// before a flight number: "con Emirates EK142", "pela Emirates EK262", "Turkish TK 16", "Qatar QR146"
// ("Emirates 5GB x 10" stays the place).
const AIRLINE_SUFFIXED = /(?<![\p{L}])(?:\p{L}+[ \t]+)?\p{L}+[ \t]+(?:airlines|airways|air[ \t]+lines)(?![\p{L}])|(?<![\p{L}])korean[ \t]+air(?![\p{L}])|\p{Script=Han}{2,4}?(?:航空公司|航空)/giu;
const AIRLINE_PREFIXED = /(?<![\p{L}])(?:Air|AIR|Aerol[ií]neas|AEROL[IÍ]NEAS|Linhas[ \t]+A[ée]reas)[ \t]+(?:de[ \t]+)?\p{Lu}\p{L}+(?![\p{L}\p{N}])(?:[ \t]+\p{Lu}\p{L}+(?![\p{L}\p{N}]))?/gu;
const AIRLINE_BEFORE_FLIGHT = new RegExp(
  String.raw`(?<![\p{L}])(?:emirates|etihad|qatar|turkish|thai|korean|singapore|malaysia|vietnam|japan|china|cathay|saudia|garuda|philippine)(?:[ \t]+(?:airlines|airways|air))?[ \t]+(?=${FLIGHT_NUMBER}(?![\p{L}\d]))`,
  'giu',
);

export interface Span {
  start: number;
  end: number;
}

/** The spans of a text that name a flight or an airline (the text as written: capitals matter). */
export function travelDetails(text: string): Span[] {
  const spans: Span[] = [];
  for (const pattern of [AIRLINE_SUFFIXED, AIRLINE_PREFIXED, AIRLINE_BEFORE_FLIGHT, CAPITAL_FLIGHT, SAID_FLIGHT, FLIGHT_WORD]) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      spans.push({ start: m.index, end: m.index + m[0].length });
      if (m[0].length === 0) pattern.lastIndex += 1;
    }
    pattern.lastIndex = 0;
  }
  return spans;
}
