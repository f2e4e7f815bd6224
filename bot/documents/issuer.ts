/** The company named at the head of every statement, invoice and credit note. */
export const ISSUER_NAME = 'eSIM Hub';
