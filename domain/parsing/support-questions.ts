// What goes to a person though it names no complaint word, in the four languages:
// - a question about installing or using an eSIM ("how do I install it on a Samsung", "¿se activa al
//   escanearlo o al llegar?", "precisa instalar antes de viajar?", "是落地再装还是出发前装", "热点");
// - an eSIM already bought or delivered ("the ones you sent", "my customer bought", "vendimos 12",
//   "installed", "ya escaneado", "扫过") that does not do what it should ("no les llega el internet",
//   "expired after a week", "开不了热点", "so slow").
// And a problem said to be over ("the Turkey problem is sorted, now need 25", "apesar do problema com
// o lote anterior, preciso de mais 30"): what the message asks now is an order.

const HOW = String.raw`(?:how|cómo|como|como\s+que|de\s+que\s+forma)`;
const INSTALL_VERB = String.raw`(?:install|reinstall|set\s+up|setup|activate|configure|add|turn\s+on|instala|instalo|instalar|instalan|instalamos|reinstalar|activa|activo|activar|ativa|ativo|ativar|configura|configurar|agrega|agregar|adiciona|adicionar|usa|usar)`;

const SUPPORT_QUESTION_LATIN = [
  // "how do I install the esim on a samsung", "cómo se instala en un iphone", "como instala no motorola"
  String.raw`${HOW}\s+(?:(?:do|does|can|should|to|i|we|you|they|he|she|the\s+customer|my\s+customer|se|le|lo|la|eu|a\s+gente|o\s+cliente|el\s+cliente)\s+){0,3}${INSTALL_VERB}`,
  // "need to be installed before departure", "instalar antes de viajar", "só quando chegar", "after landing"
  String.raw`(?:install(?:ed)?|instal(?:ar|a|o|ado|ada|arlo|arla)|activ(?:ar|a|ado|ada|arlo|arla)|ativ(?:ar|a|ado|ada))\s+(?:\S+\s+){0,3}?(?:before|after|antes|despu[eé]s|depois|al\s+llegar|quando\s+chegar|on\s+arrival|upon\s+arrival)`,
  String.raw`(?:before\s+(?:departure|leaving|flying|they\s+fly|the\s+flight)|after\s+landing|on\s+arrival|al\s+escanearlo|cuando\s+(?:el\s+cliente\s+)?(?:llega|llegue)|s[óo]\s+quando\s+chegar|quando\s+chegar\s+l[áa])`,
  String.raw`reinstal\p{L}*`,
  String.raw`hot\s*spot|tethering|punto\s+de\s+acceso|compartir\s+(?:datos|internet)|rotear|roteamento|compartilhar\s+(?:dados|internet)`,
  // the phone's menu named: "añadir plan celular", "add cellular plan", "adicionar plano celular"
  String.raw`(?:añadir|agregar|add|adicionar)\s+(?:a\s+)?(?:plan|plano)\s+(?:celular|m[óo]vil|cellular|de\s+datos)|(?:add\s+)?(?:cellular|mobile)\s+plan|op[cç][aã]o\s+de\s+e-?sim|opci[oó]n\s+de\s+e-?sim|the\s+option\s+anywhere`,
  // a QR already read
  String.raw`(?:qr|c[oó]digo)\s+(?:\S+\s+){0,4}?(?:escaneado|lido|le[ií]do|scanned|used)`,
  // too slow in any spelling
  String.raw`so+\s+slow|slow\s+af|2g\s+speeds?|lent[íi]ssim[oa]|lent[íi]sim[oa]|lento\s+demais`,
];
const SUPPORT_QUESTION_CJK = String.raw`怎么安装|怎麼安裝|如何安装|如何安裝|怎么装|怎麼裝|怎么激活|怎麼激活|如何激活|怎么设置|怎麼設置|怎么弄|怎麼弄|不会弄|不會弄|不会装|不會裝|落地再装|落地再裝|落地装|落地裝|出发前装|出發前裝|提前装|提前裝|重新安装|重新安裝|热点|熱點|没装上|沒裝上|装不上|裝不上|开不了|開不了|打不开|打不開|下载不了|下載不了|网速慢|網速慢|慢死|骂了|罵了|“好用”|"好用"`;

export const SUPPORT_QUESTION = new RegExp(`(?<![\\p{L}])(?:${SUPPORT_QUESTION_LATIN.join('|')})(?![\\p{L}])|${SUPPORT_QUESTION_CJK}`, 'iu');

// An eSIM that was bought, sold on or delivered before.
const DELIVERED = new RegExp(
  String.raw`(?<![\p{L}])(?:(?:my|our|the)\s+(?:customer|client|guest)s?\s+(?:bought|got|installed|activated|scanned)|the\s+ones\s+(?:you|u)\s+sent|(?:you|u)\s+sent|we\s+sold|i\s+sold|sold\s+\d+|installed|activated|vendimos|vend[ií]\s|vendi\s|los\s+que\s+(?:nos\s+)?(?:mandaron|enviaron|mandaste|enviaste)|os\s+que\s+(?:voc[eê]s\s+)?(?:mandaram|enviaram)|mandei\s+pro\s+cliente|ya\s+instal\p{L}*|j[áa]\s+instal\p{L}*|instalad[oa]s?|activad[oa]s?|ativad[oa]s?|escanead[oa]s?)(?![\p{L}])|(?:客人|客户|客戶)(?:已经|已經)?(?:扫过|掃過|扫了|掃了|装了|裝了|激活了|买的|買的)|你们发的|你們發的|发过来的|發過來的`,
  'iu',
);
// It does not do what it should: a negation before a working verb, within a few words.
const NOT_WORKING = new RegExp(
  String.raw`(?<![\p{L}])(?:not|no|n't|never|não|nao|nunca|nem|ni)\s+(?:\S+\s+){0,3}?(?:work\p{L}*|connect\p{L}*|load\p{L}*|llega|llegan|funciona\p{L}*|conecta\p{L}*|anda|andan|carga|cargan|chega|chegam|carrega\p{L}*|navega\p{L}*|pega|pegan|agarra\p{L}*)(?![\p{L}])|(?:用|连|連|上|装|裝|激活|开|開)不(?:了|上)|没(?:有)?(?:网|網|信号|信號)`,
  'iu',
);

// It expired, or ran out, before its time: "se vencieron antes", "expirou antes", "7天就过期了".
const EXPIRED = /(?<![\p{L}])(?:expired|expirou|expiraram|expir[óo]|expiraron|se\s+venci[óo]|se\s+vencieron|vencieron|venceu|venceram|lasted\s+only|only\s+lasted|dur[óo]\s+(?:solo|s[óo]lo)|duraron|durou)(?![\p{L}])|过期|過期|到期了/iu;

export function speaksOfDeliveredProblem(text: string): boolean {
  return (DELIVERED.test(text) && NOT_WORKING.test(text)) || EXPIRED.test(text);
}

// "the Turkey problem from last week is sorted", "apesar do problema", "a pesar del problema", "问题已经解决了".
export const PROBLEM_OVER = new RegExp(
  String.raw`(?<![\p{L}])(?:(?:problem|issue)s?\s+(?:\S+\s+){0,4}?(?:is|was|are|were|got|has\s+been|have\s+been)\s+(?:now\s+)?(?:sorted|solved|resolved|fixed|fine)|despite\s+the\s+(?:problem|issue)|apesar\s+d[oe]s?\s+problema|a\s+pesar\s+del?\s+problema|(?:problema|lío|lio)\s+(?:\S+\s+){0,4}?(?:ya\s+)?(?:est[áa]\s+)?(?:resuelto|solucionado|arreglado)|problema\s+(?:\S+\s+){0,4}?(?:j[áa]\s+)?(?:foi\s+)?(?:resolvido|solucionado))(?![\p{L}])|(?:问题|問題)(?:已经|已經)?(?:解决|解決|搞定)了|虽然(?:上次|之前)?(?:有)?(?:问题|問題)|尽管(?:上次|之前)?(?:有)?(?:问题|問題)`,
  'iu',
);
