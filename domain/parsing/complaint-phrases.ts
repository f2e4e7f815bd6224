// Complaints said as a phrase rather than a word, in the four languages: what the eSIM cannot do
// ("the customer can't scan it", "no lo puede escanear", "não consegue ativar", "扫不了"), that it
// stopped working ("dejó de funcionar", "parou de funcionar"), and a charge taken more than once
// ("charged us twice", "me cobraron 3 veces", "cobraram duas vezes", "扣了两次").

const CAN_NOT =
  String.raw`(?:can'?t|cannot|can\s+not|couldn'?t|could\s+not|unable\s+to|not\s+able\s+to)\s+(?:\p{L}+\s+)?(?:scan|activate|install|connect|get\s+online|browse|load)` +
  String.raw`|no\s+(?:(?:lo|la|los|las|se|me|le|les|nos)\s+)?(?:puede|pueden|puedo|podemos|logra|logran|consigue|consiguen)\s+(?:escanear|activar|instalar|conectar|conectarse|navegar)` +
  String.raw`|n[ãa]o\s+(?:(?:o|a|os|as|se|me)\s+)?(?:consegue|conseguem|consigo|conseguimos|pode|podem|d[áa]\s+(?:para|pra))\s+(?:escanear|ler|ativar|instalar|conectar|navegar)`;
const STOPPED = String.raw`(?:stopped|quit|ceased)\s+working|dej(?:ó|o|aron)\s+de\s+(?:funcionar|andar|servir)|par(?:ou|aram)\s+de\s+funcionar`;
const CHARGED_AGAIN =
  String.raw`(?:charged|billed|debited)\s+(?:(?:us|me|our\s+card|my\s+card|the\s+card)\s+)?(?:twice|two\s+times|three\s+times|\d+\s+times|double)|two\s+debits|(?:double|duplicate|duplicated)\s+(?:charges?|debits?|billing|payments?)` +
  String.raw`|(?:cobr|debit|descont)\p{L}*\s+(?:\p{L}+\s+){0,2}?(?:dos|tres|\d+)\s+veces|(?:cobr|debit|descont)\p{L}*\s+(?:\p{L}+\s+){0,2}?(?:duas|tr[êe]s|\d+)\s+vezes` +
  String.raw`|(?:cobr)\p{L}*\s+(?:de|a)\s+m[áa]is|(?:cobr)\p{L}*\s+de\s+m[áa]s`;

// Cards given back: "quiero devolver 5 de las de Japón", "quero devolver 5", "can we return 5 of them".
const RETURNED = String.raw`(?:quiero|queremos|quero|queremos|podemos|puedo|posso|se\s+puede|d[áa]\s+pra)\s+devolver|(?:want\s+to|can\s+(?:we|i)|could\s+(?:we|i)|like\s+to)\s+(?:give\s+back|return|send\s+back)\s+(?:\d+|them|these|those|the|some)`;

export const COMPLAINT_PHRASES = new RegExp(
  String.raw`(?<![\p{L}])(?:${CAN_NOT}|${STOPPED}|${CHARGED_AGAIN}|${RETURNED})(?![\p{L}])` +
    String.raw`|(?:扫|掃|激活|安装|安裝|连|連|上网|上網)不(?:了|上|到)|无法(?:扫描|激活|安装|连接|使用|上网)|無法(?:掃描|激活|安裝|連接|使用|上網)` +
    String.raw`|(?:扣|收|付|刷)了?(?:两|兩|三|\d+)次|重复(?:扣|收|付)|重複(?:扣|收|付)|不能用了|突然不能用`,
  'iu',
);
