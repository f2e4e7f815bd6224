// What goes to a person though it names no complaint word, in the four languages:
// - a question about installing or using an eSIM ("how do I install it on a Samsung", "¿se activa al
//   escanearlo o al llegar?", "precisa instalar antes de viajar?", "是落地再装还是出发前装", "热点");
// - an eSIM already bought or delivered ("the ones you sent", "my customer bought", "vendimos 12",
//   "installed", "ya escaneado", "扫过") that does not do what it should ("no les llega el internet",
//   "expired after a week", "开不了热点", "so slow").
// And a problem said to be over ("the Turkey problem is sorted, now need 25", "apesar do problema com
// o lote anterior, preciso de mais 30"): what the message asks now is an order.

const HOW = String.raw`(?:how|cómo|como|como\s+que|de\s+que\s+forma)`;
const INSTALL_VERB = String.raw`(?:install|reinstall|set\s+up|setup|activate|configure|add|turn\s+on|instala|instalo|instalar|instalan|instalamos|reinstalar|activa|activo|activar|ativa|ativo|ativar|configura|configuro|configuramos|configuran|configuram|configurar|agrega|agregar|adiciona|adicionar|usa|usar)`;

const SUPPORT_QUESTION_LATIN = [
  // "how do I install the esim on a samsung", "cómo se instala en un iphone", "como instala no motorola"
  String.raw`${HOW}\s+(?:(?:do|does|can|should|to|i|we|you|they|he|she|the\s+customer|my\s+customer|se|le|lo|la|eu|a\s+gente|o\s+cliente|el\s+cliente)\s+){0,3}${INSTALL_VERB}`,
  // "como faço pra apagar o eSIM antigo e instalar o novo", "cómo hago para borrarlo", "how do I go about removing the old one"
  String.raw`${HOW}\s+(?:fa[çc]o|fazemos|faz|hago|hacemos|hace|do\s+(?:i|we)|can\s+(?:i|we))\s+(?:pra|para|to)?\s*(?:\S+\s+){0,4}?(?:${INSTALL_VERB}|(?:delet|remov|apag|borr|elimin|exclu)\p{L}*)`,
  // "need to be installed before departure", "instalar antes de viajar", "só quando chegar", "after landing"
  String.raw`(?:install(?:ed)?|instal(?:ar|a|o|ado|ada|arlo|arla)|activ(?:ar|a|ado|ada|arlo|arla)|ativ(?:ar|a|ado|ada))\s+(?:\S+\s+){0,3}?(?:before|after|antes|despu[eé]s|depois|al\s+llegar|quando\s+chegar|on\s+arrival|upon\s+arrival)`,
  String.raw`(?:before\s+(?:departure|leaving|flying|they\s+fly|the\s+flight)|after\s+landing|on\s+arrival|al\s+escanearlo|cuando\s+(?:el\s+cliente\s+)?(?:llega|llegue)|s[óo]\s+quando\s+chegar|quando\s+chegar\s+l[áa])`,
  String.raw`reinstal\p{L}*`,
  // "no tiene wifi para instalarlo", "how does he install it", "pra instalá-lo": installing the one already given
  String.raw`instal(?:arlo|arla|arlos|arlas|á-lo|á-la|a-lo|a-la)|install\s+it(?:\s+on)?`,
  String.raw`hot\s*spot|tethering|punto\s+de\s+acceso|compartir\s+(?:datos|internet)|rotear|roteamento|compartilhar\s+(?:dados|internet)`,
  // the phone's menu named: "añadir plan celular", "add cellular plan", "adicionar plano celular"
  String.raw`(?:añadir|agregar|add|adicionar)\s+(?:a\s+)?(?:plan|plano)\s+(?:celular|m[óo]vil|cellular|de\s+datos)|(?:add\s+)?(?:cellular|mobile)\s+plan|op[cç][aã]o\s+de\s+e-?sim|opci[oó]n\s+de\s+e-?sim|the\s+option\s+anywhere`,
  // a QR already read
  String.raw`(?:qr|c[oó]digo)\s+(?:\S+\s+){0,4}?(?:escaneado|lido|le[ií]do|scanned|used)`,
  // too slow in any spelling
  String.raw`so+\s+slow|slow\s+af|2g\s+speeds?|lent[íi]ssim[oa]|lent[íi]sim[oa]|lent[oa]\s+demais|(?:muito|muy|bem|tan|t[ãa]o)\s+lent[oa]|slow\s+(?:at\s+night|in\s+the\s+evening)|lent[oa]\s+(?:[àa]\s+noite|de\s+noche|por\s+la\s+noche)`,
  // what the phone shows, quoted: "shows 'SIM not provisioned'", "aparece como 'inactiva'", "mostra 'SOS apenas'"
  String.raw`(?:shows?|showing|says|saying|displays?|reads|aparece(?:\s+como)?|muestra|dice|sale|mostra|mostrando|diz|fica\s+em|trava(?:do|da)?\s+em|stuck\s+on)(?=\s*[:：]?\s*['"“‘«])`,
  // no bars, no signal: "shows 0 bars", "zero signal", "no tiene barras", "sem barrinhas", "搜不到信号"
  String.raw`(?:no|zero|0|sin|sem|nenhuma|ninguna)\s+(?:\S+\s+)?(?:bars?|barras|barrinhas|signal|se[ñn]al|sinal)|(?:no\s+tiene|n[ãa]o\s+tem)\s+(?:\S+\s+)?(?:barras|barrinhas|se[ñn]al|sinal)|data\s+(?:is|was)\s+(?:gone|used\s+up|finished)|(?:los|sus)\s+datos\s+se\s+(?:acabaron|terminaron)|os\s+dados\s+(?:acabaram|sumiram)`,
  String.raw`not\s+provisioned|no\s+provisionad[ao]|n[ãa]o\s+provisionad[ao]|sos\s+(?:only|apenas|solamente|solo|s[óo])|(?:only|apenas|solo|s[óo]lo|s[óo])\s+sos|emergency\s+calls\s+only|s[óo]lo\s+emergencias|somente\s+emerg[êe]ncia|trav(?:a|ou|ado|ada)\s+em|se\s+traba|se\s+qued[óo]\s+pegad[oa]|tried\s+restarting|reiniciando|followed\s+(?:the|your)\s+(?:manual|guide|instructions|steps)|(?:fiz|hice|hicimos|fizemos)\s+tudo|segu[ií]\s+(?:los\s+pasos|el\s+manual|la\s+gu[ií]a)`,
  // what the phone can take: "does the Galaxy A14 take eSIM", "aceita eSIM?", "¿es compatible con eSIM?", "não acha a opção"
  String.raw`(?:support|supports|accept|accepts|aceita|aceitam|acepta|aceptan|admite|admiten|soporta|soportan|suporta|suportam|compatible|compat[íi]vel|compat[íi]veis|take|takes|work\s+with)\s+(?:\S+\s+){0,2}?e-?sims?|e-?sim\s+(?:compatible|compat[íi]vel)|(?:n[ãa]o\s+(?:acha|encontra|aparece)|no\s+(?:encuentra|aparece|le\s+aparece)|can'?t\s+find|cannot\s+find|doesn'?t\s+(?:show|find))\s+(?:a\s+|la\s+|the\s+)?(?:op[cç][aã]o|opci[oó]n|option|menu|men[uú])`,
  // one eSIM on two devices, a tablet, a new phone
  String.raw`(?:two|2|dos|dois|duas|another|other|otro|otra|outro|outra|new|nuevo|novo)\s+(?:phones?|devices?|tel[eé]fonos?|celular(?:es)?|aparelhos?|dispositivos?|m[óo]viles?)|tablet|ipad`,
  // what the plan is or does: a phone number, SMS, calls, a VPN, roaming settings, speed limits
  String.raw`(?:has|have|come\s+with|comes\s+with|include|includes|tem|t[êe]m|vem\s+com|inclui|tiene|tienen|viene\s+con|incluye|trae)\s+(?:a\s+|um\s+|un\s+)?(?:phone\s+number|n[úu]mero(?:\s+de\s+tel[eé]fono|\s+de\s+telefone)?|sms|calls|llamadas|liga[cç][õo]es|vpn)|(?:receive|get|receber|recibir)\s+(?:\S+\s+){0,2}?(?:sms|text\s+messages|otp|verification\s+codes?|c[óo]digos?\s+de\s+verifica[cç][ãa]o|c[óo]digos?\s+de\s+verificaci[óo]n)|vpn|data\s+roaming|roaming\s+de\s+(?:datos|dados)|(?:primary|main|physical)\s+(?:line|sim)|(?:linha|l[ií]nea|chip)\s+principal|limita[cç][ãa]o\s+do\s+plano|limitaci[óo]n\s+del\s+plan|throttl\p{L}*`,
  // data used up too fast
  String.raw`(?:consume|consumen|gasta|gastam|gastan|uses?|using|eats?|burn(?:s|ing)?|goes|went|acaba|acabou|se\s+acaba)\s+(?:\S+\s+){0,3}?(?:muy|muito|so|too|really|very|t[ãa]o|tan|bem)\s+(?:r[áa]pido|fast|quick(?:ly)?)|(?:is\s+(?:that|it|this)\s+normal|(?:es|é|e)\s+normal\s*[?¿])`,
  // a QR or its email lost, a guide asked for, what to do now
  String.raw`(?:lost|deleted|perdi[oó]?|perdeu|borr[oó]|apag(?:ou|uei))\s+(?:\S+\s+){0,3}?(?:qr|e-?mail|correo|c[óo]digo)|(?:guide|gu[ií]a|manual|tutorial|instructions|instrucciones|instru[cç][õo]es|passo\s+a\s+passo|paso\s+a\s+paso|step[\s-]+by[\s-]+step)\s+(?:\S+\s+){0,4}?(?:install|instalar|instala[cç][ãa]o|instalaci[óo]n|activate|activar|ativar|set\s*up|configur\p{L}*)|what\s+(?:do|should)\s+(?:i|we|they)\s+do|qu[eé]\s+(?:hago|hacemos|hace)|o\s+que\s+(?:eu\s+)?(?:fa[cç]o|fazemos|ele\s+faz|ela\s+faz)`,
  // the eSIM bought wrong, to be swapped: "client bought the wrong one, can I swap", "compró el equivocado"
  String.raw`bought\s+the\s+wrong|compr(?:ó|o|aron|ou|aram)\s+(?:\S+\s+){0,2}?(?:equivocad[oa]|errad[oa])|(?:can|could)\s+(?:i|we|you)\s+(?:swap|exchange|change)|(?:se\s+puede|puedo|podemos|d[áa]\s+pra|posso|podemos)\s+(?:cambiar|trocar)`,
  // whether it was installed: "can you see if my client's eSIM was installed"
  String.raw`(?:if|whether|se|si)\s+(?:\S+\s+){0,6}?(?:was|has\s+been|got|foi|fue|ya\s+fue|j[áa]\s+foi)\s+(?:installed|activated|instalad[oa]|activad[oa]|ativad[oa])`,
  // phone settings and locks: "the APN", "locked to the carrier", "bloqueado por la operadora"
  String.raw`apn|(?:carrier|network|sim)[\s-]+locked|locked\s+to\s+(?:the\s+|a\s+|his\s+|her\s+)?(?:carrier|network|operator)|(?:bloquead|travad)[oa]\s+(?:por|pela|para|na|en|a)\s+(?:la\s+|a\s+)?operadora`,
  // moving, extending or adding to an eSIM already given: "can we move the esim to his new phone", "cambió de teléfono",
  // "can you extend it by 5 days", "dá pra estender", "add 2GB to the Korea esim", "agregar más datos"; calls on it
  String.raw`(?:move|transfer|switch|pass)\s+(?:\S+\s+){0,3}?(?:e-?sims?|plan|it)\s+(?:to|onto|into)|transferir|trasferir|pasar\s+la\s+e-?sim|passar\s+o\s+e-?sim|(?:cambi[óo]|cambiaron|troc(?:ou|aram))\s+de\s+(?:tel[eé]fono|celular|m[óo]vil|aparelho)|(?:extend|extender|estender|prorrogar|prolong)\p{L}*\s+(?:\S+\s+){0,4}?(?:\d+\s+)?(?:days?|d[ií]as|it|them|la|lo|o|a|el|plan|plano|validity|validez|validade|more|m[aá]s|mais)|(?:add|agregar|a[ñn]adir|adicionar|colocar|poner|p[ôo]r)\s+(?:more\s+|m[aá]s\s+|mais\s+)?(?:\d+\s*gb\s+|data\s+|datos\s+|dados\s+)(?:to|a|al|à|ao|no|na|en|em)|(?:make|receive|hacer|recibir|fazer|receber)\s+(?:\S+\s+)?(?:calls|llamadas|liga[cç][õo]es)|whatsapp\s+calls|llamadas\s+de\s+whatsapp|liga[cç][õo]es\s+(?:de|pelo|no)\s+whatsapp`,
  // when the days start: "does the validity start when installed", "la validez empieza al instalar"
  String.raw`(?:validity|validez|validade|vigencia|days?|d[ií]as)\s+(?:\S+\s+){0,3}?(?:start|starts|started|begin|begins|began|count|counts|empieza|empiezan|empez[óo]|empezaron|comienza|comienzan|comenz[óo]|comenzaron|cuenta|cuentan|come[cç]a|come[cç]am|come[cç]ou|come[cç]aram|conta|contam)`,
  // it worked before, it does not now; pages that do not load
  String.raw`(?:was|were)\s+working\s+(?:\S+\s+)?(?:yesterday|before|fine|until|this\s+morning)|funcionaba\s+(?:ayer|bien|antes|hasta)|funcionava\s+(?:ontem|bem|antes|at[ée])|(?:not|no|n[ãa]o|don'?t|doesn'?t|won'?t|nothing)\s+(?:\S+\s+){0,2}?(?:navega|navegam|load|loads|loading|carga|cargan|carrega|carregam|abre|abrem|open|opens)`,
  // a phone named and asked whether it takes the eSIM: "does it work on a Pixel 6?", "¿sirve para iPhone 12?", "funciona no iPhone
  // 8?", "is the iphone XR compatible?", "o Xiaomi do cliente é compatível?"
  String.raw`(?:work|works|funciona|funcionan|sirve|sirven|anda|compatible|compat[íi]vel)\s+(?:\S+\s+){0,2}?(?:on|with|in|en|con|para|no|na|em|com|pro|pra)\s+(?:\S+\s+)?(?:iphone|samsung|galaxy|pixel|xiaomi|redmi|huawei|motorola|moto|oppo|vivo|oneplus|honor|android|ipad)` +
    String.raw`|(?:iphone|samsung|galaxy|pixel|xiaomi|redmi|huawei|motorola|oppo|oneplus|honor|android)\s+(?:\S+\s+){0,4}?(?:compatible|compat[íi]vel)`,
  // when to install it: "when should the customer install it?", "¿cuándo tiene que instalarla?", "quando o cliente deve instalar?"
  String.raw`(?:when|cu[áa]ndo|quando)\s+(?:\S+\s+){0,3}?(?:should|must|do|does|to|tiene\s+que|tienen\s+que|debe|deben|hay\s+que|conviene|deve|devem|precisa|tem\s+que)\s+(?:\S+\s+){0,2}?(?:install|activate|scan|instal\p{L}*|activ\p{L}*|ativ\p{L}*|escane\p{L}*)`,
  // the phone locked or lost, the number kept, a QR used twice, "what now"
  String.raw`(?:phone|tel[eé]fono|celular|m[óo]vil|aparelho|telem[óo]vel)\s+(?:\S+\s+)?(?:is\s+|est[áa]\s+|t[áa]\s+)?(?:locked|bloquead[oa])|lost\s+(?:his|her|their|the|a)\s+phone|(?:phone|iphone)\s+(?:was\s+)?stolen|perdi[óo]\s+(?:el\s+|su\s+)?(?:tel[eé]fono|celular|m[óo]vil)|(?:perdeu|roubaram)\s+o\s+(?:celular|telem[óo]vel|telefone)` +
    String.raw`|(?:keep|mantener|manter|conservar)\s+(?:\S+\s+){0,2}?(?:whatsapp|phone\s+number|n[úu]mero)|(?:use|usar|reuse|reusar|reutilizar|scan|escanear)\s+(?:(?:the|el|o|la)\s+)?(?:(?:same|mismo|mesmo)\s+)?(?:qr|c[óo]digo)\s+(?:\S+\s+)?(?:twice|two\s+times|again|dos\s+veces|otra\s+vez|duas\s+vezes|de\s+novo)|what\s+now|y\s+ahora\s+qu[eé]|e\s+agora\s*[?？]`,
  // the install's own words: "SM-DP+", "activation code for manual install"; roaming to switch on ("¿hay que activar el roaming?", "precisa
  // ligar o roaming?"); not knowing how ("no sabe cómo instalarla", "não sabe instalar", "doesn't know how to install")
  String.raw`sm-?dp\+?|(?:activar|activa|ligar|liga|ativar|turn\s+on|enable|switch\s+on)\s+(?:el\s+|o\s+|the\s+)?(?:data\s+)?roaming|(?:no|n[ãa]o|doesn'?t|don'?t|does\s+not)\s+(?:sabe|saben|sei|sabemos|know|knows)\s+(?:c[óo]mo\s+|como\s+|how\s+to\s+)?(?:${INSTALL_VERB}|instal\p{L}*|activ\p{L}*|ativ\p{L}*|escane\p{L}*|scan)`,
  // a speed measured or compared: "speed test shows 0.3 Mbps", "speed is like 2G", "parece 3G", "what can we do"
  String.raw`speed\s*test|\d+(?:[.,]\d+)?\s*(?:mbps|kbps|kb\/s|mb\/s)|(?:like|como|parece|tipo)\s+(?:2g|3g|edge|dial-?up)|what\s+can\s+(?:i|we|they|he|she)\s+do|qu[eé]\s+(?:podemos|puedo|puede|pueden)\s+hacer|o\s+que\s+(?:podemos|posso|pode|podem)\s+fazer`,
  // slow, said plainly
  String.raw`(?:is|are|it'?s|runs?|running|going|va|anda|andan|est[áa]|est[áa]n|t[áa]|fica|ficou)\s+(?:\S+\s+)?(?:slow|laggy|crawling|lent[oa]s?|devagar)|super\s+slow|really\s+slow|muito\s+devagar`,
  // a code said to be invalid
  String.raw`(?:qr|c[óo]digo|code)\s+(?:\S+\s+){0,5}?(?:no\s+es\s+v[áa]lido|(?:ya\s+)?no\s+(?:es|est[áa])\s+v[áa]lido|n[ãa]o\s+(?:[ée]|est[áa])\s+(?:mais\s+)?v[áa]lido|(?:is\s+)?(?:not|no\s+longer)\s+valid)`,
];
const SUPPORT_QUESTION_CJK = String.raw`手动安装|手動安裝|(?<=\p{Script=Han})sm-?dp|(?:iphone|三星|苹果|蘋果|华为|華為|小米|安卓|pixel|手机|手機)[^。？?！!\n]{0,10}(?:能用吗|能用嗎|支持吗|支持嗎|可以用吗|可以用嗎|兼容吗|兼容嗎)|什么时候(?:安装|安裝|激活|扫码|掃碼)|什麼時候(?:安裝|激活|掃碼)|手机丢了|手機丟了|丢了手机|丟了手機|(?:怎么|怎麼|如何)(?:添加|开通|開通|下载|下載)|怎么安装|怎麼安裝|如何安装|如何安裝|怎么装|怎麼裝|换了(?:新)?手机|換了(?:新)?手機|转过去|轉過去|转到新手机|轉到新手機|延期|续期|續期|加流量|充流量|流量包|加油包|能打电话吗|能打電話嗎|可以打电话吗|可以打電話嗎|搜不到|(?:提示|显示|顯示|弹出|彈出|报错|報錯)[:：]?\s*[“"「『]|有锁|有鎖|网络锁|網絡鎖|有效期.{0,8}(?:开始|開始)|(?:从|從)(?:安装|安裝|激活|落地).{0,4}(?:开始|開始)算|昨天还能用|昨天還能用|之前还能用|之前還能用|很卡|卡顿|卡頓|显示无效|顯示無效|二维码无效|二維碼無效|买错|買錯|能换吗|能換嗎|可以换吗|可以換嗎|能不能换|能不能換|主卡|副卡|数据漫游|數據漫遊|漫游|漫遊|流量跑|两台手机|兩台手機|两部手机|兩部手機|平板|电话号码|電話號碼|收短信|接短信|收验证码|收驗證碼|验证码|驗證碼|翻墙|翻牆|安装教程|安裝教程|安装说明|安裝說明|教程|怎么办|怎麼辦|正常吗|正常嗎|只有sos|只能紧急|只能緊急|有没有装|有沒有裝|装好了没|裝好了沒|是否已经激活|流量(?:用|跑)得(?:很|太|好)?快|用得(?:很|太)快|晚上(?:很|特别|特別)?慢|怎么激活|怎麼激活|如何激活|怎么设置|怎麼設置|怎么弄|怎麼弄|不会弄|不會弄|不会装|不會裝|落地再装|落地再裝|落地装|落地裝|出发前装|出發前裝|提前装|提前裝|重新安装|重新安裝|热点|熱點|没装上|沒裝上|装不上|裝不上|开不了|開不了|打不开|打不開|下载不了|下載不了|网速慢|網速慢|慢死|骂了|罵了|“好用”|"好用"`;

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

// It expired, or ran out, before its time: "se vencieron antes", "expirou antes", "7天就过期了", "caducó a los 20 días", "acabou em
// 7 dias", "stopped working after 9 days".
// Its data gone by a day of the trip: "half of them ran dry on day 3", "se les acabaron los datos al tercer día", "acabou no
// segundo dia", "第3天就没流量了".
const EXPIRED = new RegExp(
  String.raw`(?<![\p{L}])(?:expired|expirou|expiraram|expir[óo]|expiraron|caduc(?:[óo]|ou|aron|aram)|se\s+venci[óo]|se\s+vencieron|vencieron|venceu|venceram|lasted\s+only|only\s+lasted|dur[óo]\s+(?:solo|s[óo]lo)|duraron|durou` +
    String.raw`|ran\s+(?:dry|out)\s+(?:\S+\s+){0,2}?(?:on|by|after|within)\s+(?:day|the\s+\S+\s+day|\d)|se\s+(?:(?:le|les|nos|me)\s+)?(?:acab[óo]|acabaron|termin[óo]|terminaron)\s+(?:\S+\s+){0,3}?(?:el|al)\s+(?:d[ií]a|\S+\s+d[ií]a)|(?:acab|termin)(?:ou|aram)\s+(?:\S+\s+){0,3}?(?:no|em)\s+(?:dia|\S+\s+dias?)` +
    String.raw`|(?:se\s+)?(?:consumi[óo]|consumiu|gast[óo]|gastou)\s+(?:\S+\s+){0,2}?(?:en|em|in)\s+(?:un|uno|um|una|uma|one|a|dos|dois|two|\d+)\s+(?:d[ií]as?|days?|horas?|hours?)` +
    String.raw`|(?:acab[óo]|termin[óo]|ran\s+out|died|stopped\s+working|dej[óo]\s+de\s+funcionar|deixou\s+de\s+funcionar|par[óo]|parou)\s+(?:\S+\s+){0,2}?(?:a\s+los|aos|after|in|en|em|al|ao)\s+(?:(?:only|just|s[óo]lo|solo|s[óo]|apenas)\s+)?\d+\s*(?:days?|d[ií]as?))(?![\p{L}])` +
    String.raw`|过期|過期|到期了|第[\d一二三四五六七八九十]+天就(?:没|沒|用完|用光)`,
  'iu',
);

// Some of the cards bought before ("5 of the 20 Korea esims", "de las 10 de Japón, 2", "das 15 do Japão, 3",
// "20张日本卡里有3张", "其中3张"), or cards sold or sent before ("the ones I sold yesterday", "from last week").
const BOUGHT_BEFORE = new RegExp(
  String.raw`(?<![\p{L}\d])(?:(?:\d+|one|two|three|some|a\s+few)\s+of\s+(?:the|my|our|those|these)\s+\d+|(?:i|we)\s+(?:sent|gave|delivered|handed\s+out)|(?:de|dos|das)\s+(?:las|los|os|as|mis|meus|minhas)?\s*\d+\s+(?:\S+\s+){0,4}?\d+\s+(?:clientes|cliente|pasajeros|passageiros|viajeros|viajantes|no|n[ãa]o|est[áa]n|est[ãa]o|tienen|t[êe]m)|(?:i|we)\s+(?:sold|bought)|(?:you|u)\s+sent|from\s+last\s+(?:week|month|order)|de\s+la\s+semana\s+pasada|del\s+pedido\s+anterior|da\s+semana\s+passada|do\s+pedido\s+anterior|vend[ií]\s|vendimos|vendemos|vendi\s)(?![\p{L}])|\d+\s*[张張](?:\p{Script=Han}{0,6})?(?:里|裡|中)(?:有)?\s*\d+\s*[张張]|其中\s*\d+\s*[张張]|发来的|發來的|你们发的|你們發的|上周(?:买|買|订|訂)的|上次(?:买|買|订|訂)的`,
  'iu',
);

export function speaksOfDeliveredProblem(text: string): boolean {
  return (DELIVERED.test(text) && NOT_WORKING.test(text)) || EXPIRED.test(text) || (BOUGHT_BEFORE.test(text) && SUPPORT_QUESTION.test(text));
}

// "the Turkey problem from last week is sorted", "apesar do problema", "a pesar del problema", "问题已经解决了".
export const PROBLEM_OVER = new RegExp(
  String.raw`(?<![\p{L}])(?:(?:problem|issue)s?\s+(?:\S+\s+){0,4}?(?:is|was|are|were|got|has\s+been|have\s+been)\s+(?:now\s+)?(?:sorted|solved|resolved|fixed|fine)|despite\s+the\s+(?:problem|issue)|apesar\s+d[oe]s?\s+problema|a\s+pesar\s+del?\s+problema|(?:problema|lío|lio)\s+(?:\S+\s+){0,4}?(?:ya\s+)?(?:est[áa]\s+)?(?:resuelto|solucionado|arreglado)|problema\s+(?:\S+\s+){0,4}?(?:j[áa]\s+)?(?:foi\s+)?(?:resolvido|solucionado))(?![\p{L}])|(?:问题|問題)(?:已经|已經)?(?:解决|解決|搞定)了|虽然(?:上次|之前)?(?:有)?(?:问题|問題)|尽管(?:上次|之前)?(?:有)?(?:问题|問題)`,
  'iu',
);
