import type { Language } from '../parsing/vocabulary';

// Every sentence the bot says, in the reseller's language. Parameters are already formatted
// (money as "THB 1,234.00", dates as "2026-11-26 19:00 UTC").

export type Texts = {
  language: Language;
  onboardingAsk: string;
  onboardingThanks: string;
  handoff: Record<'unsure_parse' | 'person_requested' | 'complaint' | 'viewer_ordering' | 'instruction_like_text' | 'over_value_threshold' | 'over_credit_limit' | 'llm_unavailable' | 'account_inactive' | 'processing_failed', string>;
  help: string;
  whichProduct: (lineText: string, quantity: string, choices: string) => string;
  unknownProduct: (lineText: string) => string;
  /** A place we do not sell: said so, with what comes closest. */
  notSold: (place: string, quantity: string, choices: string) => string;
  /** Places to be covered by one eSIM that no single product covers. */
  noSingleProduct: (places: string, quantity: string, choices: string) => string;
  /** The rules were not sure of a complete reading: it is read back before anything is quoted. */
  checkReading: (lines: string) => string;
  weCover: (regions: string) => string;
  howMany: (product: string) => string;
  quantityMustBePositive: (product: string) => string;
  quantityAboveLineMax: (quantity: number, max: number) => string;
  quantityAboveOrderMax: (quantity: number, max: number) => string;
  trialOrderTooLarge: (max: number) => string;
  tooManyLines: (max: number) => string;
  textTooLong: (max: number) => string;
  tooManyTextLines: (max: number) => string;
  quoteHeader: (ref: string, expiresAt: string) => string;
  /** "Your reference: PO-2026-1187" under the quote's header. */
  yourReference: (ref: string) => string;
  quoteTotal: (total: string) => string;
  quoteAskConfirm: string;
  quoteExpiredRequoted: (oldRef: string) => string;
  paidPrepaid: (orderRef: string, amount: string, balance: string) => string;
  paidPostpaid: (orderRef: string, amount: string) => string;
  awaitingPayment: (orderRef: string, missing: string, quoteRef: string) => string;
  stillAwaitingPayment: (orderRef: string, missing: string, quoteRef: string) => string;
  placing: (orderRef: string, count: number) => string;
  progress: (orderRef: string, done: number, total: number) => string;
  delivered: (orderRef: string, count: number) => string;
  deliveredAsFile: (orderRef: string, count: number) => string;
  /** The order is finished short: nothing more will come for these eSIMs; refund is the prepaid amount returned (null: postpaid, not invoiced). */
  undelivered: (orderRef: string, missing: number, total: number, refund: string | null) => string;
  physical: (orderRef: string) => string;
  shipped: (orderRef: string, count: number, tracking: string, iccids: string) => string;
  testProfiles: string;
  cancelledQuote: (ref: string) => string;
  cancelledOrder: (ref: string) => string;
  nothingToCancel: string;
  nothingToConfirm: string;
  /** A "yes" that reached us before quote `ref` was sent: not taken as confirming it. */
  confirmBeforeQuote: (ref: string) => string;
  /** A cancel named `ref` (a quote, an order, a PO) that is none of the open quote and the unpaid order. */
  cancelNotFound: (ref: string) => string;
  statusLine: (ref: string, status: string, delivered: number, total: number, date: string) => string;
  statusNotFound: (ref: string) => string;
  noOrders: string;
  lastOrders: string;
  balancePrepaid: (amount: string) => string;
  balancePostpaid: (limit: string, used: string, available: string) => string;
  cannotPrice: (sku: string) => string;
  paymentReleased: (amount: string, orderRef: string) => string;
  paymentShort: (amount: string, orderRef: string, missing: string, quoteRef: string) => string;
  topUpReceived: (amount: string, balance: string) => string;
  paymentReceivedPostpaid: (amount: string, outstanding: string) => string;
  lowBalance: (balance: string, threshold: string) => string;
};

const en: Texts = {
  language: 'en',
  onboardingAsk:
    "Hello! I don't have this contact on file yet. To open a reseller account, please reply with: company name, legal entity, registration number or document, country, sales channels, estimated monthly volume, and the primary contact. Our team will review it and get back to you here.",
  onboardingThanks: 'Thank you! I have passed your details to our team; they will reply here once your account is approved.',
  handoff: {
    unsure_parse: "I'm not sure I read that right, so I've asked a colleague to help. They will reply here shortly.",
    person_requested: "Of course, I've asked a colleague to join. They will reply here shortly.",
    complaint: "I'm sorry about that. I've passed this to a colleague who will look into it and reply here shortly.",
    viewer_ordering: 'This contact is registered as view-only, so I cannot place orders from it. A colleague will follow up with you here.',
    instruction_like_text: "I can only take orders and answer account questions here. I've passed your message to a colleague.",
    over_value_threshold: 'This order is above the amount I can confirm on my own. A colleague will review it and reply here shortly.',
    over_credit_limit: 'This order would go over your credit limit. A colleague will review it with you here shortly.',
    llm_unavailable: "I couldn't read that message reliably right now, so I've passed it to a colleague.",
    account_inactive: 'Your account with us is not active at the moment, so I cannot take orders here. A colleague will contact you shortly.',
    processing_failed: "Sorry, something went wrong on our side while handling your message, so I've passed it to a colleague. They will reply here shortly.",
  },
  help: 'Hi! Tell me what you need, for example "200 x Japan 10GB 15 days". You can also ask for a quote, your balance, or the status of an order (e.g. ORD-000123).',
  whichProduct: (line, qty, choices) => `Which product do you mean for "${line}"${qty}? Please reply with one of:\n${choices}`,
  unknownProduct: (line) => `I couldn't find "${line}" in our catalogue.`,
  notSold: (place, qty, choices) => `We don't sell eSIMs for ${place}${qty} on their own. The closest we have:\n${choices}\nReply with one of them if it suits you.`,
  noSingleProduct: (places, qty, choices) => `We have no single eSIM that covers ${places}${qty}. You can order one for each place, or one of these:\n${choices}`,
  checkReading: (lines) => `To be sure I read your message right, this is what I understood:\n${lines}\nReply "yes" and I'll send the quote, or write the order again as you want it.`,
  weCover: (regions) => `We cover: ${regions}.`,
  howMany: (product) => `How many ${product} would you like?`,
  quantityMustBePositive: (product) => `The quantity for ${product} must be at least 1.`,
  quantityAboveLineMax: (q, max) => `${q} cards on one line is more than I can take in one order (at most ${max} per line). Please split it or ask us for a custom order.`,
  quantityAboveOrderMax: (q, max) => `${q} cards is more than one order can hold (at most ${max}). Please split it into smaller orders.`,
  trialOrderTooLarge: (max) => `Your first order is a trial order of at most ${max} cards. Please order ${max} or fewer this time.`,
  tooManyLines: (max) => `That is more than ${max} different products in one order. Please split it.`,
  textTooLong: (max) => `That message is too long for me to read (at most ${max.toLocaleString('en-US')} characters). Please send the order in shorter messages, or attach it as a CSV or Excel file.`,
  tooManyTextLines: (max) => `That message has more than ${max} lines, more than I can read at once. Please split it, or attach the order as a CSV or Excel file.`,
  quoteHeader: (ref, expires) => `Quote ${ref} (prices locked until ${expires}):`,
  yourReference: (ref) => `Your reference: ${ref}`,
  quoteTotal: (total) => `Total: ${total}`,
  quoteAskConfirm: 'Reply YES to confirm the order, or CANCEL.',
  quoteExpiredRequoted: (old) => `Quote ${old} has expired, so here is a fresh one at today's prices.`,
  paidPrepaid: (ref, amount, balance) => `Order ${ref} is confirmed and ${amount} was taken from your prepaid balance (now ${balance}).`,
  paidPostpaid: (ref, amount) => `Order ${ref} is confirmed; ${amount} will be on your next invoice.`,
  awaitingPayment: (ref, missing, quote) => `Order ${ref} is waiting for payment: your prepaid balance is ${missing} short. Please wire ${missing} (or more) with the reference ${quote}; the order goes out as soon as it arrives.`,
  stillAwaitingPayment: (ref, missing, quote) => `Order ${ref} is still waiting for ${missing}. Please wire it with the reference ${quote}.`,
  placing: (ref, count) => `Ordering ${count} eSIMs for ${ref} from our supplier now.`,
  progress: (ref, done, total) => `${ref}: ${done} of ${total} eSIMs ready, more on the way.`,
  delivered: (ref, count) => `Here are your ${count} eSIM${count === 1 ? '' : 's'} for ${ref}. Scan the QR code, or enter the activation code by hand:`,
  deliveredAsFile: (ref, count) => `Your ${count} eSIMs for ${ref} are in the attached CSV (one row per eSIM, with its LPA activation string) and the ZIP of QR codes.`,
  undelivered: (ref, missing, total, refund) =>
    `Our supplier could not deliver ${missing === total ? `any of the ${total} eSIM${total === 1 ? '' : 's'}` : `${missing} of the ${total} eSIMs`} of ${ref}. ${refund ? `The ${refund} for ${missing === 1 ? 'it' : 'them'} is back on your prepaid balance.` : `${missing === 1 ? 'It' : 'They'} will not be invoiced.`} A colleague is looking into it and will reply here.`,
  physical: (ref) => `Physical SIM order ${ref} is with our fulfilment team; I will send the tracking number here once it ships.`,
  shipped: (ref, count, tracking, iccids) => `Your ${count} SIM card(s) for ${ref} have shipped. Tracking number: ${tracking}\nICCIDs:\n${iccids}`,
  testProfiles: '(Sandbox supplier: these are TEST profiles and will not connect to a network.)',
  cancelledQuote: (ref) => `Quote ${ref} is cancelled. Nothing was charged.`,
  cancelledOrder: (ref) => `Order ${ref} is cancelled. Nothing was charged.`,
  nothingToCancel: 'There is no open quote or unpaid order to cancel.',
  nothingToConfirm: 'There is no open quote to confirm. Tell me what you need, e.g. "100 x Korea 5GB 30 days".',
  confirmBeforeQuote: (ref) => `Your "yes" reached us before quote ${ref} was sent, so it has not confirmed it. Please check the quote and reply YES to confirm it.`,
  cancelNotFound: (ref) => `I could not find ${ref} among your open quote and unpaid order, so nothing was cancelled. To cancel, reply with the quote or order number (Q-... or ORD-...).`,
  statusLine: (ref, status, done, total, date) => `${ref}: ${status}, ${done}/${total} eSIMs delivered (ordered ${date}).`,
  statusNotFound: (ref) => `I could not find an order ${ref} on your account.`,
  noOrders: 'You have no orders yet.',
  lastOrders: 'Your latest orders:',
  balancePrepaid: (amount) => `Your prepaid balance is ${amount}.`,
  balancePostpaid: (limit, used, available) => `Credit limit ${limit}; outstanding ${used}; available ${available}.`,
  cannotPrice: (sku) => `I cannot price ${sku} right now; a colleague will reply here shortly.`,
  paymentReleased: (amount, ref) => `Your payment of ${amount} has arrived. Order ${ref} is paid and the eSIMs follow shortly.`,
  paymentShort: (amount, ref, missing, quote) => `Your payment of ${amount} has arrived, thank you. Order ${ref} still needs ${missing}: please wire it with the reference ${quote}.`,
  topUpReceived: (amount, balance) => `Your payment of ${amount} has arrived and is on your prepaid balance (now ${balance}).`,
  paymentReceivedPostpaid: (amount, outstanding) => `Your payment of ${amount} has arrived, thank you. Outstanding now: ${outstanding}.`,
  lowBalance: (balance, threshold) => `Your prepaid balance is ${balance}, below ${threshold}. To keep orders going out at once, please top it up by wire with your reseller id as the reference.`,
};

const zh: Texts = {
  language: 'zh',
  onboardingAsk: '您好！我们还没有您的联系方式记录。如需开通分销商账户，请回复：公司名称、法律实体、注册号或证明文件、国家、销售渠道、预计月销量和主要联系人。我们的团队审核后会在这里回复您。',
  onboardingThanks: '谢谢！您的资料已转交我们的团队，账户批准后会在这里通知您。',
  handoff: {
    unsure_parse: '我不确定是否理解正确，已请同事协助，稍后会在这里回复您。',
    person_requested: '好的，已请同事加入，稍后会在这里回复您。',
    complaint: '非常抱歉给您带来不便，已转交同事处理，稍后会在这里回复您。',
    viewer_ordering: '该联系人为只读权限，无法下单。同事会在这里与您跟进。',
    instruction_like_text: '我只能在这里处理订单和账户问题，您的消息已转交同事。',
    over_value_threshold: '该订单金额超出我可自行确认的范围，同事会审核后在这里回复您。',
    over_credit_limit: '该订单将超出您的信用额度，同事会在这里与您确认。',
    llm_unavailable: '暂时无法准确识别这条消息，已转交同事处理。',
    account_inactive: '您在我们这里的账户目前未启用，因此无法在此下单。同事会尽快与您联系。',
    processing_failed: '抱歉，处理您的消息时我们这边出了问题，已转交同事处理，稍后会在这里回复您。',
  },
  help: '您好！请告诉我您需要什么，例如“日本10G 15天 200张”。也可以询问报价、余额或订单状态（如 ORD-000123）。',
  whichProduct: (line, qty, choices) => `“${line}”${qty}是指哪一款？请回复以下之一：\n${choices}`,
  unknownProduct: (line) => `目录中找不到“${line}”。`,
  notSold: (place, qty, choices) => `我们暂不单独销售${place}的eSIM${qty}。最接近的产品：\n${choices}\n如合适，请回复其中之一。`,
  noSingleProduct: (places, qty, choices) => `我们没有一张同时覆盖${places}的eSIM${qty}。可以每个地区各订一款，或选择以下之一：\n${choices}`,
  checkReading: (lines) => `为确保理解无误，我读到的是：\n${lines}\n如正确请回复“是”，我会发送报价；否则请按您的需要重新写一遍订单。`,
  weCover: (regions) => `我们覆盖：${regions}。`,
  howMany: (product) => `${product} 需要多少张？`,
  quantityMustBePositive: (product) => `${product} 的数量至少为 1。`,
  quantityAboveLineMax: (q, max) => `单行 ${q} 张超出单笔订单上限（每行最多 ${max} 张），请拆分或联系我们定制订单。`,
  quantityAboveOrderMax: (q, max) => `${q} 张超出单笔订单上限（最多 ${max} 张），请拆分成多笔订单。`,
  trialOrderTooLarge: (max) => `首笔订单为试用订单，最多 ${max} 张，请这次订购 ${max} 张或以下。`,
  tooManyLines: (max) => `一笔订单超过 ${max} 种产品，请拆分。`,
  textTooLong: (max) => `这条消息太长，我无法读取（最多 ${max} 个字符）。请分成几条较短的消息发送，或以 CSV / Excel 文件附上订单。`,
  tooManyTextLines: (max) => `这条消息超过 ${max} 行，我无法一次读取。请拆分，或以 CSV / Excel 文件附上订单。`,
  quoteHeader: (ref, expires) => `报价 ${ref}（价格锁定至 ${expires}）：`,
  yourReference: (ref) => `贵方单号：${ref}`,
  quoteTotal: (total) => `合计：${total}`,
  quoteAskConfirm: '回复“确认”下单，或回复“取消”。',
  quoteExpiredRequoted: (old) => `报价 ${old} 已过期，以下是按今日价格的新报价。`,
  paidPrepaid: (ref, amount, balance) => `订单 ${ref} 已确认，已从预付余额扣除 ${amount}（余额 ${balance}）。`,
  paidPostpaid: (ref, amount) => `订单 ${ref} 已确认，${amount} 将计入下期账单。`,
  awaitingPayment: (ref, missing, quote) => `订单 ${ref} 等待付款：预付余额还差 ${missing}。请汇款 ${missing}（或以上），备注 ${quote}，到账后立即发货。`,
  stillAwaitingPayment: (ref, missing, quote) => `订单 ${ref} 仍差 ${missing}，请汇款并备注 ${quote}。`,
  placing: (ref, count) => `正在向供应商订购 ${ref} 的 ${count} 张 eSIM。`,
  progress: (ref, done, total) => `${ref}：已就绪 ${done}/${total} 张，其余正在处理。`,
  delivered: (ref, count) => `这是订单 ${ref} 的 ${count} 张 eSIM。请扫描二维码，或手动输入激活码：`,
  deliveredAsFile: (ref, count) => `订单 ${ref} 的 ${count} 张 eSIM 在附件 CSV（每行一张，含 LPA 激活串）和二维码 ZIP 中。`,
  undelivered: (ref, missing, total, refund) =>
    `供应商无法交付订单 ${ref} 的 ${total} 张 eSIM 中的 ${missing} 张。${refund ? `相应的 ${refund} 已退回您的预付余额。` : '这部分不会计入账单。'}同事正在处理，稍后会在此回复您。`,
  physical: (ref) => `实体卡订单 ${ref} 已交由发货团队处理，发货后会在这里发送快递单号。`,
  shipped: (ref, count, tracking, iccids) => `订单 ${ref} 的 ${count} 张实体卡已发货。快递单号：${tracking}\nICCID：\n${iccids}`,
  testProfiles: '（沙盒供应商：以下为测试 eSIM，无法连接网络。）',
  cancelledQuote: (ref) => `报价 ${ref} 已取消，未产生任何费用。`,
  cancelledOrder: (ref) => `订单 ${ref} 已取消，未产生任何费用。`,
  nothingToCancel: '没有可取消的报价或未付款订单。',
  nothingToConfirm: '没有待确认的报价。请告诉我您需要什么，例如“韩国5G 30天 100张”。',
  confirmBeforeQuote: (ref) => `您的“确认”在报价 ${ref} 发出之前送达，因此未用于确认该报价。请查看报价后回复“确认”。`,
  cancelNotFound: (ref) => `在您待确认的报价和未付款订单中找不到 ${ref}，因此没有取消任何内容。如需取消，请回复报价号或订单号（Q-... 或 ORD-...）。`,
  statusLine: (ref, status, done, total, date) => `${ref}：${status}，已交付 ${done}/${total} 张（下单于 ${date}）。`,
  statusNotFound: (ref) => `您的账户中找不到订单 ${ref}。`,
  noOrders: '您还没有订单。',
  lastOrders: '您最近的订单：',
  balancePrepaid: (amount) => `您的预付余额为 ${amount}。`,
  balancePostpaid: (limit, used, available) => `信用额度 ${limit}；未结 ${used}；可用 ${available}。`,
  cannotPrice: (sku) => `暂时无法为 ${sku} 报价，同事稍后会在这里回复您。`,
  paymentReleased: (amount, ref) => `您的付款 ${amount} 已到账。订单 ${ref} 已付款，eSIM 即将发送。`,
  paymentShort: (amount, ref, missing, quote) => `您的付款 ${amount} 已到账，谢谢。订单 ${ref} 仍差 ${missing}：请汇款并注明参考号 ${quote}。`,
  topUpReceived: (amount, balance) => `您的付款 ${amount} 已到账并计入预付余额（现为 ${balance}）。`,
  paymentReceivedPostpaid: (amount, outstanding) => `您的付款 ${amount} 已到账，谢谢。目前未结金额：${outstanding}。`,
  lowBalance: (balance, threshold) => `您的预付余额为 ${balance}，低于 ${threshold}。为保证订单即时发出，请汇款充值，并以您的经销商编号作为参考号。`,
};

const es: Texts = {
  language: 'es',
  onboardingAsk:
    '¡Hola! Aún no tengo este contacto registrado. Para abrir una cuenta de distribuidor, responda con: nombre de la empresa, razón social, número o documento de registro, país, canales de venta, volumen mensual estimado y la persona de contacto. Nuestro equipo lo revisará y le responderá aquí.',
  onboardingThanks: '¡Gracias! He pasado sus datos a nuestro equipo; le responderán aquí cuando su cuenta esté aprobada.',
  handoff: {
    unsure_parse: 'No estoy seguro de haberlo entendido bien, así que he pedido ayuda a un compañero. Le responderá aquí en breve.',
    person_requested: 'Por supuesto, he pedido a un compañero que se una. Le responderá aquí en breve.',
    complaint: 'Lamento lo ocurrido. He pasado esto a un compañero que lo revisará y le responderá aquí en breve.',
    viewer_ordering: 'Este contacto es solo de consulta, así que no puedo hacer pedidos desde él. Un compañero le contactará aquí.',
    instruction_like_text: 'Aquí solo puedo tomar pedidos y responder sobre su cuenta. He pasado su mensaje a un compañero.',
    over_value_threshold: 'Este pedido supera el importe que puedo confirmar yo solo. Un compañero lo revisará y le responderá aquí.',
    over_credit_limit: 'Este pedido superaría su límite de crédito. Un compañero lo revisará con usted aquí en breve.',
    llm_unavailable: 'No pude leer bien ese mensaje ahora mismo, así que lo he pasado a un compañero.',
    account_inactive: 'Su cuenta con nosotros no está activa en este momento, por lo que no puedo tomar pedidos aquí. Un compañero se pondrá en contacto con usted en breve.',
    processing_failed: 'Disculpe, algo falló por nuestra parte al procesar su mensaje, así que lo he pasado a un compañero. Le responderá aquí en breve.',
  },
  help: '¡Hola! Dígame qué necesita, por ejemplo "200 x Japón 10GB 15 días". También puede pedir un presupuesto, su saldo o el estado de un pedido (p. ej. ORD-000123).',
  whichProduct: (line, qty, choices) => `¿Qué producto quiere decir con "${line}"${qty}? Responda con uno de:\n${choices}`,
  unknownProduct: (line) => `No encontré "${line}" en nuestro catálogo.`,
  notSold: (place, qty, choices) => `No vendemos eSIM para ${place}${qty} por separado. Lo más cercano que tenemos:\n${choices}\nResponda con uno de ellos si le sirve.`,
  noSingleProduct: (places, qty, choices) => `No tenemos una sola eSIM que cubra ${places}${qty}. Puede pedir una para cada destino, o una de estas:\n${choices}`,
  checkReading: (lines) => `Para asegurarme de haber entendido bien, esto es lo que leí:\n${lines}\nResponda "sí" y le envío el presupuesto, o escriba el pedido de nuevo como lo quiere.`,
  weCover: (regions) => `Cubrimos: ${regions}.`,
  howMany: (product) => `¿Cuántas ${product} necesita?`,
  quantityMustBePositive: (product) => `La cantidad de ${product} debe ser al menos 1.`,
  quantityAboveLineMax: (q, max) => `${q} tarjetas en una línea es más de lo que puedo aceptar (máximo ${max} por línea). Divídalo o pídanos un pedido especial.`,
  quantityAboveOrderMax: (q, max) => `${q} tarjetas es más de lo que admite un pedido (máximo ${max}). Divídalo en pedidos más pequeños.`,
  trialOrderTooLarge: (max) => `Su primer pedido es de prueba, de como máximo ${max} tarjetas. Pida ${max} o menos esta vez.`,
  tooManyLines: (max) => `Son más de ${max} productos distintos en un pedido. Divídalo, por favor.`,
  textTooLong: (max) => `Ese mensaje es demasiado largo para leerlo (máximo ${max.toLocaleString('es-ES')} caracteres). Envíe el pedido en mensajes más cortos o adjúntelo como archivo CSV o Excel, por favor.`,
  tooManyTextLines: (max) => `Ese mensaje tiene más de ${max} líneas, más de las que puedo leer de una vez. Divídalo o adjunte el pedido como archivo CSV o Excel, por favor.`,
  quoteHeader: (ref, expires) => `Presupuesto ${ref} (precios fijos hasta ${expires}):`,
  yourReference: (ref) => `Su referencia: ${ref}`,
  quoteTotal: (total) => `Total: ${total}`,
  quoteAskConfirm: 'Responda SÍ para confirmar el pedido, o CANCELAR.',
  quoteExpiredRequoted: (old) => `El presupuesto ${old} ha caducado; aquí tiene uno nuevo con los precios de hoy.`,
  paidPrepaid: (ref, amount, balance) => `El pedido ${ref} está confirmado y se han descontado ${amount} de su saldo prepago (ahora ${balance}).`,
  paidPostpaid: (ref, amount) => `El pedido ${ref} está confirmado; ${amount} irá en su próxima factura.`,
  awaitingPayment: (ref, missing, quote) => `El pedido ${ref} espera el pago: a su saldo prepago le faltan ${missing}. Transfiera ${missing} (o más) con la referencia ${quote}; el pedido sale en cuanto llegue.`,
  stillAwaitingPayment: (ref, missing, quote) => `El pedido ${ref} sigue esperando ${missing}. Transfiéralo con la referencia ${quote}.`,
  placing: (ref, count) => `Pidiendo ${count} eSIM para ${ref} a nuestro proveedor.`,
  progress: (ref, done, total) => `${ref}: ${done} de ${total} eSIM listas, el resto en camino.`,
  delivered: (ref, count) => `Aquí tiene sus ${count} eSIM del pedido ${ref}. Escanee el código QR o introduzca el código de activación:`,
  deliveredAsFile: (ref, count) => `Sus ${count} eSIM del pedido ${ref} están en el CSV adjunto (una fila por eSIM, con su cadena LPA) y en el ZIP de códigos QR.`,
  undelivered: (ref, missing, total, refund) =>
    `Nuestro proveedor no ha podido entregar ${missing} de las ${total} eSIM del pedido ${ref}. ${refund ? `Los ${refund} correspondientes se han abonado en su saldo prepago.` : 'No se le facturarán.'} Un compañero lo está revisando y le responderá aquí en breve.`,
  physical: (ref) => `El pedido de SIM físicas ${ref} está con nuestro equipo de envíos; le enviaré aquí el número de seguimiento.`,
  shipped: (ref, count, tracking, iccids) => `Sus ${count} SIM del pedido ${ref} han sido enviadas. Número de seguimiento: ${tracking}\nICCID:\n${iccids}`,
  testProfiles: '(Proveedor de pruebas: son eSIM de PRUEBA y no se conectan a ninguna red.)',
  cancelledQuote: (ref) => `El presupuesto ${ref} está cancelado. No se ha cobrado nada.`,
  cancelledOrder: (ref) => `El pedido ${ref} está cancelado. No se ha cobrado nada.`,
  nothingToCancel: 'No hay ningún presupuesto abierto ni pedido sin pagar que cancelar.',
  nothingToConfirm: 'No hay ningún presupuesto que confirmar. Dígame qué necesita, p. ej. "100 x Corea 5GB 30 días".',
  confirmBeforeQuote: (ref) => `Su "sí" nos llegó antes de enviarle el presupuesto ${ref}, así que no lo ha confirmado. Revise el presupuesto y responda SÍ para confirmarlo.`,
  cancelNotFound: (ref) => `No encuentro ${ref} entre su presupuesto abierto y su pedido sin pagar, así que no se ha cancelado nada. Para cancelar, responda con el número de presupuesto o de pedido (Q-... u ORD-...).`,
  statusLine: (ref, status, done, total, date) => `${ref}: ${status}, ${done}/${total} eSIM entregadas (pedido del ${date}).`,
  statusNotFound: (ref) => `No encuentro el pedido ${ref} en su cuenta.`,
  noOrders: 'Aún no tiene pedidos.',
  lastOrders: 'Sus últimos pedidos:',
  balancePrepaid: (amount) => `Su saldo prepago es ${amount}.`,
  balancePostpaid: (limit, used, available) => `Límite de crédito ${limit}; pendiente ${used}; disponible ${available}.`,
  cannotPrice: (sku) => `Ahora no puedo dar precio de ${sku}; un compañero le responderá aquí en breve.`,
  paymentReleased: (amount, ref) => `Su pago de ${amount} ha llegado. El pedido ${ref} está pagado y los eSIM salen en breve.`,
  paymentShort: (amount, ref, missing, quote) => `Su pago de ${amount} ha llegado, gracias. Al pedido ${ref} aún le faltan ${missing}: transfiéralo con la referencia ${quote}, por favor.`,
  topUpReceived: (amount, balance) => `Su pago de ${amount} ha llegado y está en su saldo prepago (ahora ${balance}).`,
  paymentReceivedPostpaid: (amount, outstanding) => `Su pago de ${amount} ha llegado, gracias. Pendiente ahora: ${outstanding}.`,
  lowBalance: (balance, threshold) => `Su saldo prepago es ${balance}, por debajo de ${threshold}. Para que los pedidos salgan al momento, recárguelo por transferencia con su número de revendedor como referencia.`,
};

const pt: Texts = {
  language: 'pt',
  onboardingAsk:
    'Olá! Ainda não tenho este contato registado. Para abrir uma conta de revendedor, responda com: nome da empresa, entidade legal, número ou documento de registo, país, canais de venda, volume mensal estimado e o contato principal. A nossa equipa vai analisar e responder aqui.',
  onboardingThanks: 'Obrigado! Passei os seus dados à nossa equipa; vão responder aqui quando a conta for aprovada.',
  handoff: {
    unsure_parse: 'Não tenho a certeza de ter percebido bem, por isso pedi ajuda a um colega. Ele responde aqui em breve.',
    person_requested: 'Claro, pedi a um colega para ajudar. Ele responde aqui em breve.',
    complaint: 'Lamento o sucedido. Passei isto a um colega que vai verificar e responder aqui em breve.',
    viewer_ordering: 'Este contato é só de consulta, por isso não posso fazer encomendas a partir dele. Um colega vai contactá-lo aqui.',
    instruction_like_text: 'Aqui só posso tratar de encomendas e da sua conta. Passei a sua mensagem a um colega.',
    over_value_threshold: 'Esta encomenda ultrapassa o valor que posso confirmar sozinho. Um colega vai analisá-la e responder aqui.',
    over_credit_limit: 'Esta encomenda ultrapassaria o seu limite de crédito. Um colega vai analisá-la consigo aqui em breve.',
    llm_unavailable: 'Não consegui ler bem esta mensagem agora, por isso passei-a a um colega.',
    account_inactive: 'A sua conta connosco não está ativa neste momento, por isso não posso aceitar encomendas aqui. Um colega entrará em contacto consigo em breve.',
    processing_failed: 'Pedimos desculpa, algo correu mal da nossa parte ao tratar a sua mensagem, por isso passei-a a um colega. Ele responde aqui em breve.',
  },
  help: 'Olá! Diga-me o que precisa, por exemplo "200 x Japão 10GB 15 dias". Também pode pedir um orçamento, o seu saldo ou o estado de uma encomenda (ex. ORD-000123).',
  whichProduct: (line, qty, choices) => `Que produto quer dizer com "${line}"${qty}? Responda com um de:\n${choices}`,
  unknownProduct: (line) => `Não encontrei "${line}" no nosso catálogo.`,
  notSold: (place, qty, choices) => `Não vendemos eSIM para ${place}${qty} separadamente. O mais próximo que temos:\n${choices}\nResponda com um deles se servir.`,
  noSingleProduct: (places, qty, choices) => `Não temos um único eSIM que cubra ${places}${qty}. Pode encomendar um para cada destino, ou um destes:\n${choices}`,
  checkReading: (lines) => `Para ter certeza de que entendi bem, foi isto que li:\n${lines}\nResponda "sim" e envio o orçamento, ou escreva a encomenda de novo como a quer.`,
  weCover: (regions) => `Cobrimos: ${regions}.`,
  howMany: (product) => `Quantos ${product} deseja?`,
  quantityMustBePositive: (product) => `A quantidade de ${product} tem de ser pelo menos 1.`,
  quantityAboveLineMax: (q, max) => `${q} cartões numa linha é mais do que posso aceitar (máximo ${max} por linha). Divida ou peça-nos uma encomenda especial.`,
  quantityAboveOrderMax: (q, max) => `${q} cartões é mais do que uma encomenda permite (máximo ${max}). Divida em encomendas menores.`,
  trialOrderTooLarge: (max) => `A sua primeira encomenda é de teste, com no máximo ${max} cartões. Encomende ${max} ou menos desta vez.`,
  tooManyLines: (max) => `São mais de ${max} produtos diferentes numa encomenda. Divida-a, por favor.`,
  textTooLong: (max) => `Essa mensagem é longa demais para eu ler (no máximo ${max.toLocaleString('pt-BR')} caracteres). Envie a encomenda em mensagens mais curtas ou anexe-a como ficheiro CSV ou Excel, por favor.`,
  tooManyTextLines: (max) => `Essa mensagem tem mais de ${max} linhas, mais do que consigo ler de uma vez. Divida-a ou anexe a encomenda como ficheiro CSV ou Excel, por favor.`,
  quoteHeader: (ref, expires) => `Orçamento ${ref} (preços fixos até ${expires}):`,
  yourReference: (ref) => `Sua referência: ${ref}`,
  quoteTotal: (total) => `Total: ${total}`,
  quoteAskConfirm: 'Responda SIM para confirmar a encomenda, ou CANCELAR.',
  quoteExpiredRequoted: (old) => `O orçamento ${old} expirou; aqui está um novo com os preços de hoje.`,
  paidPrepaid: (ref, amount, balance) => `A encomenda ${ref} está confirmada e foram descontados ${amount} do seu saldo pré-pago (agora ${balance}).`,
  paidPostpaid: (ref, amount) => `A encomenda ${ref} está confirmada; ${amount} vai na próxima fatura.`,
  awaitingPayment: (ref, missing, quote) => `A encomenda ${ref} aguarda pagamento: faltam ${missing} no seu saldo pré-pago. Transfira ${missing} (ou mais) com a referência ${quote}; a encomenda segue assim que chegar.`,
  stillAwaitingPayment: (ref, missing, quote) => `A encomenda ${ref} ainda aguarda ${missing}. Transfira com a referência ${quote}.`,
  placing: (ref, count) => `A encomendar ${count} eSIM para ${ref} ao nosso fornecedor.`,
  progress: (ref, done, total) => `${ref}: ${done} de ${total} eSIM prontos, o resto a caminho.`,
  delivered: (ref, count) => `Aqui estão os seus ${count} eSIM da encomenda ${ref}. Leia o código QR ou introduza o código de ativação:`,
  deliveredAsFile: (ref, count) => `Os seus ${count} eSIM da encomenda ${ref} estão no CSV em anexo (uma linha por eSIM, com a string LPA) e no ZIP de códigos QR.`,
  undelivered: (ref, missing, total, refund) =>
    `O nosso fornecedor não conseguiu entregar ${missing} dos ${total} eSIM da encomenda ${ref}. ${refund ? `Os ${refund} correspondentes foram devolvidos ao seu saldo pré-pago.` : 'Não serão faturados.'} Um colega está a analisar a situação e responderá aqui em breve.`,
  physical: (ref) => `A encomenda de SIM físicos ${ref} está com a nossa equipa de envios; envio aqui o número de seguimento quando seguir.`,
  shipped: (ref, count, tracking, iccids) => `Os seus ${count} SIM da encomenda ${ref} foram enviados. Número de seguimento: ${tracking}\nICCID:\n${iccids}`,
  testProfiles: '(Fornecedor de testes: estes eSIM são de TESTE e não ligam a nenhuma rede.)',
  cancelledQuote: (ref) => `O orçamento ${ref} foi cancelado. Nada foi cobrado.`,
  cancelledOrder: (ref) => `A encomenda ${ref} foi cancelada. Nada foi cobrado.`,
  nothingToCancel: 'Não há orçamento aberto nem encomenda por pagar para cancelar.',
  nothingToConfirm: 'Não há orçamento para confirmar. Diga-me o que precisa, ex. "100 x Coreia 5GB 30 dias".',
  confirmBeforeQuote: (ref) => `O seu "sim" chegou antes de enviarmos o orçamento ${ref}, por isso não o confirmou. Verifique o orçamento e responda SIM para o confirmar.`,
  cancelNotFound: (ref) => `Não encontro ${ref} entre o seu orçamento aberto e a encomenda por pagar, por isso nada foi cancelado. Para cancelar, responda com o número do orçamento ou da encomenda (Q-... ou ORD-...).`,
  statusLine: (ref, status, done, total, date) => `${ref}: ${status}, ${done}/${total} eSIM entregues (encomenda de ${date}).`,
  statusNotFound: (ref) => `Não encontro a encomenda ${ref} na sua conta.`,
  noOrders: 'Ainda não tem encomendas.',
  lastOrders: 'As suas últimas encomendas:',
  balancePrepaid: (amount) => `O seu saldo pré-pago é ${amount}.`,
  balancePostpaid: (limit, used, available) => `Limite de crédito ${limit}; em aberto ${used}; disponível ${available}.`,
  cannotPrice: (sku) => `Agora não consigo dar preço para ${sku}; um colega responde aqui em breve.`,
  paymentReleased: (amount, ref) => `O seu pagamento de ${amount} chegou. A encomenda ${ref} está paga e os eSIM seguem em breve.`,
  paymentShort: (amount, ref, missing, quote) => `O seu pagamento de ${amount} chegou, obrigado. A encomenda ${ref} ainda precisa de ${missing}: transfira-o com a referência ${quote}, por favor.`,
  topUpReceived: (amount, balance) => `O seu pagamento de ${amount} chegou e está no seu saldo pré-pago (agora ${balance}).`,
  paymentReceivedPostpaid: (amount, outstanding) => `O seu pagamento de ${amount} chegou, obrigado. Em aberto agora: ${outstanding}.`,
  lowBalance: (balance, threshold) => `O seu saldo pré-pago é ${balance}, abaixo de ${threshold}. Para que as encomendas saiam de imediato, carregue-o por transferência com o seu número de revendedor como referência.`,
};

const TEXTS: Record<Language, Texts> = { en, zh, es, pt };

export function texts(language: string | null | undefined): Texts {
  return TEXTS[(language ?? 'en') as Language] ?? en;
}
