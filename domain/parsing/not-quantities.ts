// Things that hold digits but are never a quantity: references, phone numbers, dates, times, money,
// counts of other things (shops, families, batches), ratios, sizes in MB, and the counts of an order
// before. Each pattern is blanked out of the text before any quantity is read.

// A month's name or its abbreviation as a whole word, in en/es/pt ("nov" but not "nova").
const MONTH = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|ene|abr|ago|dic|janeiro|fevereiro|março|marco|maio|junho|julho|setembro|outubro|novembro|dezembro|fev|out|dez)(?![\p{L}])`;

// Places and businesses a reseller counts ("my 3 shops", "2 agencias de viajes", "3个门店"), batches,
// shipments and hours, and the lines of the order itself ("two lines pls:", "3 líneas"): counts of other
// things, never of cards.
const OTHER_THINGS_EN = String.raw`(?:(?:travel|retail|partner|franchise|local|small|different|separate|physical)\s+)?(?:shops?|stores?|branch(?:es)?|outlets?|offices?|agenc(?:y|ies)|locations?|counters?|kiosks?|desks?|hotels?|buses|coaches|batch(?:es)?|shipments?|deliveries|departures|famil(?:y|ies)|households?|compan(?:y|ies)|cities|hours?|hrs?|minutes?|mins?|lines|rows|flights|legs|stopovers|layovers|connections|transfers)`;
const OTHER_THINGS_ES_PT = String.raw`(?:tiendas?|sucursal(?:es)?|agencias?|oficinas?|locales|puntos\s+de\s+venta|hoteles|autobuses|buses|lotes?|env[ií]os|salidas|familias|empresas|ciudades|mostradores|horas?|minutos?|lojas?|filiais|filial|ag[eê]ncias?|escrit[oó]rios?|pontos\s+de\s+venda|hot[eé]is|[oô]nibus|remessas?|sa[ií]das|fam[ií]lias|cidades|balc[oõ]es|l[ií]neas|linhas|filas|vuelos|voos|escalas|conexiones|conex[õo]es|traslados)`;

export const NOT_QUANTITIES: RegExp[] = [
  // A tax or device number with its label: "税号91440300MA5G8K2X1Q", "ICCID 8985...", "CNPJ 12.345.678/0001-90".
  /(?<![\p{L}])(?:tax\s*id|vat(?:\s*(?:no\.?|number|id))?|ruc|rfc|cnpj|cpf|nif|cif|cuit|iccid|imei|eid)\s*[:：#.]?\s*[A-Za-z0-9./-]{6,}|(?:税号|稅號|纳税人识别号|納稅人識別號|统一社会信用代码|統一社會信用代碼)\s*[:：]?\s*[A-Za-z0-9]{6,}/giu,
  // A long code of letters and digits mixed (a tax number, a tracking number): no count is written so.
  /(?<![A-Za-z0-9])(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{12,}(?![A-Za-z0-9])/g,
  // Phone numbers first: their parts look like references and dates.
  // "(tel 11 4567-8901)": a number after a phone label, before its parts are read as a reference.
  /(?:tel|tel\.|phone|ph|telefone|teléfono|telefono|fone|cel|celular|móvil|movil|mobile|mob|whatsapp|wa|电话|電話|手机|手機|联系电话|聯繫電話)\s*[:：.]?\s*\+?[\d\s().-]{6,}\d/gi,
  // "call me on 0412 555 019", "me liga no 11 91234-5678", "llámame al 611 234 567", "my number is 0412 555 019".
  /(?<![\p{L}])(?:(?:call|ring|phone|text|whatsapp)\s+(?:me|us)\s+(?:on|at)|(?:my|our)\s+(?:number|cell|mobile|phone)(?:\s+is)?|me\s+lig(?:a|ue|uem)\s+(?:no|n[oa]|pelo)|liga\s+pra\s+mim\s+no|ll[aá]ma(?:me|nos)\s+al|m[aá]rca(?:me|nos)\s+al|mi\s+(?:n[úu]mero|celular|m[óo]vil)(?:\s+es)?|meu\s+(?:n[úu]mero|celular|telefone|zap)(?:\s+[ée])?|我的?(?:电话|電話|手机|手機|号码|號碼))\s*[:：]?\s*\+?\d[\d \t().-]{5,}\d/giu,
  /\(\d{2,4}\)\s*\d{3,5}[-\s]?\d{0,4}/g, // (21) 98877-1122
  // A phone number in groups, with no label: "852 6123 4567", "0207 946 0321", "11 97777-1234", "138 1234 5678"
  // (three groups or more, nine digits or more, one group of four or five, or a leading 0; never "100 200 300").
  /(?<![\d.,]|(?:[x×]|qty|quantity)[ \t:]{0,3})(?=(?:\d[ -]?){9,}(?![\d]))(?=[\d -]*?(?:(?<!\d)0|\d{4}))(?![\d -]*?\d{4}-\d{1,2}-\d{1,2}(?!\d))(?:\d{2,5}[ -]){2,}\d{2,5}(?!\d|[.,]\d|\s*(?:gb|g\b|x\b|days?|d[ií]as?))/g,
  /(?<![\d.])0\d{1,3}-\d{3,4}(?:[\s-]\d{3,4})?(?!\d)/g, // 0755-8866 1234, 010-8765 4321
  // A street address: "1450 Market St", "1 Raffles Place", "22 Queen Street", "Av. Paulista 1578", "calle 93 #11-26",
  // "Rua Augusta, 2300", "彌敦道 132 號", and a Hong Kong floor "12/F".
  /(?<![\d.,])\d{1,5}[ \t]+(?!(?:x|pax|people|persons|passengers|travell?ers|guests|units?|pcs|pieces|cards|e?sims?|chips|of|more|for|to|in|on|and|or)(?![\p{L}]))(?:[\p{L}'’.-]+[ \t]+){1,3}?(?:st|street|rd|road(?![ \t]+trip)|ave|avenue|place|pl|blvd|boulevard|lane|ln|drive|dr|square|sq|parkway|pkwy|terrace|court|ct|highway|hwy)\.?(?![\p{L}])|(?<![\p{L}])(?:calle|carrera|cra\.?|rua|av\.|avenida|alameda|travessa|pra[çc]a|plaza|paseo|passeig|rambla|jir[óo]n)[ \t]+(?:[\p{L}.'’-]+[ \t]+){0,4}?(?:n[º°o]\.?[ \t]*)?,?[ \t]*\d{1,5}(?:[ \t]*#[ \t]*\d+(?:-\d+)?)?|(?:路|道|街|巷|弄)[ \t]*\d{1,5}[ \t]*[号號]|(?<![\d.,/])\d{1,3}[ \t]*\/[ \t]*f(?![\p{L}])/giu,
  // Whole references first: PO-2026-1187, BLT/2026/311, TN-2026-0077, OC-1188 ("-1187" is no quantity).
  /\b(?!(?:x|qty|qtd|cant)\d)[A-Za-z]{1,6}[-_#/]?\d+(?:[-/_][A-Za-z0-9]+)+\b/g,
  /\b\d{4}[-/]\d{2,}(?:[-/]\d+)*\b/g, // 2026-118
  /\b(?!(?:x|qty)\d)[A-Za-z]{1,6}\d*[-_#]?\d{2,}\b/g, // ORD-000412, Q-1029, VC-2211, B2B-001, PO123 (not x20, qty60)
  /#\d+(?:-\d+)?/g, // "#12", "#20-01" (a unit)
  /\+\d[\d\s().-]{6,}\d/g, // +66 81 234 5601
  /(?<!\d)\d{9,}(?!\d)/g, // long digit runs: phone numbers, account numbers
  /\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b/g, // 2026-11-25
  /\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b/g, // 25/11/2026
  /\b\d{1,2}\/\d{1,2}\b/g, // 25/11
  /\d{1,4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号號])?|\d{1,2}\s*月\s*\d{1,2}\s*[日号號]/g,
  /\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm)?\b/gi,
  /\b\d{1,2}\s*(?:am|pm)\b/gi,
  /\b\d{1,2}(?:st|nd|rd|th)\b/gi,
  new RegExp(String.raw`(?<!(?:[x×]|qty|quantity)[ \t:]{0,3})\b\d{1,2}(?:[ \t]+(?:al|a|to|till|until|até|ate|hasta)[ \t]+|[-–]|[ \t]*–[ \t]*)\d{1,2}[ \t]+(?:de[ \t]+)?${MONTH}`, 'giu'), // del 12 al 26 de marzo, 3 to 9 May, 12–26 Oct
  new RegExp(String.raw`\b${MONTH}\.?[ \t]+(?:de[ \t]+)?(?:19|20)\d{2}\b`, 'giu'), // March 2027, março de 2027
  new RegExp(String.raw`\b\d{1,2}[ \t]+(?:de[ \t]+)?${MONTH}[ \t,]+(?:de[ \t]+)?(?:19|20)\d{2}\b`, 'giu'), // 4 de noviembre de 2026
  /(?:19|20)\d{2}\s*年/gu, // 2027年
  new RegExp(String.raw`\b${MONTH}\.?[ \t]+\d{1,2}\b`, 'giu'), // Nov 14, December 3
  new RegExp(String.raw`(?<!(?:[x×]|qty|quantity)[ \t:]{0,3})\b\d{1,2}[ \t]+(?:de[ \t]+)?${MONTH}`, 'giu'), // 2 de diciembre, 3 Dec (never "35\nNova Zelândia")
  // "按¥120一张", "$6.50 each one": the price of one card, not a count of one.
  /[$€£¥￥]\s*\d+(?:[.,]\d+)?\s*(?:[一1]\s*[张張个個]|每\s*[张張个個])/gu,
  // A number written with a leading zero ("Singapore 079903", "CEP 01310-100"): a postcode or a code, never a count.
  /(?<![\d.,])0\d{4,}(?!\d)/g,
  // "一张卡能在大陆、香港、澳门都用的", "日本+越南一张卡，5GB": one card for several places, not a count of one.
  /(?<!要|来|來|买|買|订|訂|发|發|给|給|拿|先|只|再|试|試)一\s*[张張]\s*(?:卡|e?sim)(?=\s*(?:[，,、]|能|可以|都|两边|兩邊|同时|同時|通用|的|那种|那種|搞定|走遍|覆盖|覆蓋|包括|包含|用(?:吗|嗎|嘛|不|得)|\d))/giu,
  /(?:[$€£¥]|(?<![\p{L}])(?:usd|eur|cny|rmb|thb|us\$|mxn|brl|r\$|gbp|aud|sgd|hkd|twd|myr|php|cop|clp|ars|pen|mop|jpy|krw|s\/))\s*\d+(?:[.,]\d+)?/giu,
  /\d+(?:[.,]\d+)?\s*(?:usd|eur|cny|rmb|thb|mxn|brl|ars|cop|clp|pen|gbp|aud|sgd|hkd|twd|myr|php|mop|jpy|krw|dollars?|d[óo]lar(?:es)?|euros?|pesos|reais|soles|元|块|塊|美元|欧元|歐元|baht|bath)(?![a-z])(?:[ \t]*(?:[一1][ \t]*[张張个個]|每[ \t]*[张張个個]))?/gi, // "6块一张": with the card it prices
  /\d+(?:[.,]\d+)?[ \t]*[$€£¥₩฿](?![\d])/gu, // "12 € por persona", "90$": an amount, the sign after it
  /\d+(?:\.\d+)?\s*%/g,
  /(?:用|同|在)\s*一\s*[张張个個]\s*(?:卡|esim|sim)|(?<=\p{Script=Han})(?<!要|来|來|买|買|订|訂|发|發|给|給|拿|先|只|再|试|試)一\s*[张張]\s*(?:卡|e?sim)(?=\s*\d+\s*(?:g|gb|个g|個g)(?![a-z]))|一\s*[张張]\s*(?:卡|e?sim)?\s*(?:的)?\s*(?:通用|多国|多國|走天下|能用|可以用|都能用|能不能用)/giu, // "用一张卡", "一张卡通用": one product for several places, not a quantity
  // A number that names one place of the trip or of a fair: "la cabaña 7", "coach 7", "estande 1240", "booth 12", "floor 12",
  // "piso 3", "vagón 7", "mesa 4", "zone 2", "loja 12", "cabine 7142", "bunk 16", "seat 23C", "gate 44", "portão B12",
  // "terminal 4" (never a count said after it: "cabin crew 12 eSIMs" has no number right after the label).
  /(?<![\p{L}])(?:cabins?|cabines?|cabinas?|caba[ñn]as?|camarotes?|bunks?|beds?|camas?|literas?|beliches?|seats?|asientos?|assentos?|gates?|port[ãa]o|puerta|terminal|platform|and[ée]n|plataforma|stands?|booths?|estandes?|puestos?|coach|bus|[ôo]nibus|autocarro|floor|level|piso|andar|planta|vag[óo]n|vag[ãa]o|carriage|mesa|table|zone|zona|loja|local|tienda)\s*(?:(?:no\.?|n[º°o]\.?|nr\.?|number|n[úu]mero|#)\s*)?[:：#]?\s*[A-Za-z]?\d{1,5}[A-Za-z]?(?:[ \t]*(?:[-–]|to|a|al|até)[ \t]*[A-Za-z]?\d{1,5}[A-Za-z]?(?![\p{L}\d]))?(?!\d|[.,]\d|\s*(?:x\b|[×]|e?sims?\b|units?\b|pcs\b|unidades\b|chips\b|tarjetas\b|cart[õo]es\b|[张張个個]))/giu,
  // "are they 5G in Seoul?", "5G coverage", "soporta 5G", "4G/5G": the network, not a data size.
  /(?<![\d.])[345][ \t]*g(?=[ \t]*(?:networks?|coverage|signal|speeds?|lte|red(?![\p{L}])|rede(?![\p{L}])|cobertura|se[ñn]al|sinal|网络|網絡|信号|信號))|(?<![\p{L}])(?:are[ \t]+they|is[ \t]+it|is[ \t]+that|do(?:es)?[ \t]+(?:they|it)[ \t]+(?:have|support)|supports?|soportan?|suportam?)[ \t]+[345][ \t]*g(?![\p{L}\d])|(?<![\d.])[345]g[ \t]*\/[ \t]*[345]g(?![\p{L}\d])/giu,
  // A calendar week: "in week 42", "en la semana 12", "na semana 9" (never "next week 30 Japan 5GB", a count after the week).
  /(?<![\p{L}])(?:(?:in|during|from|by)\s+(?:calendar\s+)?week|(?:en|durante)\s+la\s+semana|(?:na|durante\s+a)\s+semana)\s+\d{1,2}(?!\d)/giu,
  // A document's number: "bilhete 4432", "reserva 55821 de Booking", "booking no. 88213", "passport ends 4471", "pasaporte
  // terminado en 9921", "手机尾号8866", "收據號 88213", "票号 5521" (four digits or more: "Reserva 150 Japón" and "booking 120 Japan" are counts).
  /(?<![\p{L}])(?:tickets?|bilhetes?|boletos?|booking|reservas?|reservations?|reservaci[óo]n|localizador|confirmation|passports?|pasaportes?|passaportes?)\s*(?:(?:no\.?|n[º°o]\.?|nr\.?|number|n[úu]mero|#|ends?(?:\s+in|\s+with)?|ending(?:\s+in)?|termina(?:do)?\s+(?:en|em)|terminando\s+(?:en|em))\s*)?[:：#]?\s*\d{4,}(?!\d|[.,]\d|\s*(?:x\b|[×]|e?sims?\b|units?\b|pcs\b|unidades\b|chips\b|tarjetas\b|cart[õo]es\b))|(?:尾号|尾號|收据号|收據號|座位号|座位號|登机口|登機口|票号|票號|预订号|預訂號|床位)\s*[:：]?\s*\d+/giu,
  // What is left in stock, not what is ordered: "nos quedan dos", "we have 3 left", "ainda restam 4", "还剩2张".
  /(?<![\p{L}])(?:(?:nos|me|les|s[óo]lo|solo|only|ainda|still)[ \t]+)?(?:quedan|queda|restan|resta|restam|sobran|sobram)[ \t]+(?:s[óo]lo[ \t]+|apenas[ \t]+)?\d+|(?<![\d.,])\d+[ \t]+(?:(?:cards?|e?sims?|units?)[ \t]+)?(?:left|remaining)(?![\p{L}])|(?:还剩|還剩|只剩|剩下|剩)[ \t]*\d+[ \t]*[张張个個]?/giu,
  // "2 days left before the trip", "faltan 3 días", "faltam 5 dias", "还有3天出发": time to go, not a plan's days.
  /(?<![\d.,])\d+[ \t]+(?:days?|weeks?)[ \t]+(?:left|to[ \t]+go|before[ \t]+(?:the[ \t]+)?(?:trip|flight|departure))|(?<![\p{L}])(?:faltan|faltam)[ \t]+\d+[ \t]+(?:d[ií]as|semanas)|(?:还有|還有)\s*\d+\s*天\s*(?:出发|出發|就走|起飞|起飛)/giu,
  // "hotel 4 estrellas", "5-star", "五星酒店": a hotel's stars.
  /(?<![\d.,])\d[ \t]*-?[ \t]*(?:stars?|estrellas|estrelas)(?![\p{L}])/giu,
  // "在3楼", "12层": a floor.
  /(?<![\d.,])\d{1,3}\s*(?:楼|樓|层|層)(?![\p{Script=Han}]{0,2}\d)/gu,
  // "rooms 401 a 412", "habitaciones 1501 a 1510", "quartos 401-412": the rooms, and the range of them.
  /(?<![\p{L}])(?:rooms?|rm|quartos?|cuartos?|habitaci[óo]n(?:es)?|hab\.?|suites?|apto?|apartamentos?)\s*[:#nº°.]*\s*\d+(?:\s*(?:a|to|al|até|ate|-|–)\s*\d+)?|\d+\s*(?:号房|號房|房(?![间間]))|房间\s*\d+|房間\s*\d+|(?:舱房|艙房|船舱|船艙|客舱|客艙)(?:号|號)?\s*[:：]?\s*\d+/giu, // room 1204, 舱房8206
  /(?<![\p{L}])(?:ages?|aged|idade(?:\s+média)?|edad(?:es)?(?:\s+media)?|edades)\s*(?:de\s*)?\d+(?:\s*[-–a]\s*\d+)?|\d+\s*(?:years?\s+old|y\/o|anos|años|岁|歲)(?![\p{L}])/giu, // ages 15-17, 68 anos, 60岁
  // "Group 2 – Dubai", "Grupo 1: Roma", "Grupo B –", "第2团": a group's label heading its line, not a count.
  /(?<![\p{L}])(?:group|grupo|team|equipo|equipe|batch|lote|party)[ \t]*(?:no\.?|nr\.?|#)?[ \t]*\d{1,2}(?=[ \t]*[-–—:：)]|[ \t]*$)/gimu,
  /第\s*\d+\s*(?:个|個)?(?:团|團|组|組|批)/gu,
  // "两个日本团", "3个泰国团": groups to a place.
  /\d+\s*(?:个|個)\s*\p{Script=Han}{1,4}?(?:团|團)(?![队隊购購])/gu,
  /\d+\s*(?:个团|個團|团|團|groups|grupos|families|familias|famílias|couples|parejas|casais|trips|tours|roteiros?|viagens|itinerarios|itinerários|行程)(?![\p{L}])/giu, // 4个团, 2 roteiros: groups and trips, not cards
  /(?<![\p{L}])(?:item|line|línea|linea|linha|ítem|lote)\s*(?:no\.?|nº|#)?\s*\d{1,3}(?!\d)/giu, // Item 1 – ...
  // "phase 2 of the project", "fase 3", "grade 10 students", "grado 5", "3ª série": a stage or a school year, not a count.
  /(?<![\p{L}])(?:phase|fase|etapa|stage|module|m[óo]dulo|grade|grado|s[ée]rie)\s*(?:no\.?|nº|#)?\s*\d{1,2}(?![\d.,]|\s*(?:x\b|×|units?|pcs|e?sims?|unidades|chips|cards))|\d{1,2}\s*[ªº]\s*s[ée]rie/giu,
  /(?<![\p{L}])(?:flight|flt|voo|vuelo|航班)\s*(?:no\.?|nº|#)?\s*[A-Z0-9]{2}\s?\d{1,4}/giu, // Flight TG 661
  // "flying 15/04 on EK 204", "volamos en LA 8084", "voamos pela TP 1024": an airline's code and a flight number
  // (never a place's code: "on us 100").
  /(?<![\p{L}])(?:flying|fly|flies|on|with|en|por|com|pela|pelo|na|no|de)[ \t]+(?!(?:us|uk|eu|jp|kr|th|sg|my|vn|id|hk|tw|tr|ae|au|ca|cn|mo|nz|in|me|of|it|as|is|at|to|so|do|go|no|mi|tu|el|la|lo|os|um|un|de|da|do|em|ou|se|te)\b)[a-z]{2}[ \t]?\d{3,4}(?![\d.,]|[ \t]*(?:gb|g\b|days?|d[ií]as?|x\b|units?|pcs|esims?|unidades|pax))/giu,
  /\d+\s*(?:nights?|noches|noites|days? trip)(?![\p{L}])|\d+\s*(?:晚|夜)(?![上间間])/giu, // 6 nights, 7晚航次
  // "比例过两天再告诉你", "3天后出发", "过几天再说": when, not a plan's days.
  /(?:过|過)\s*\d+\s*天|\d+\s*天\s*(?:后|後|之后|之後|以后|以後)/gu,
  /\d+[ \t]*(?:times|veces|vezes|次|遍)(?![\p{L}])/giu, // "restarted it 2 times": how often, not a count
  /\d+[ \t]*(?:bars?|barras|barrinhas|格信号|格信號|格)(?![\p{L}])/giu, // "shows 0 bars": the signal, not a count
  // "viaja dia 18", "llegan el día 3": a day of the month (never "por día 2GB", nor "30 day 50 pcs").
  /(?<![\p{L}]|\d[ \t-]*)(?:(?:el|o|no|on\s+the|on)[ \t]+)?(?:dia|día|day)[ \t]+\d{1,2}(?!\d|[.,]\d|[ \t]*(?:gb|g\b|mb|gigas?|x\b|×))/giu,
  // "vuelan el 22", "salen el 3", "llegan el 19", "voltam no 20", "flying on the 22", "back on the 5": a day of the
  // month after a word of travel (never "llegan 20 personas"); "31号前付款", "5号出发": a day in Chinese.
  /(?<![\p{L}])(?:vuel(?:a|an|o|en|ven)|viaj(?:a|an|o|am|amos)|sal(?:e|en|go|imos)|lleg(?:a|an|o|amos)|part(?:e|en|em|imos)|regres(?:a|an|amos)|volvemos|vo(?:a|am)|cheg(?:a|am)|sa(?:i|em)|volt(?:a|am)|fl(?:y|ies|ying)|leav(?:e|es|ing)|arriv(?:e|es|ing)|depart(?:s|ing)?|travel(?:s|ling|ing)?|back|returns?|returning)[ \t]+(?:el|o|no|on(?:[ \t]+the)?|the)[ \t]+\d{1,2}(?!\d|[.,]\d|[ \t]*(?:gb|g\b|mb|gigas?|x\b|×|units?|pcs|e?sims?|unidades|pax|people|personas|pessoas|cards|tarjetas|chips))/giu,
  /(?<![\d.])\d{1,2}[ \t]*[号號](?![房楼樓线線码碼])/gu,
  /(?:每人|每位|每个人|每個人|一人)\s*[一1]\s*[张張个個]|(?<!(?:[x×]|qty)[ \t:]{0,3})(?:one|1) (?:(?:e?sim|card) )?(?:each|per (?:person|pax|traveller|traveler|passenger|guest))|(?<!(?:[x×]|qty)[ \t:]{0,3})(?:uno|una|um|uma|1) (?:(?:e?sim|chip) )?(?:por persona|por pessoa|cada um|por viajero|por viajante|por pasajero|por passageiro)/giu, // 每人一张: one each, not a count
  /(?:多少钱|多少錢|多少|几多钱|幾多錢|什么价|什麼價)\s*[一1]\s*[张張个個]|[一1]\s*[张張个個]\s*(?:要)?\s*(?:多少|几多|幾多|什么价|什麼價)/gu, // 多少钱一张: the price of one card, not a count
  /(?:^|我们|我們|我)[ \t]*(?:在|人在)?\p{Script=Han}{2}(?:这边|這邊|这里|這裡)/gmu, // 澳门这边要...: where the reseller is, not what is ordered
  /(?:iphone|galaxy|pixel|redmi|xiaomi|huawei|mate|note)\s*\d{1,2}(?:\s*(?:pro|max|plus|ultra|mini|lite))*/giu, // iPhone 12
  /\d+\s*(?:tipos|types|kinds|sorts|products|productos|produtos|种|種|款|样|樣)(?![a-z])/gi, // "2 tipos: ..."
  /\d+\s*(?:countries|country|países|paises|país|pais|nations|国家|國家|个国家|個國家|国|國)(?![a-z])/gi, // "Asia 8 países"
  // "4.95一张", "15.30一张的话", "8块一张", "6.5美元每张": the price of one card, not a count of one.
  /(?:[一二两兩三四五六七八九十]+[ \t]*(?:块钱?|塊錢?|元|美元|美金|刀)|(?<![\d.,])\d+(?:[.,]\d{1,2}[ \t]*(?:块钱?|塊錢?|元|美元|美金|刀|usd|dollars?)?|[ \t]*(?:块钱?|塊錢?|元|美元|美金|刀|usd|dollars?)))[ \t]*(?:[一1][ \t]*[张張个個]|每[ \t]*[张張个個])/giu,
  // "one esim covering all three, 5GB", "un chip que sirva en los tres, 5GB", "um chip pros três países": how many places, not cards.
  /(?<![\p{L}]|\d[ \t]{0,3})(?:cover(?:s|ing)?|for|in|across|valid\s+in|that\s+works\s+in|para|en|em|cubr\p{L}*|cobr\p{L}*|sirva\s+en|sirve\s+en|funcione\s+em|funcione\s+en)\s+(?:all|the|todos|todas|los|las|os|as)\s+(?:(?:the|los|las|os|as)\s+)?\d(?=[ \t]*(?:[,;)?？!\-–—]|\.(?!\d)|$|countries|pa[ií]ses|destinations|destinos|places|lugares))|(?<![\p{L}]|\d[ \t]{0,3})(?:pros|pras|aos)\s+\d(?=[ \t]*(?:[,;)?？!\-–—]|\.(?!\d)|$|countries|pa[ií]ses|destinations|destinos|places|lugares))/gimu,
  /(?<![\d.,])\d+,\d{1,2}(?![\d])/g, // 4,95 (a decimal comma: a price)
  /(?<![\d.,])\d+\.\d{1,2}(?![\d]|\s*(?:gb|g\b|gig))/gi, // 5.85 (a price), not 1.5GB
  new RegExp(String.raw`\b\d{1,2}[ \t]*[-–][ \t]*\d{1,2}[ \t]+${MONTH}`, 'giu'), // 12-19 Oct
  /(?<![\p{L}])(?:oc|p\.?o\.?)[ \t]*(?:#|nr\.?|no\.?|n\.)?[ \t]*\d{3,}(?!\d)/giu, // OC 4471, PO 88213: the order's number
  // "ref 88213", "our ref. 5521", "referencia 7781", "order no. 4410", "order # 88213", "pedido nº 4471", "encomenda n.º 3390":
  // a number after a reference's label, however the line goes on ("ref 88213 - Korea 5GB, 25 units").
  /(?<![\p{L}])(?:ref(?:erence|er[êe]ncia|erencia)?\.?|(?:order|pedido|encomenda|orden|booking|invoice|factura|fatura)[ \t]*(?:no\.?|nr\.?|n[º°o]\.?|n\.[º°o]|number|n[úu]mero|#|ref\.?|intern[oa]|internal)|internal[ \t]+(?:order|ref|po))[ \t]*[:：#]?[ \t]*\d{3,}(?![\d.,]\d|[ \t]*(?:x\b|[×]|e?sims?\b|units?\b|pcs\b|unidades\b|[张張个個]))/giu,
  // "(pedido 4471)", "our order no. 5512", "o pedido 3390", "我们的订单 8812": an order already placed, by its number.
  /(?:(?<![\p{L}])(?:the|our|my|your|el|mi|nuestro|su|o|meu|nosso|seu)[ \t]+|\([ \t]*)(?:order|pedido|orden|encomenda)[ \t]*(?:#|nr\.?|no\.?|number|n[úu]mero)?[ \t]*\d{3,}(?!\d|[.,]\d|[ \t]*(?:x\b|×|units?|pcs|cards|e?sims?|unidades|chips|pax|gb|g\b))/giu,
  /\btier\s*\d\b/gi, // "tier 1 partner"
  // A year said alone: "Taiwan 5GB 2026, send 13", "turma 2026", "the 2026 tattoo group" (never "2026 cards", "x 2026").
  /(?<![\d.,x×]|[x×][ \t]|qty[ \t:]{1,3}|quantity[ \t:]{1,3}|cantidad[ \t:]{1,3}|quantidade[ \t:]{1,3})\b20[2-3]\d(?!\d|[.,]\d|[ \t]*(?:[x×]|units?|pcs|pieces|cards|e?sims?|unidades|uds|chips|cart[õo]es|tarjetas|pax|people|personas|pessoas|passengers|pasajeros|passageiros|张|張|个|個|gb|g\b))/giu,
  // "escuela N° 45", "nr. 12": a number by its label, not a count.
  /(?<![\p{L}])nr\.?[ \t]*\d+/giu,
  // Vehicles: "2台大巴共86人", "1 micro de 45 personas", "2 vans": how the group travels, not cards.
  /(?<!\d[.,]?)\d+[ \t]*(?:(?:micros?|vans?|minivans?|minibuses|minibus|autocarros?)(?![\p{L}])|(?:台|辆|輛)\s*(?:大巴|巴士|车|車|中巴|小巴))/giu,
  // Counts of other things: "my 3 shops", "2 travel agencies", "para mis 2 agencias", "3个门店", "两个家庭", "两批".
  new RegExp(String.raw`(?<![\d.,])\d+[ \t]+(?:${OTHER_THINGS_EN}|${OTHER_THINGS_ES_PT})(?![\p{L}])`, 'giu'),
  /\d+\s*(?:个|個|家|间|間)?\s*(?:门店|門店|分店|店铺|店鋪|店面|店|家庭|公司|旅行社|城市|办公室|辦公室|柜台|櫃檯|小时|小時|分钟|分鐘)|\d+\s*(?:批|趟)(?!发|發)/gu,
  // A ratio: "1 de cada 4 clientes", "one in four", "1 out of 5", "1 em cada 3", "每4个客人有1个".
  /(?<![\d.,])\d{1,3}[ \t]+(?:de[ \t]+cada|out[ \t]+of|in[ \t]+every|of[ \t]+every|em[ \t]+cada|a[ \t]+cada)[ \t]+\d{1,4}(?![\d.,])|(?<![\d.,])1[ \t]+in[ \t]+\d{1,3}(?![\d.,])|每\s*\d+\s*[个個位名]\p{Script=Han}{0,4}?(?:有|就有)\s*\d+\s*[个個位名]?/giu,
  // A time of day: "pa las 5 de la tarde", "a las 17", "às 5", "17h30", "5 o'clock", "下午2点", "3点半".
  /(?<![\p{L}])(?:a|para|pa|hasta|antes\s+de|despu[eé]s\s+de|sobre|desde)[ \t]+las?[ \t]+\d{1,2}(?:[:h.]\d{2})?(?:[ \t]*(?:hs?|hrs?|horas|de[ \t]+la[ \t]+(?:ma[ñn]ana|tarde|noche)))?(?![\d\p{L}]|[ \t]*[:：=][ \t]+\d)|(?<![\p{L}])(?:[àa]s|at[eé][ \t]+[àa]s|antes[ \t]+das|depois[ \t]+das|l[aá][ \t]+pelas|pelas)[ \t]+\d{1,2}(?:[:h]\d{2})?[ \t]*(?:h|hs|horas|da[ \t]+(?:manh[ãa]|tarde|noite))(?![\p{L}\d])|(?<![\p{L}])às[ \t]+\d{1,2}(?:[:h]\d{2})?(?![\d\p{L}])|(?<![\d.,])\d{1,2}[ \t]*(?:o'?clock|in[ \t]+the[ \t]+(?:morning|afternoon|evening)|de[ \t]+la[ \t]+(?:ma[ñn]ana|tarde|noche)|da[ \t]+(?:manh[ãa]|tarde|noite))(?![\p{L}])|(?<![\d.,\p{L}])\d{1,2}h\d{2}(?!\d)|(?:上午|下午|晚上|早上|中午|傍晚|凌晨)?\s*\d{1,2}\s*[点點](?:\s*\d{1,2}\s*分?|半|钟|鐘)?/giu,
  // A day of the month in Chinese: "8号、9号两批走", "25號出發" (never "3号房", "订单号").
  /(?<![\d号號])\d{1,2}\s*[号號](?![房码碼线線\d])/gu,
  // What was ordered before, not now: "the last 20 UK 10GB worked", "los últimos 30", "上次1张给客人试用".
  /(?<![\p{L}])(?:the[ \t]+)?(?:last|previous|past)[ \t]+\d+(?![\d.,]|[ \t]*(?:gb|g\b|days?|d\b|x\b))|(?<![\p{L}])(?:los|las|os|as)[ \t]+(?:[úu]ltim[oa]s|anteriores)[ \t]+\d+(?![\d.,]|[ \t]*(?:gb|g\b|d[ií]as?|x\b))|(?:上次|上回|上一次|上批|上一批|之前)\s*(?:订了?|訂了?|买了?|買了?|要了?|拿了?|发了?|發了?|的)?\s*\d+\s*(?:张|張|个|個)?(?!\d|\s*(?:g|gb|天|日))/giu,
  // The size of the reseller's business, not an order: "temos uns 500 clientes por mês", "tenemos 250 clientes
  // frecuentes", "we have about 300 customers a month", "我们一个月大概300个客户".
  /(?<![\p{L}])(?:we\s+have|we\s+get|we\s+serve|temos|tenemos|atendemos|recebemos|recibimos)\s+(?:(?:about|around|some|roughly|over|uns|umas|unos|unas|cerca\s+de|como|m[aá]s\s+de|mais\s+de)\s+)?\d+\s+(?:customers|clients|clientes|passengers|travell?ers|viajeros|viajantes)(?![\p{L}])|(?<![\d.,])\d+\s+(?:customers|clients|clientes|travell?ers|viajeros|viajantes)\s+(?:(?:a|per|each|every|por|al|ao|cada)\s+(?:month|week|year|mes|m[êe]s|semana|a[ñn]o|ano)|frecuentes|fijos|regulares|habituales|mensuales|mensais|fi[ée]is|regular|monthly)(?![\p{L}])|(?:[一1]\s*[个個]\s*月|每\s*[个個]?\s*月|[一1]\s*年|每\s*年|每\s*[周週])\s*(?:大概|大约|大約|约|約|有|差不多)*\s*\d+\s*(?:个|個|位|多)?\s*(?:客户|客戶|客人|游客|遊客)/giu,
  // A data size in MB: "shows 0 MB remaining", "500 megas".
  /(?<![\d.,])\d+(?:[.,]\d+)?[ \t]*(?:mb|kb|megas?|megabytes?)(?![\p{L}])/giu,
  /(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+/g, // from the start of the address only: one pass over a long word
  /https?:\/\/\S+/g,
];
