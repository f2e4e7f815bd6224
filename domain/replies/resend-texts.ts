// What the bot says when a reseller asks for an order's eSIMs again (issue 19), in their language.
// A refusal is one sentence for every reason (no such order, another reseller's, a contact that may
// not have them): it never says whether the order exists.

export interface ResendTexts {
  again: (ref: string) => string;
  refused: string;
  notDelivered: (ref: string) => string;
  nothingLeft: (ref: string) => string;
  which: (refs: string) => string;
  none: string;
}

const TEXTS: Record<'en' | 'zh' | 'es' | 'pt', ResendTexts> = {
  en: {
    again: (ref: string) => `As you asked, the eSIMs of ${ref} again.`,
    refused: 'I cannot send eSIMs for that order in this conversation. Please ask from the account that placed it, or write "agent" and our team will help.',
    notDelivered: (ref: string) => `${ref} is not delivered yet: its eSIMs come to you here as soon as they are ready.`,
    nothingLeft: (ref: string) => `${ref} has no eSIMs left to send (they were credited or refunded).`,
    which: (refs: string) => `Several of your orders were delivered recently (${refs}). Which one should I send again? For example: "resend ${refs.split(', ')[0]}".`,
    none: 'You have no delivered order whose eSIMs I could send again.',
  },
  zh: {
    again: (ref: string) => `按您的要求，重新发送订单 ${ref} 的 eSIM。`,
    refused: '无法在此对话中发送该订单的 eSIM。请用下单的账户联系我们，或回复“人工”由我们的团队协助。',
    notDelivered: (ref: string) => `订单 ${ref} 尚未交付：eSIM 准备好后会立即发送到这里。`,
    nothingLeft: (ref: string) => `订单 ${ref} 没有可重新发送的 eSIM（已退款或抵扣）。`,
    which: (refs: string) => `您最近有多个订单已交付（${refs}）。需要重新发送哪一个？例如：“重发 ${refs.split(', ')[0]}”。`,
    none: '您没有可重新发送 eSIM 的已交付订单。',
  },
  es: {
    again: (ref: string) => `Como nos pidió, de nuevo las eSIM del pedido ${ref}.`,
    refused: 'No puedo enviar las eSIM de ese pedido en esta conversación. Pídalas desde la cuenta que hizo el pedido, o escriba "agente" y nuestro equipo le ayudará.',
    notDelivered: (ref: string) => `El pedido ${ref} aún no está entregado: sus eSIM le llegarán aquí en cuanto estén listas.`,
    nothingLeft: (ref: string) => `El pedido ${ref} no tiene eSIM que reenviar (se abonaron o reembolsaron).`,
    which: (refs: string) => `Se entregaron varios pedidos suyos hace poco (${refs}). ¿Cuál le reenvío? Por ejemplo: "reenviar ${refs.split(', ')[0]}".`,
    none: 'No tiene ningún pedido entregado cuyas eSIM pueda reenviar.',
  },
  pt: {
    again: (ref: string) => `Como pediu, de novo os eSIM da encomenda ${ref}.`,
    refused: 'Não posso enviar os eSIM dessa encomenda nesta conversa. Peça-os a partir da conta que fez a encomenda, ou escreva "atendente" e a nossa equipa ajuda.',
    notDelivered: (ref: string) => `A encomenda ${ref} ainda não foi entregue: os eSIM chegam aqui assim que estiverem prontos.`,
    nothingLeft: (ref: string) => `A encomenda ${ref} não tem eSIM para reenviar (foram creditados ou reembolsados).`,
    which: (refs: string) => `Várias encomendas suas foram entregues há pouco (${refs}). Qual devo reenviar? Por exemplo: "reenviar ${refs.split(', ')[0]}".`,
    none: 'Não tem nenhuma encomenda entregue cujos eSIM eu possa reenviar.',
  },
};

export function resendTexts(language: string | null | undefined): ResendTexts {
  return language && language in TEXTS ? TEXTS[language as keyof typeof TEXTS] : TEXTS.en;
}
