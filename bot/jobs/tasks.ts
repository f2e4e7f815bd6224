import type { TaskList } from 'graphile-worker';
import { z } from 'zod';
import type { Bot } from '../pipeline/bot';

// The jobs a bot process works. Their payloads are written by the database triggers of
// prisma/migrations/20261127200000_job_queue and read back here through zod like any other edge.

const processMessagePayload = z.object({ messageId: z.string().regex(/^\d+$/), conversationId: z.number().int().positive() });
const fulfilOrderPayload = z.object({ orderId: z.number().int().positive() });

export function botTasks(bot: Bot): TaskList {
  return {
    process_message: async (payload) => {
      const { messageId, conversationId } = processMessagePayload.parse(payload);
      await bot.processQueued(conversationId, BigInt(messageId));
    },
    fulfil_order: async (payload, helpers) => {
      const { orderId } = fulfilOrderPayload.parse(payload);
      await bot.fulfilQueued(orderId, helpers.job.attempts >= helpers.job.max_attempts);
    },
  };
}
