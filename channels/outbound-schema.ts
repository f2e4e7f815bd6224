import { z } from 'zod';

/** An outbox row's body, checked before an adapter sees it. */
export const outboundMessage = z.object({
  text: z.string(),
  attachments: z.array(
    z.object({
      kind: z.enum(['image', 'file']),
      filename: z.string().min(1),
      mimeType: z.string().min(1),
      url: z.string().min(1),
      caption: z.string().optional(),
    }),
  ),
});
