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

// Not working now, said as going on (tune13): "isn't connecting", "aren't working", "no está conectando", "no le está
// funcionando", "não tá conectando", "não estão funcionando"; and the plural said plainly: "não conectam", "no conectan".
const NOT_WORKING_NOW =
  // "keeps dropping", "se le cae", "fica caindo", "掉线": the connection lost again and again.
  String.raw`keeps\s+(?:dropping|disconnecting|cutting\s+out|losing\s+(?:signal|connection))|se\s+(?:(?:me|le|les|nos)\s+)?cae(?:n)?\s+(?:la\s+)?(?:se[ñn]al|conexi[óo]n|red)|(?:fica|ficam)\s+caindo|cai\s+toda\s+hora|` +
  String.raw`(?:isn'?t|is\s+not|aren'?t|are\s+not|wasn'?t|weren'?t|still\s+not)\s+(?:\p{L}+\s+)?(?:connecting|working|activating|loading|scanning|registering)` +
  String.raw`|no\s+(?:(?:le|les|me|nos|se)\s+)?(?:est[áa]|est[áa]n|anda|andan)\s+(?:conectando|funcionando|andando|cargando|activando|agarrando)` +
  String.raw`|n[ãa]o\s+(?:t[áa]|est[áa]|t[ãa]o|est[ãa]o|fica|ficam)\s+(?:conectando|funcionando|pegando|ativando|carregando|conectad[oa]s?)` +
  String.raw`|n[ãa]o\s+(?:conectam|funcionam|pegam|ativam|carregam)|no\s+(?:conectan|cargan|activan)`;
// A problem said to be had now: "está com problema", "estão com problemas", "tiene un problema", "we're having issues".
const HAS_PROBLEM =
  String.raw`(?:est[áa]|est[ãa]o|t[áa]|t[ãa]o|estamos|estou|ficou|ficaram)\s+com\s+(?:um\s+)?problemas?|(?:est[áa]n?|estamos|estoy)\s+con\s+(?:un\s+)?problemas?|(?<!no\s)(?:tiene|tienen)\s+(?:un\s+|unos\s+)?problemas?|(?:having|got|has|have)\s+(?:an?\s+|some\s+)?(?:problems?|issues?|trouble)\s+(?:with|on)`;
// The QR or the eSIM not come: "qr code didnt come thru", "the esims never showed up", "no me llegó el QR",
// "não chegou o QR", "二维码没收到", "QR码还没到".
const NOT_ARRIVED =
  String.raw`(?:qr|qrs|codes?|e-?sims?|email|e-mail)\s+(?:\S+\s+){0,3}?(?:didn'?t|did\s+not|didnt|hasn'?t|has\s+not|hasnt|haven'?t|have\s+not|havent|never|still\s+(?:hasn'?t|hasnt|not))\s+(?:come|came|arrive[d]?|show(?:ed)?\s+up|turn(?:ed)?\s+up|gone|went)(?:\s+(?:thru|through|in|up))?` +
  String.raw`|(?:qr|qrs|c[óo]digos?|e-?sims?|e-?mail|correo)\s+(?:\S+\s+){0,3}?(?:n[ãa]o|nunca|ainda\s+n[ãa]o|no|todav[ií]a\s+no)\s+(?:(?:me|nos|le|les|lhe)\s+)?(?:cheg(?:ou|aram)|veio|vieram|lleg[óo]|llegaron|ha\s+llegado|han\s+llegado)` +
  String.raw`|no\s+(?:me|nos|le|les)\s+(?:lleg[óo]|llegaron|ha\s+llegado|han\s+llegado)\s+(?:el|los|la|las)\s+(?:qr|c[óo]digos?|correo|e-?mail)|n[ãa]o\s+(?:me\s+|nos\s+)?cheg(?:ou|aram)\s+(?:o|os|a|as)\s+(?:qr|c[óo]digos?|e-?mail)`;

// The QR sent twice, or not to be seen (tune14, tune17): "2 of them came with the exact same QR code", "4 QR tão repetidos",
// "los códigos vinieron duplicados", "有两张二维码是一样的"; "o QR code não aparece no email", "the QR doesn't show in the email",
// "no se ve el QR"; and not received by the traveller: "el cliente no recibió el correo con el QR", "the guest never got the QR email".
const QR_WRONG =
  String.raw`(?:same|identical|duplicated?|repeated)\s+(?:qr|qrs|codes?|activation\s+codes?)(?!\s+(?:as|like|than)\s)` +
  String.raw`|(?:qr|qrs|c[óo]digos?|codes)\s+(?:\S+\s+){0,4}?(?:repetid[oa]s?|duplicad[oa]s?|iguais|iguales|id[ée]ntic[oa]s|identical|duplicates?|are\s+the\s+same|s[ãa]o\s+(?:os\s+)?mesmos|son\s+(?:los\s+)?mismos)` +
  String.raw`|(?:qr|c[óo]digo|code|imagem|imagen|image)\s+(?:\S+\s+){0,3}?(?:n[ãa]o\s+(?:aparece|abre|carrega)|no\s+(?:se\s+)?(?:aparece|ve|muestra|carga|abre)|(?:doesn'?t|does\s+not|won'?t|isn'?t|is\s+not)\s+(?:show|showing|load|loading|display|appear|open))` +
  // (the traveller's, not the reseller's: "I didn't get the QR codes" asks them sent again)
  String.raw`|(?:client[ea]?s?|customers?|guests?|passengers?|travell?ers?|pasajer[oa]s?|passageir[oa]s?|h[óo]spedes?|he|she|they|[ée]l|ella|ele|ela)\s+(?:\S+\s+)?(?:no|n[ãa]o|nunca|didn'?t|did\s+not|never|hasn'?t|has\s+not|haven'?t|have\s+not)\s+(?:\S+\s+)?(?:recibi[óo]|recibieron|recebeu|receberam|receive[d]?|got|get)\s+(?:\S+\s+){0,3}?(?:qr|qrs|correo|e-?mail|c[óo]digos?)`;

// Charged or billed other than agreed (tune14-17): "nos facturaron 60 y eran 50", "me cobraron a 8 y quedamos en 7", "billed for 30 but
// we only ordered 25", "charged us the old price instead of the new one", "the invoice is wrong", "a fatura veio errada", "扣错钱了".
const CHARGED_WRONG =
  String.raw`(?<!(?:be|it|can|could|please|to)\s+)(?:charged|billed|invoiced|(?:cobr|factur)(?:aron|[óo]|aram|ou|ado|ada|ados|adas))\s+(?:\S+\s+){0,5}?(?:(?:but|y|pero|mas|e|and)\s+(?:we\s+|i\s+)?(?:only\s+|s[óo]lo\s+|s[óo]\s+)?(?:ordered|agreed|eran|era|eram|fueron|foram|quedamos|acordamos|combinamos|pedimos|ped[ií])|instead\s+of|en\s+vez\s+de|en\s+lugar\s+de|em\s+vez\s+de|no\s+lugar\s+de)` +
  String.raw`|(?:invoice|factura|fatura|nota\s+fiscal)\s+(?:\S+\s+){0,2}?(?:is\s+wrong|was\s+wrong|est[áa]\s+mal|est[áa]\s+errad[oa]|veio\s+errad[oa]|vino\s+mal|incorrect[ao]?|equivocad[oa])`;

// The plan not to be seen on the phone, the phone asking for a carrier's code: "can't see the plan in settings", "el plan no
// aparece en el teléfono", "a linha não aparece", "it's asking for a carrier code", "pide el código de la operadora".
const NOT_SEEN =
  String.raw`(?:can'?t|cannot|can\s+not|couldn'?t|unable\s+to)\s+(?:see|find)\s+(?:the\s+|his\s+|her\s+|their\s+|my\s+|any\s+)?(?:plan|e-?sim|line|profile|data\s+plan)` +
  String.raw`|(?:plan|plano|e-?sim|l[ií]nea|linha|perfil|chip)\s+(?:\S+\s+)?(?:no\s+(?:(?:le|me|se)\s+)?(?:aparece|se\s+ve)|n[ãa]o\s+(?:(?:lhe|me)\s+)?aparece|(?:doesn'?t|does\s+not|won'?t)\s+(?:show|appear)(?!\s+(?:on|in)\s+(?:your|the)\s+(?:price\s*list|list|website|site|catalog(?:ue)?|portal)))` +
  String.raw`|(?:asks?|asking)\s+for\s+(?:a\s+|the\s+)?(?:carrier|unlock|network)\s+code|(?:pide|piden|pede|pedem|pidiendo|pedindo)\s+(?:\S+\s+)?c[óo]digo\s+(?:de\s+(?:la\s+)?operadora|da\s+operadora|de\s+desbloqueo|de\s+desbloqueio)`;

// An error shown, no one able to get online, less than was sold: "3 dão erro", "le sale error", "shows an error", "none can get
// online", "ninguno puede conectarse", "ninguém consegue conectar", "the data is half what you advertised", "menos de lo prometido".
const FALLS_SHORT =
  String.raw`(?<!(?:form|website|site|web|page|p[áa]gina|portal|formulario|formul[áa]rio|link)\s+)(?:d[ãa]o|d[áa]|dando|deu|sale|salen|sali[óo]|da|dan|gives?|giving|gave|shows?|showing|throws?|throwing|got|getting|aparece|aparecen)\s+(?:an?\s+|um\s+|un\s+|el\s+|o\s+)?(?:erro|error|errores|erros)` +
  String.raw`|(?:none|nobody|no\s+one|not\s+one)\s+(?:of\s+them\s+)?(?:can|could|is\s+able\s+to)\s+(?:get\s+online|connect|browse|get\s+data|use\s+it)|(?:ninguno|ninguna|nadie)\s+(?:\S+\s+)?(?:puede|pudo|logra|consigue)\s+(?:conectar\p{L}*|navegar|usar\p{L}*)|ningu[ée]m\s+(?:\S+\s+)?(?:consegue|conseguiu|pode)\s+(?:conectar|navegar|usar)` +
  String.raw`|(?:half|less\s+than|a\s+fraction\s+of)\s+(?:of\s+)?what\s+(?:you|was|they)\s+(?:advertised|promised|sold|said)|not\s+what\s+(?:you|was)\s+(?:advertised|promised)|menos\s+de\s+lo\s+(?:prometido|anunciado|que\s+dijeron)|(?:menos|metade)\s+do\s+que\s+(?:foi\s+)?(?:prometido|anunciado|vendido)`;

// Cut off, or found bad: "the line got suspended", "the esim was deactivated", "le desactivaron la esim", "la línea fue suspendida",
// "foi desativado", "quality is terrible", "la calidad es malísima", "a qualidade é péssima".
const CUT_OFF =
  String.raw`(?<!(?:roaming|card|cart[ãa]o|tarjeta|account|cuenta|conta|payment|pago|pagamento)\s+)(?:got|was|were|been|is|are|fue|fueron|est[áa]|foi|foram|est[áa]o)\s+(?:(?!not\s|no\s|n[ãa]o\s)\S+\s+)?(?:suspended|deactivated|disabled|cut\s+off|blocked|suspendid[oa]s?|desactivad[oa]s?|bloquead[oa]s?|cortad[oa]s?|desativad[oa]s?|cortad[oa]s?)|(?:desactivaron|suspendieron|cortaron|desativaram|suspenderam|cortaram)\s+(?:\S+\s+){0,2}?(?:e-?sims?|l[ií]nea|linha|chip|servicio|servi[çc]o|datos|dados)` +
  String.raw`|(?:quality|service|signal|coverage|calidad|servicio|se[ñn]al|cobertura|qualidade|servi[çc]o|sinal)\s+(?:is|was|es|fue|est[áa]|[ée]|foi|t[áa])\s+(?:(?!not\s|no\s|n[ãa]o\s|nada\s)\S+\s+)?(?:terrible|awful|horrible|rubbish|bad|poor|mal[ií]sim[oa]|p[ée]ss?im[oa]|malo|mala|ruim|horr[íi]vel|fraco|fraca)`;

// Misbehaving, in everyday words: "tá dando pau", "tá bugado", "a internet caiu e não volta", "está fallando", "se cayó el internet",
// "the esim is glitching", "acting up", "出问题了".
const MISBEHAVING =
  String.raw`(?:dando|deu|d[áa])\s+pau|(?:t[áa]|est[áa]|ficou)\s+bugad[oa]|(?:caiu|cay[óo]|se\s+cay[óo])\s+(?:\S+\s+){0,2}?(?:e|y)\s+(?:n[ãa]o|no)\s+(?:volta|vuelve|voltou|volvi[óo])|(?:est[áa]|est[áa]n|anda|sigue)\s+fallando|(?:is|are|keeps?)\s+(?:glitching|glitchy|buggy|acting\s+up|playing\s+up)|acting\s+up|playing\s+up`;

// It will not let them, none of them works, it never worked (tune12): "no le deja instalar", "não deixa ativar", "won't let
// her install", "none of the Korea eSIMs activate", "ninguna de las 10 funciona", "nenhum dos chips ativa", "didn't work",
// "no funcionaron", "não funcionaram"; the wrong product come: "recebi o QR do Vietnã mas o pedido era Tailândia", "but the
// order was Japan", "pero el pedido era de Corea"; a service called the worst.
const WONT_LET =
  String.raw`no\s+(?:(?:me|le|les|nos|lo|la)\s+)?(?:deja|dejan|permite|permiten)\s+(?:\S+\s+)?(?:instalar|activar|escanear|agregar|a[ñn]adir|usar)` +
  String.raw`|n[ãa]o\s+(?:(?:me|lhe|o|a)\s+)?(?:deixa|deixam|permite|permitem)\s+(?:\S+\s+)?(?:instalar|ativar|escanear|adicionar|usar)` +
  String.raw`|(?:won'?t|doesn'?t|does\s+not|will\s+not)\s+let\s+(?:\S+\s+)?(?:install|activate|scan|add|use)`;
const NONE_WORK =
  String.raw`(?:none|not\s+(?:one|a\s+single\s+one))\s+of\s+(?:\S+\s+){0,5}?(?:activate[sd]?|work(?:s|ed)?|connect(?:s|ed)?|scan(?:s|ned)?|load(?:s|ed)?)` +
  String.raw`|ningun[oa]\s+(?:de\s+)?(?:\S+\s+){0,5}?(?:activa|activ[óo]|funciona|funcion[óo]|conecta|sirve|anda)` +
  String.raw`|nenhum[a]?\s+(?:\S+\s+){0,5}?(?:ativa|ativou|funciona|funcionou|conecta|pega)` +
  String.raw`|(?:didn'?t|did\s+not|never)\s+work(?:ed)?|no\s+funcionaron|n[ãa]o\s+funcionaram`;
const WRONG_ITEM =
  String.raw`(?:but|mas|pero|por[ée]m)\s+(?:the\s+|our\s+|o\s+|nosso\s+|el\s+|nuestro\s+|mi\s+|meu\s+)?(?:order|pedido|encomenda)\s+(?:was|era|foi|fue)` +
  String.raw`|(?:worst|terrible|awful)\s+service|p[ée]simo\s+(?:servicio|atendimento|servi[çc]o)|servi[çc]o\s+p[ée]ssimo`;

// Cards given back: "quiero devolver 5 de las de Japón", "quero devolver 5", "can we return 5 of them".
const RETURNED = String.raw`(?:quiero|queremos|quero|queremos|podemos|puedo|posso|se\s+puede|d[áa]\s+pra)\s+devolver|(?:want\s+to|can\s+(?:we|i)|could\s+(?:we|i)|like\s+to)\s+(?:give\s+back|return|send\s+back)\s+(?:\d+|them|these|those|the|some)`;

export const COMPLAINT_PHRASES = new RegExp(
  String.raw`(?<![\p{L}])(?:${CAN_NOT}|${STOPPED}|${CHARGED_AGAIN}|${RETURNED}|${NOT_WORKING_NOW}|${HAS_PROBLEM}|${NOT_ARRIVED}|${WONT_LET}|${NONE_WORK}|${WRONG_ITEM}|${QR_WRONG}|${CHARGED_WRONG}|${NOT_SEEN}|${FALLS_SHORT}|${CUT_OFF}|${MISBEHAVING})(?![\p{L}])` +
    // "无法添加套餐", "添加不了", "都不能用", "全部激活不了", "但我们订的是泰国", "服务太差".
    String.raw`|(?:无法|無法)(?:添加|加入)|掉线|掉線|老是断|老是斷|总是断|總是斷|(?:添加|加)不(?:了|上)|(?:都|全都|全部|一张都|一張都)(?:不能用|用不了|激活不了|连不上|連不上|没网|沒網)|但(?:是)?(?:我们|我們)?(?:订|訂)的是|服务太差|服務太差` +
    // "二维码没收到", "QR码还没到", "把esim删了", "不小心删了": the QR not come, the eSIM deleted.
    String.raw`|(?:二维码|二維碼|qr码|qr碼|qr)(?:(?!跟|和|与|與|同|像)[^。！？!?\n]){0,4}?(?:是)?(?:一样|一樣|相同|重复|重複)|(?:二维码|二維碼|qr码|qr碼)(?:显示不出|顯示不出|不显示|不顯示|看不到|打不开|打不開)` +
    String.raw`|(?:二维码|二維碼|qr码|qr碼|qr)(?:还|還|一直|都)?(?:没|沒|未)(?:收到|到|来|來)|(?:e-?sim|二维码|二維碼|qr码|qr碼)(?:给|給)?(?:误|誤|不小心)?(?:删|刪)(?:了|掉|除)|不小心(?:把)?[^。，,！!？?]{0,10}(?:删|刪)` +
    String.raw`|(?:扫|掃|激活|安装|安裝|连|連|上网|上網)不(?:了|上|到)|无法(?:扫描|激活|安装|连接|使用|上网)|無法(?:掃描|激活|安裝|連接|使用|上網)` +
    // "扣错钱了", "收多了", "发票开错了", "客人在大阪没有网" (not "有没有网"), "没有数据".
    // "网速特别慢", "流量没了", "卡被停了", "质量太差了".
    String.raw`|(?<!别|別|不要|不会|不會|没|沒|会不会|會不會|千万别|千萬別|以免|免得|怕|避免|防止|万一|萬一)出(?:了)?(?:问题|問題)了?|(?:网速|網速|速度)(?:特别|特別|超级|超級|有点|有點|非常|很|好|太|巨)慢|流量(?:就)?(?:没了|沒了)|被停(?:了|用|机|機)|(?:质量|質量|服务|服務)(?:太|很|好|真)差` +
    String.raw`|(?:扣|收)(?:错|錯|多了)|(?:发票|發票)(?:开|開)?(?:错|錯)|(?<!有)(?:没有|沒有)(?:网|網|数据|數據)(?![^。！？!?\n]{0,12}?(?:需要|要买|要買|所以|得买|得買))|` +
    String.raw`(?:扣|收|付|刷)了?(?:两|兩|三|\d+)次|重复(?:扣|收|付)|重複(?:扣|收|付)|不能用了|突然不能用`,
  'iu',
);
