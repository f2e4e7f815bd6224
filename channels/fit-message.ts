import type { ChannelCapabilities, OutboundAttachment, OutboundMessage } from './port';

/**
 * A reply as the channel can carry it, decided by its capabilities alone: an image on a channel
 * whose images go as links, or a file on a channel without files, becomes a line with its link
 * (caption or file name, then the URL) at the end of the text, so the reseller still gets it.
 * Relative URLs are made absolute with `linkBaseUrl` (PUBLIC_BASE_URL) when it is known.
 */
export function fitToChannel(message: OutboundMessage, capabilities: ChannelCapabilities, linkBaseUrl?: string): OutboundMessage {
  const carried = (a: OutboundAttachment) => (a.kind === 'image' ? capabilities.images !== 'link' : capabilities.files);
  const links = message.attachments.filter((a) => !carried(a));
  if (links.length === 0) return message;
  const base = linkBaseUrl?.replace(/\/+$/, '') ?? '';
  const lines = links.map((a) => `${a.caption ?? a.filename}: ${a.url.startsWith('/') ? base + a.url : a.url}`);
  return { text: [message.text, ...lines].filter(Boolean).join('\n'), attachments: message.attachments.filter(carried) };
}
