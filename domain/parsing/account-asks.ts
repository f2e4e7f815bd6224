// The account asked about in words the vocabulary's lists lack (tune14-17), in the four languages:
// - what is owed (a balance): "how much do we owe you?", "what's outstanding on our account?", "¿cuánto les debemos?", "quanto devemos?",
//   "我们还欠多少钱";
// - the account's summary (a statement): "the account summary for March", "el resumen de movimientos", "o relatório de compras do mês",
//   "三月份的账目";
// - a receipt for an order (an invoice): "a VAT receipt for ORD-123", "el comprobante fiscal del pedido", "a nota do pedido", "ORD-123的收据".

export const BALANCE_ASKED =
  /(?<![\p{L}])(?:how\s+much\s+(?:do\s+|does\s+)?(?:we|i|our\s+\p{L}+)\s+owe|(?:what'?s|what\s+is|is\s+there\s+any(?:thing)?)\s+(?:still\s+)?outstanding|outstanding\s+(?:balance|amount)|cu[áa]nto\s+(?:(?:les|te|le)\s+)?(?:debemos|debo|adeudamos)|quanto\s+(?:(?:lhes|te)\s+)?(?:devemos|devo))(?![\p{L}])|(?:还|還)?欠(?:你们|你們|您)?多少/iu;

export const STATEMENT_ASKED =
  /(?<![\p{L}])(?:account\s+summary|summary\s+of\s+(?:our\s+|my\s+|the\s+)?account|resumen\s+de\s+(?:cuenta|movimientos|compras)|relat[óo]rio\s+de\s+(?:compras|movimenta[çc][õo]es|conta))(?![\p{L}])|账目|帳目|明细账|明細帳/iu;

export const INVOICE_ASKED =
  /(?<![\p{L}])(?:(?:vat|tax|fiscal|gst)\s+receipt|receipt\s+for\s+(?:the\s+|our\s+|my\s+)?(?:order|ord-|po|payment|purchase)|comprobante\s+(?:fiscal|de\s+pago|del\s+pedido)|recibo\s+(?:fiscal|do\s+pedido|del\s+pedido)|nota\s+do\s+pedido)(?![\p{L}])|收据|收據/iu;
