/** The configured template and its language, from `WHATSAPP_CLOUD_TEMPLATE` (`name` or `name:language`, e.g. `order_update:en_US`). */
export interface TemplateChoice {
  name: string;
  language: string;
}

export function templateChoice(setting: string): TemplateChoice {
  const [name, language] = setting.split(':');
  return { name: name!.trim(), language: (language ?? 'en').trim() || 'en' };
}

/** Meta refuses a text parameter with line breaks, tabs or more than four spaces in a row, or over 1,024 characters. */
export const TEMPLATE_PARAMETER_CHARS = 1_000;

/** The reply's text as the template's one body parameter: lines joined with " · ", cut to what Meta accepts. */
export function templateParameter(text: string): string {
  const flat = text
    .split(/\r?\n/)
    .map((line) => line.replace(/[\t ]+/g, ' ').trim())
    .filter(Boolean)
    .join(' · ');
  return flat.length <= TEMPLATE_PARAMETER_CHARS ? flat : `${flat.slice(0, TEMPLATE_PARAMETER_CHARS - 1)}…`;
}

/** The body of `POST /messages` for the template, with its one parameter as templateParameter made it. */
export function templateBody(to: string, choice: TemplateChoice, parameter: string): Record<string, unknown> {
  return {
    to,
    type: 'template',
    template: { name: choice.name, language: { code: choice.language }, components: [{ type: 'body', parameters: [{ type: 'text', text: parameter }] }] },
  };
}
