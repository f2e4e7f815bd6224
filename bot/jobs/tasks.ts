import type { TaskList } from 'graphile-worker';
import { z } from 'zod';
import type { Bot } from '../pipeline/bot';

// The jobs a bot process works. Their payloads are written by the database triggers of
// prisma/migrations/20261127200000_job_queue and read back here through zod like any other edge.

const processMessagePayload = z.object({ messageId: z.string().regex(/^\d+$/), conversationId: z.number().int().positive() });
const fulfilOrderPayload = z.object({ orderId: z.number().int().positive() });

/**
 * Ends a job when the process stops (graphile-worker aborts its signal a moment after SIGTERM):
 * the job fails back to the queue and runs again elsewhere; the work left running here dies with the
 * process, its transaction rolled back, and every step of it is keyed, so the rerun does not repeat it.
 * The signal is the runner's, shared by every job it ever runs: the listener goes when the job ends
 * (left there, each job's stayed for the life of the process, and each add walked all of them).
 */
export function handedBackOnStop<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  let stop: (() => void) | undefined;
  const stopped = new Promise<never>((_resolve, reject) => {
    stop = () => reject(new Error('the process is stopping: the job is handed back to the queue'));
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
  return Promise.race([work, stopped]).finally(() => signal.removeEventListener('abort', stop!));
}

export function botTasks(bot: Bot): TaskList {
  return {
    process_message: async (payload, helpers) => {
      const { messageId, conversationId } = processMessagePayload.parse(payload);
      await handedBackOnStop(bot.processQueued(conversationId, BigInt(messageId), helpers.job.attempts >= helpers.job.max_attempts), helpers.abortSignal);
    },
    fulfil_order: async (payload, helpers) => {
      const { orderId } = fulfilOrderPayload.parse(payload);
      await handedBackOnStop(bot.fulfilQueued(orderId, helpers.job.attempts >= helpers.job.max_attempts), helpers.abortSignal);
    },
  };
}
