// What the bot says when it sends a statement or an invoice, or cannot, in the reseller's language.

export interface DocumentTexts {
  month: (month: string) => string;
  statementAttached: (month: string, closing: string, balanceIs: 'available' | 'due') => string;
  invoiceAttached: (number: string, amount: string, dueDate: string) => string;
  /** A credit note correcting an invoice: nothing to pay for what it credits. */
  creditNoteAttached: (number: string, amount: string, invoiceNumber: string) => string;
  /** A credit note staff issued for eSIMs of an order that could not be used (issue 19). */
  orderCreditNoteAttached: (number: string, amount: string, orderReference: string) => string;
  /** Asked for a month that has not ended: statements are made once it has. */
  statementNotYet: (month: string) => string;
  /** Nothing moved on the account by then: no statement to send. */
  noStatement: (month: string) => string;
  noInvoice: string;
  /** A prepaid reseller asked for an invoice. */
  invoicePostpaidOnly: string;
}

const MONTHS: Record<string, string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  es: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
  pt: ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'],
};
const parts = (month: string) => ({ year: month.slice(0, 4), index: Number(month.slice(5, 7)) - 1 });

const en: DocumentTexts = {
  month: (m) => `${MONTHS.en![parts(m).index]} ${parts(m).year}`,
  statementAttached: (m, closing, is) => `Your statement for ${en.month(m)} is attached (PDF and CSV). Closing balance ${is === 'due' ? 'due' : 'available'}: ${closing}.`,
  invoiceAttached: (n, amount, due) => `Invoice ${n} for ${amount} is attached (PDF and CSV), due on ${due}. Please pay by wire with ${n} as the reference.`,
  creditNoteAttached: (n, amount, inv) => `Credit note ${n} for ${amount} is attached (PDF and CSV). It corrects invoice ${inv}: that amount is taken off what the invoice asks for.`,
  orderCreditNoteAttached: (n, amount, ord) => `Credit note ${n} for ${amount} is attached (PDF and CSV): eSIMs of order ${ord} that could not be used are credited.`,
  statementNotYet: (m) => `The statement for ${en.month(m)} is made once the month has ended. Ask me for the statement of a past month, e.g. "statement for October".`,
  noStatement: (m) => `There is no statement for ${en.month(m)}: nothing moved on your account by then.`,
  noInvoice: 'There is no invoice on your account yet. Invoices are issued on your billing day for what was delivered since the last one.',
  invoicePostpaidOnly: 'Your account is prepaid, so there are no invoices: ask me for your statement instead.',
};

const zh: DocumentTexts = {
  month: (m) => `${parts(m).year}年${parts(m).index + 1}月`,
  statementAttached: (m, closing, is) => `附上您${zh.month(m)}的对账单（PDF 和 CSV）。期末${is === 'due' ? '应付' : '可用'}余额：${closing}。`,
  invoiceAttached: (n, amount, due) => `附上发票 ${n}，金额 ${amount}（PDF 和 CSV），付款截止日 ${due}。请汇款并以 ${n} 作为参考号。`,
  creditNoteAttached: (n, amount, inv) => `附上贷项通知单 ${n}，金额 ${amount}（PDF 和 CSV）。它更正发票 ${inv}：该金额已从发票应付金额中扣除。`,
  orderCreditNoteAttached: (n, amount, ord) => `附上贷项通知单 ${n}，金额 ${amount}（PDF 和 CSV）：订单 ${ord} 中无法使用的 eSIM 已退款。`,
  statementNotYet: (m) => `${zh.month(m)}的对账单将在该月结束后生成。您可以索取已结束月份的对账单，例如"10月对账单"。`,
  noStatement: (m) => `${zh.month(m)}没有对账单：截至当时您的账户没有任何变动。`,
  noInvoice: '您的账户还没有发票。发票会在您的账单日开具，包含自上一张发票以来交付的订单。',
  invoicePostpaidOnly: '您的账户是预付费账户，没有发票；您可以索取对账单。',
};

const es: DocumentTexts = {
  month: (m) => `${MONTHS.es![parts(m).index]} de ${parts(m).year}`,
  statementAttached: (m, closing, is) => `Le adjunto su estado de cuenta de ${es.month(m)} (PDF y CSV). Saldo final ${is === 'due' ? 'pendiente de pago' : 'disponible'}: ${closing}.`,
  invoiceAttached: (n, amount, due) => `Le adjunto la factura ${n} por ${amount} (PDF y CSV), con vencimiento el ${due}. Por favor, pague por transferencia indicando ${n} como referencia.`,
  creditNoteAttached: (n, amount, inv) => `Le adjunto la nota de crédito ${n} por ${amount} (PDF y CSV). Corrige la factura ${inv}: ese importe se descuenta de lo que pide la factura.`,
  orderCreditNoteAttached: (n, amount, ord) => `Le adjunto la nota de crédito ${n} por ${amount} (PDF y CSV): se abonan las eSIM del pedido ${ord} que no se pudieron usar.`,
  statementNotYet: (m) => `El estado de cuenta de ${es.month(m)} se genera cuando termina el mes. Puede pedirme el de un mes ya cerrado, por ejemplo "estado de cuenta de octubre".`,
  noStatement: (m) => `No hay estado de cuenta de ${es.month(m)}: hasta entonces no hubo movimientos en su cuenta.`,
  noInvoice: 'Todavía no hay facturas en su cuenta. Las facturas se emiten en su día de facturación por lo entregado desde la anterior.',
  invoicePostpaidOnly: 'Su cuenta es prepago, así que no hay facturas: pídame su estado de cuenta.',
};

const pt: DocumentTexts = {
  month: (m) => `${MONTHS.pt![parts(m).index]} de ${parts(m).year}`,
  statementAttached: (m, closing, is) => `Segue em anexo o seu extrato de ${pt.month(m)} (PDF e CSV). Saldo final ${is === 'due' ? 'em dívida' : 'disponível'}: ${closing}.`,
  invoiceAttached: (n, amount, due) => `Segue em anexo a fatura ${n} de ${amount} (PDF e CSV), com vencimento a ${due}. Por favor, pague por transferência com ${n} como referência.`,
  creditNoteAttached: (n, amount, inv) => `Segue em anexo a nota de crédito ${n} de ${amount} (PDF e CSV). Corrige a fatura ${inv}: esse valor é descontado do que a fatura pede.`,
  orderCreditNoteAttached: (n, amount, ord) => `Segue em anexo a nota de crédito ${n} de ${amount} (PDF e CSV): os eSIMs do pedido ${ord} que não puderam ser usados são creditados.`,
  statementNotYet: (m) => `O extrato de ${pt.month(m)} é gerado quando o mês termina. Pode pedir-me o de um mês já fechado, por exemplo "extrato de outubro".`,
  noStatement: (m) => `Não há extrato de ${pt.month(m)}: até então não houve movimentos na sua conta.`,
  noInvoice: 'Ainda não há faturas na sua conta. As faturas são emitidas no seu dia de faturação pelo que foi entregue desde a anterior.',
  invoicePostpaidOnly: 'A sua conta é pré-paga, por isso não há faturas: peça-me o seu extrato.',
};

const BY_LANGUAGE: Record<string, DocumentTexts> = { en, zh, es, pt };

export function documentTexts(language: string | null | undefined): DocumentTexts {
  return BY_LANGUAGE[language ?? 'en'] ?? en;
}
