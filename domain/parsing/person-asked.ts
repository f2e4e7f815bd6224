// A person asked for in words the vocabulary's list lacks (tune14-17), in the four languages: a manager, a supervisor, sales
// or support named ("I need to speak with your manager", "quiero hablar con el encargado", "quero falar com o gerente",
// "找你们经理"); being put through ("pass me to a supervisor", "pásame con alguien", "me passa pra alguém do suporte"); a
// call proposed ("can we have a quick call tomorrow?", "¿podemos hacer una llamada?", "podemos fazer uma call?", "方便通个电话吗");
// a contact asked now ("please contact me asap", "is there anyone I can call?", "tem algum telefone pra eu ligar?"); "feel free to
// contact me", "contact me when they are ready" ask for no one.

const ROLE = String.raw`(?:manager|supervisor|boss|sales(?:\s+team)?|support(?:\s+team)?|account\s+manager|rep|representative|staff|person|human|someone|somebody|anyone|encargad[oa]|gerente|supervisor[a]?|ejecutiv[oa]|jef[ea]|responsable|vendedor[a]?|soporte|respons[áa]vel|suporte|atendente|comercial|algu[ée]m|alguien)`;

const LATIN = [
  // ("I'll speak with the boss about it", "voy a hablar con el encargado", "vou falar com o responsável": the writer's own plan, no ask.)
  String.raw`(?<!(?:i'?ll|i\s+will|we'?ll|we\s+will|going\s+to|gonna|let\s+me)\s+)(?:speak|talk|chat)\s+(?:with|to)\s+(?:a\s+|an\s+|the\s+|your\s+|our\s+)?${ROLE}`,
  String.raw`(?:pass|put|transfer|connect|forward)\s+me\s+(?:through\s+)?(?:to|with)\s+(?:a\s+|an\s+|the\s+|your\s+)?${ROLE}`,
  String.raw`(?:(?:can|could|shall)\s+we\s+have|let'?s\s+have|hop\s+on|jump\s+on|set\s+up|schedule|arrange|book)\s+(?:a\s+)?(?:quick\s+|short\s+)?(?:call|phone\s+call|video\s+call)|(?:contact|ring|phone|call)\s+me\s+(?:asap|urgently|right\s+away|immediately|now|today)|anyone\s+i\s+can\s+(?:call|talk\s+to|speak\s+to)|(?:number|phone)\s+(?:i|we)\s+can\s+call`,
  String.raw`(?<!(?:voy|vamos|va|van)\s+a\s+)hablar\s+con\s+(?:el\s+|la\s+|un\s+|una\s+|alg[uú]n\s+)?${ROLE}|(?:p[aá]same|p[aá]seme|p[aá]senme|comun[ií]came|comun[ií]quenme|me\s+comunican|me\s+comunicas|me\s+pasan|me\s+pasas)\s+con|(?:hacer|tener|agendar|coordinar)\s+una\s+llamada|n[úu]mero\s+(?:para|pa)\s+llamar(?:les)?`,
  String.raw`(?<!(?:vou|vamos|vai|v[ãa]o)\s+)falar\s+com\s+(?:o\s+|a\s+|um\s+|uma\s+)?${ROLE}|me\s+(?:passa|passe|transfere|transfira)\s+(?:pra|para)\s+(?:o\s+|a\s+)?${ROLE}|(?:fazer|marcar|ter)\s+uma\s+(?:call|liga[çc][ãa]o|chamada)|telefone\s+(?:pra|para)\s+(?:eu\s+|a\s+gente\s+)?ligar`,
];
const CJK = String.raw`找(?:你们|你們)?(?:的)?(?:经理|經理|主管|负责人|負責人|销售|銷售|老板|老闆)|通(?:个|個|一下)?电话|通(?:个|個|一下)?電話|(?:给|給)(?:我)?(?:个|個)?(?:电话|電話)号码`;

export const PERSON_ASKED = new RegExp(`(?<![\\p{L}])(?:${LATIN.join('|')})(?![\\p{L}])|${CJK}`, 'iu');

// Who the writer is or works with, not a person asked for: "I'm a travel agent", "soy agente de viajes", "Senior Travel Agent" under
// the message, "Maria, sales representative", "someone from our team will pay", "atendimento ao cliente", "客服部 李娜", "客服说可以下单".
export const ROLES_NAMED =
  /(?<![\p{L}])(?:travel\s+agents?|travel\s+agency|booking\s+agents?|(?:sales|travel|account|booking)\s+(?:agent|representative|rep)s?|agentes?\s+de\s+(?:viajes|viagens|turismo|ventas|vendas|viaje|viagem)|representantes?\s+(?:comercial|comerciales|de\s+ventas|de\s+vendas)|customer\s+(?:care|service|support)\s+(?:manager|team|department|dept|agent|representative|lead)|atendimento\s+ao\s+cliente|atenci[óo]n\s+al\s+cliente|someone\s+(?:from|in|on|at)\s+(?:our|my)\s+(?:team|office|side|company|end)|alguien\s+de\s+(?:nuestro|mi)\s+(?:equipo|oficina|empresa)|algu[ée]m\s+d[ao]\s+(?:nossa|minha)\s+(?:equipe|equipa|empresa))(?![\p{L}])|客服部|客服中心|客服组|客服組|客服说|客服說/giu;

// Words that name a person without asking for one ("someone will pick up the QR codes", "una persona por eSIM", "real person
// here, not a bot", "a human resources conference"): they ask for a person only in a clause that asks ("can someone check?",
// "I need a human", "hablar con alguien", "tem alguém que possa ver?").
const VAGUE_PERSON = /(?<![\p{L}])(?:someone|somebody|anyone|human|real\s+person|a\s+person|una\s+persona|uma\s+pessoa|agent|agente|representative|alguien|algu[ée]m)(?![\p{L}])/giu;
const ASKS = /(?<![\p{L}])(?:need|needs|want|talk|speak|get|have|can|could|would|will\s+you|is\s+there|are\s+there|any|put|connect|transfer|pass|help|check|look|necesito|necesitamos|quiero|queremos|hablar|puede|pueden|podr[ií]a|hay|p[aá]s\p{L}*|comunic\p{L}*|ayud\p{L}*|revis\p{L}*|preciso|precisamos|quero|queremos|falar|pode|podem|poderia|tem|h[áa]|ajud\p{L}*|verific\p{L}*|ver|please|pls|plz|por\s+favor|porfa|favor|asap|urgent\p{L}*)(?![\p{L}])/iu;

/** The vocabulary's person words ("human" list), read only where a clause asks, when the word alone says nothing. */
export function personAskedIn(text: string, humanWords: RegExp): boolean {
  return text.split(/[.,;:!?\n。，！？；：]+/u).some((clause) => {
    humanWords.lastIndex = 0;
    if (!humanWords.test(clause)) return false;
    humanWords.lastIndex = 0;
    const firm = humanWords.test(clause.replace(VAGUE_PERSON, ' '));
    humanWords.lastIndex = 0;
    // "human!", "agent pls", "real person": the word all but alone asks for one.
    return firm || ASKS.test(clause) || clause.trim().split(/\s+/u).length <= 3;
  });
}
