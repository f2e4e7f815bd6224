// Words resellers use, per language. Lower case; Latin words match as whole words, CJK anywhere.

export const LANGUAGES = ['en', 'zh', 'es', 'pt'] as const;
export type Language = (typeof LANGUAGES)[number];

export const WORDS = {
  unlimited: ['unlimited', 'unlimit', 'unl', 'ilimitado', 'ilimitada', 'ilimitados', 'illimité', '无限', '無限', '不限量', '无限流量', '無限流量', '吃到饱', '吃到飽'],
  physical: ['实体卡', '實體卡', '实体', '實體', 'physical', 'physical sim', 'sim card', 'sim cards', 'sim físico', 'sim fisico', 'chip físico', 'chip fisico', 'tarjeta sim', 'tarjetas sim', 'cartão sim', 'cartões sim', '实卡'],
  quantityUnits: ['pcs', 'pc', 'pieces', 'piece', 'units', 'unit', 'cards', 'card', 'esims', 'esim', 'sims', 'sim', 'qty', 'nos', 'unidades', 'unidad', 'uds', 'tarjetas', 'chips', 'cartões', 'unidade', '张', '張', '个', '個', '片', '套', '份', '枚', '条'],
  quantityLead: ['qty', 'quantity', 'cantidad', 'quantidade', '数量', '數量', 'x', '×'],
  price: ['how much', 'price', 'prices', 'pricing', 'quote', 'quotation', 'cost', 'rate', 'precio', 'precios', 'cotización', 'cotizacion', 'cuánto', 'cuanto', 'preço', 'preco', 'cotação', 'cotacao', 'orçamento', 'quanto', '多少钱', '多少錢', '报价', '報價', '价格', '價格', '几钱', '什么价'],
  order: ['order', 'need', 'want', 'buy', 'send', 'place', 'pedido', 'quiero', 'necesito', 'comprar', 'encomendar', 'encomenda', 'quero', 'preciso', '要', '订', '訂', '下单', '下單', '来', '來', '买', '買'],
  confirm: ['yes', 'yep', 'yeah', 'confirm', 'confirmed', 'i confirm', 'ok', 'okay', 'proceed', 'go ahead', 'approved', 'accept', 'accepted', 'deal', 'sí', 'si', 'confirmo', 'confirmado', 'de acuerdo', 'dale', 'adelante', 'sim', 'confirmar', 'pode seguir', 'pode prosseguir', 'fechado', '确认', '確認', '好的', '可以', '没问题', '沒問題', '同意', '下单吧'],
  cancel: ['cancel', 'cancelled', 'canceled', 'cancel that', 'never mind', 'nevermind', 'forget it', 'no thanks', 'abort', 'stop', 'cancelar', 'cancela', 'anular', 'olvídalo', 'esquece', 'desistir', '取消', '不要了', '算了', '撤销', '撤銷'],
  status: ['status', 'where is my order', 'tracking', 'track', 'shipped', 'delivered yet', 'estado', 'seguimiento', 'rastreo', 'situação', 'rastreio', '发货', '發貨', '到了吗', '状态', '狀態', '进度', '進度', '物流', '快递', '快遞'],
  // "estado de cuenta" before "estado" (status): the statement words are read first.
  statement: ['statement', 'statements', 'account statement', 'statement of account', 'monthly statement', 'estado de cuenta', 'estados de cuenta', 'extracto', 'extracto de cuenta', 'extrato', 'extrato de conta', 'extratos', '对账单', '對帳單', '对帐单', '對賬單', '月结单', '月結單', '账单', '帳單'],
  invoice: ['invoice', 'invoices', 'latest invoice', 'factura', 'facturas', 'fatura', 'faturas', 'nota fiscal', '发票', '發票'],
  commission: ['my commission', 'commission', 'commissions', '佣金', '傭金', '提成', 'comisión', 'comision', 'comisiones', 'comissão', 'comissao', 'comissões', 'comissoes'],
  balance: ['balance', 'credit', 'credit left', 'how much credit', 'funds', 'saldo', 'crédito', 'credito', '余额', '餘額', '额度', '額度', '信用'],
  human: ['talk to someone', 'talk to a person', 'talk to a human', 'speak to someone', 'speak to a person', 'real person', 'human', 'agent', 'representative', 'sales team', 'someone', 'hablar con alguien', 'una persona', 'agente', 'falar com alguém', 'falar com alguem', 'atendente', '人工', '客服', '真人', '找人', '联系人'],
  complaint: ['not working', 'not activating', "doesn't work", 'does not work', "don't work", 'broken', 'complain', 'complaint', 'complaining', 'refund', 'problem', 'issue', 'failed', 'no funciona', 'no funcionan', 'reclamo', 'queja', 'reembolso', 'não funciona', 'nao funciona', 'reclamação', 'reembolso', '投诉', '投訴', '不能用', '用不了', '激活不了', '无法激活', '無法激活', '退款', '有问题'],
  injection: ['ignore previous instructions', 'ignore all previous', 'ignore the previous', 'ignore your instructions', 'disregard previous', 'admin mode', 'developer mode', 'system prompt', 'you are now', 'act as', 'jailbreak', 'set the price', 'set price', 'change the price', 'price to 0', 'override the price', 'give me a discount of', 'as an administrator', 'as admin', 'sudo', '忽略之前', '忽略以上', '管理员模式', '系统提示'],
} as const;

/** Words that mark a language; CJK text is Chinese by its script alone. A word of two languages counts half for each. */
export const LANGUAGE_MARKERS: Record<Exclude<Language, 'zh'>, string[]> = {
  en: ['please', 'pls', 'the', 'need', 'want', 'order', 'how much', 'thanks', 'thank you', 'hi', 'hello', 'can', 'we', 'send', 'what', 'my', 'is', 'for', 'and', 'of', 'price', 'quote', 'yes', 'cancel', 'days', 'day', 'each', 'with', 'our', 'you', 'your', 'this', 'that', 'agreed', 'kindly', 'regards', 'dear', 'team', 'usual', 'again', 'also', 'next', 'week', 'would', 'could', 'have', 'are', 'where', 'balance', 'status', 'cards', 'pieces', 'just', 'more', 'sim'],
  es: ['hola', 'cuál', 'cual', 'mi', 'mis', 'tengo', 'qué', 'quiero', 'necesito', 'precio', 'precios', 'gracias', 'por favor', 'días', 'cuánto', 'cuanto', 'saludos', 'pedido', 'tarjetas', 'cancelar', 'sí', 'ilimitado', 'buenos', 'buenas', 'de', 'para', 'con', 'el', 'los', 'las', 'estado', 'saldo'],
  pt: ['olá', 'ola', 'bom dia', 'boa tarde', 'obrigado', 'obrigada', 'gostaria', 'encomendar', 'encomenda', 'preço', 'quero', 'preciso', 'dias', 'você', 'não', 'sim', 'cotação', 'por favor', 'de', 'para', 'com', 'os', 'obrigado pela', 'cartões', 'encomendas', 'saldo'],
};
