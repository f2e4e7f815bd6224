/**
 * A text cell someone typed (a company name, a reason, a transfer reference), safe to open in a
 * spreadsheet: one that starts with = + - @ or a tab/CR would run as a formula, so it is prefixed
 * with an apostrophe, which spreadsheets show as text. Amounts are never passed here.
 */
export function textCell(value: string | null | undefined): string {
  const text = value ?? '';
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
