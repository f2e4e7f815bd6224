// What an eSIM already in a traveller's phone does wrong, or what is asked about it, told as a
// situation rather than with a complaint word, in the four languages (tune11):
// - its data gone early, and a top-up asked: "used the whole 3GB on day 2", "acabou os 3GB",
//   "se gastó los 5 gigas", "consumió los 3GB", "用咗一日就冇晒", "can we top him up", "¿se puede recargar?";
// - it works only in some places: "only in Hanoi, nothing in Sapa", "solo le anda en el aeropuerto",
//   "can you check coverage or switch network?";
// - its days started before the trip: "activated itself before the flight", "days already counting down",
//   "还没出发就开始计时了";
// - what the phone shows or asks for: "data toggle greyed out", "数据开关是灰色的", "SIM no válida",
//   "pide un código de activación", "está a pedir PIN", "搵唔到網絡";
// - moving it to another phone ("se puede pasar de un iPhone viejo al nuevo", "cambió de cel"),
//   entering it by hand ("cómo lo hace manual", "manual code");
// - cards bought and not used, asked back as credit or swapped ("nota de crédito", "vcs estornam?",
//   "还有7张没用，可以换成越南的吗").
// An order besides ("need 15 more, but first: the 2 that failed, do you refund?") is not read surely.

const LATIN = [
  // data used up
  String.raw`(?:used|use[sd]?\s+up|finished|consumi[óo]|consumiu|consumieron|consumiram|gast[óo]|gastou|gastaron|gastaram|acab[óo]|acabou|acabaron|acabaram|terminou|termin[óo])\s+(?:(?:the|his|her|their|all|whole|entire|los|las|sus|todos|todo|os|as|seus|suas|el|o|a|la|de|da|do)\s+){1,3}(?:\p{L}+\s+)?(?:\d+\s*(?:gb|gigas?|g)|data|datos|dados|gigas|plan|plano)`,
  String.raw`top\s+(?:him|her|them|it|the\s+e-?sims?|(?:the\s+)?\p{L}+'s\s+e-?sim)\s+up|top\s+up\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:e-?sims?|data|plan)|(?:recarg(?:ar|a|arle|arlo|arla)|recarregar|recarrega)(?!\s+(?:(?:el|o|mi|meu|nuestro|nosso)\s+)?(?:saldo|cuenta|conta|cr[ée]dito|balance))`,
  // a top-up paid that did not come
  String.raw`(?:top[\s-]?up|recarga|recharge)\s+(?:\S+\s+){0,14}?(?:hasn'?t|has\s+not|didn'?t|did\s+not|never|no\s+se|n[ãa]o)\s+(?:changed|updated|gone\s+through|come\s+through|arrived|applied|aplic[óo]|reflej[óo]|acredit[óo]|caiu|entrou)`,
  // how much is left on it
  String.raw`(?:how\s+much|cu[áa]nt[oa]s?|quant[oa]s?)\s+(?:data|datos|dados|gb|gigas?|megas?)\s+(?:\S+\s+){0,2}?(?:left|remain\p{L}*|queda|quedan|resta|restam|sobra|sobran|sobram)|(?:data|datos|dados|saldo\s+de\s+dados)\s+(?:left|remaining|restantes)`,
  // one product ordered, another come: "pedimos Coreia e chegaram QR de Japão", "we ordered Korea but got Japan", "pedí Corea y me
  // llegaron de Japón"
  String.raw`(?:we\s+ordered|i\s+ordered|pedimos|ped[ií]|encomendamos|encomendei)\s+(?:\S+\s+){0,3}?(?:and|but|e|y|mas|pero)\s+(?:\S+\s+){0,2}?(?:got|received|came|arrived|chegaram|chegou|veio|vieram|recebemos|recebi|llegaron|lleg[óo]|recibimos|nos\s+(?:mandaron|mandaram|enviaron|enviaram)|(?:you|u)\s+sent)`,
  // no data taken now: "no le agarra datos", "no conecta a internet", "não pega internet", "not getting any data"
  String.raw`no\s+(?:(?:le|les|me|nos|se)\s+)?(?:agarra|agarran|jala|jalan|conecta|conectan|carga|cargan|toma|toman)\s+(?:(?:los|el|la|a)\s+)?(?:datos|internet|se[ñn]al|red)|n[ãa]o\s+(?:(?:me|lhe)\s+)?(?:pega|pegam|conecta|conectam|carrega)\s+(?:(?:os|o|a|na|no)\s+)?(?:dados|internet|sinal|rede)|(?:not|isn'?t|aren'?t)\s+getting\s+(?:any\s+)?(?:data|signal|internet|service)`,
  // what the phone shows, against what was bought: "plan shows 3GB instead of 10GB", "aparece 1GB en vez de 5GB"
  String.raw`(?:shows?|showing|says|aparece|muestra|mostra|dice|diz)\s+(?:\S+\s+){0,2}?(?:instead\s+of|en\s+vez\s+de|en\s+lugar\s+de|em\s+vez\s+de|no\s+lugar\s+de)`,
  // an eSIM named by its ICCID or EID: one already given, asked about
  String.raw`(?:iccid|eid)\s*[:：#]?\s*\d{10,}`,
  // it works only in some places
  String.raw`(?:only|solo|s[óo]lo|s[óo]|apenas)\s+(?:le\s+|lhe\s+)?(?:works?|anda|funciona|pega|conecta|connects)\s+(?:en|in|at|no|na|em|el|la)|(?:check|ver|revisar|verificar)\s+(?:the\s+|la\s+|a\s+)?(?:coverage|cobertura)|switch\s+(?:the\s+)?network|(?:cambiar|trocar)\s+(?:de\s+)?(?:red|rede|operadora)`,
  // its days started early
  String.raw`activated\s+itself|se\s+activ[óo]\s+sol[oa]|ativou\s+sozinh[oa]|(?:days?|d[ií]as)\s+(?:are\s+|ya\s+|j[áa]\s+)?(?:already\s+)?(?:est[áa]n\s+|est[ãa]o\s+)?(?:counting|running|contando|corriendo)|already\s+counting|se\s+(?:le\s+)?vence|se\s+(?:lhe\s+)?vence|vence\s+(?:ma[ñn]ana|amanh[ãa])`,
  // what the phone shows or asks for
  String.raw`gr[ae]yed\s+out|en\s+gris|(?:fica\s+|est[áa]\s+)?(?:em\s+)?cinza|sim\s+(?:no|n[ãa]o)\s+v[áa]lid[ao]|sim\s+not\s+valid|invalid\s+sim|(?:pide|piden|pidiendo|pede|pedem|pedindo|a\s+pedir|asks?\s+for|asking\s+for|wants)\s+(?:(?:un|uma|um|a|an|the|el|o)\s+)?['"“‘«]?(?:pin|puk|c[óo]digo\s+de\s+(?:activaci[óo]n|ativa[cç][ãa]o|confirmaci[óo]n|confirma[cç][ãa]o)|activation\s+code|confirmation\s+code)`,
  // another phone, by hand
  String.raw`pasar\s+(?:\S+\s+){0,2}?(?:de|a|al)\s+(?:un\s+|otro\s+|el\s+)?(?:iphone|tel[eé]fono|celular|cel|m[óo]vil|android|samsung)|passar\s+(?:\S+\s+){0,2}?(?:de|para|pro)\s+(?:um\s+|outro\s+|o\s+)?(?:iphone|telefone|celular|aparelho)|(?:cambi[óo]|troc(?:ou|aram))\s+de\s+cel|manual(?:ly|mente)?\s+(?:code|c[óo]digo|install\p{L}*|instal\p{L}*|entry)|(?:hace|hacer|hago|fazer|faz|do|enter|install|instalar|instala|activar|ativar|add|agregar|adicionar)\s+(?:\S+\s+)?manual(?:ly|mente)?`,
];
// (tune12) "用到第8天就停了", "突然断了", and a top-up paid that did not come: "shows paid but the balance hasn't changed",
// "la recarga no se aplicó", "a recarga não caiu", "充值了没到账".
const CJK = String.raw`(?:换成|換成|转成|轉成)(?:实体|實體|实|實)(?:卡|sim)|第\d+天就(?:停|断|斷|没|沒|不能用)|(?:就|突然|自己)(?:停|断|斷)(?:了|掉)|(?:充值|充了|加了)[^。！？!?]{0,8}(?:没到账|沒到賬|没加上|沒加上|没生效|沒生效)|用完|用光|冇晒|冇曬|開始計時|开始计时|灰色|搵唔到|找不到(?:网络|網絡|網路|信号|信號)|(?:速度|网速|網速)(?:非常|很|好|太)?慢|限速|剩(?:多少|下多少)流量|流量(?:还|還)?剩|(?:係咪|是不是|是否)有(?:问题|問題)|充流量`;

// Cards bought and not used, or that failed, asked back as credit or money or swapped: a person's
// whatever else the message orders ("nota de crédito", "vcs estornam?", "还有7张没用，可以换成越南的吗").
export const MONEY_BACK = new RegExp(
  String.raw`(?<![\p{L}])(?:nota\s+de\s+cr[ée]dito|credit\s+note|estorn\p{L}*|(?:que\s+)?no\s+se\s+(?:usaron|utilizaron)|n[ãa]o\s+foram\s+(?:usad|utilizad)[oa]s|(?:weren'?t|were\s+not|never\s+got)\s+used)(?![\p{L}])` +
    String.raw`|(?:没用|沒用)[^。！？!?\n]{0,20}(?:换成|換成|退)`,
  'iu',
);

export const SUPPORT_SITUATION = new RegExp(`(?<![\\p{L}])(?:${LATIN.join('|')})(?![\\p{L}])|${CJK}`, 'iu');
