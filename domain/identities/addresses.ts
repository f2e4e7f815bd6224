// One spelling per address, so `+34 612 345 603` and `+34612345603` are one identity and one
// conversation: every key built from an address is built from its normalised form.

/** The channel an identity address belongs to when web chat names it (`from` is any identity's address). */
export function addressChannel(address: string): 'email' | 'whatsapp' | 'wechat' {
  if (address.includes('@')) return 'email';
  if (/^\s*\+?[\d\s().-]{6,}$/.test(address)) return 'whatsapp';
  return 'wechat';
}

/**
 * Emails in lower case; phone numbers without spaces, brackets, dots or dashes, and with their `+`
 * (the WhatsApp Cloud API's wa_id and a number typed without it are the same identity); anything
 * else trimmed.
 */
export function normaliseAddress(channel: string, address: string): string {
  const trimmed = address.trim();
  if (channel === 'email') return trimmed.toLowerCase();
  if (channel === 'whatsapp') {
    const compact = trimmed.replace(/[\s().-]/g, '');
    return /^\d{6,15}$/.test(compact) ? `+${compact}` : compact;
  }
  return trimmed;
}

/** A web-chat `from`, normalised as the identity it names. */
export function normaliseWebAddress(address: string): string {
  return normaliseAddress(addressChannel(address), address);
}
