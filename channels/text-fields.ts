import { z } from 'zod';

// What a channel payload's text may hold before it goes near the database: PostgreSQL text cannot
// store NUL, and a lone UTF-16 surrogate is not text at all. Both are refused with the field's name.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_OR_NEWLINE = /[\u0000-\u001f\u007f]/;

/** A string field of a channel payload: at most `max` characters, well-formed, no control characters. */
export function plainText(field: string, max: number, options: { singleLine?: boolean } = {}) {
  const control = options.singleLine ? CONTROL_OR_NEWLINE : CONTROL;
  return z
    .string({ error: `${field} must be a string` })
    .max(max, `${field} is longer than ${max} characters`)
    .refine((v) => v.isWellFormed(), `${field} is not valid Unicode text (a lone surrogate)`)
    .refine((v) => !control.test(v), `${field} contains a control character (NUL or similar), which is not allowed`);
}

/**
 * For text a channel delivers that cannot be refused (an email body, a WhatsApp message): control
 * characters dropped, lone surrogates replaced, at most `max` characters kept.
 */
export function cleanText(value: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  return value.toWellFormed().replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').slice(0, max);
}
