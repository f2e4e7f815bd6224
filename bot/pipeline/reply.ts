// Replies go out through the outbox (bot/store/outbox.ts); the pipeline names a conversation to reply on so.
export { enqueueReply, type ReplyTo as ConversationRef } from '../store/outbox';
