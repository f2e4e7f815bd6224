import { ChannelUnavailableError } from '../errors';
import { CHANNEL_CAPABILITIES, type ChannelAdapter, type ChannelCapabilities, type InboundSink, type OutboundMessage } from '../port';
import { parseWebchatPost, type WebchatPostBody } from './parse';

// The built-in web chat as a channel adapter like the others. Its transport is the app's HTTP
// server (bot/http/webchat-routes.ts validates and authorises a POST, then hands it here); its
// replies are read by the page from the transcript (capabilities.delivery: transcript), so the
// outbox has nothing to push and a reply is delivered once it is written.

export class WebChatAdapter implements ChannelAdapter {
  readonly name = 'web' as const;
  readonly capabilities: ChannelCapabilities = CHANNEL_CAPABILITIES.web;
  private sink: InboundSink | null = null;

  async start(sink: InboundSink): Promise<void> {
    this.sink = sink;
  }

  async stop(): Promise<void> {
    this.sink = null;
  }

  /** A message the page posted (validated by webchatPostBody), into the pipeline as any channel's. */
  async receive(body: WebchatPostBody, authenticated: boolean, receivedAt: Date): Promise<{ duplicate: boolean; messageId: bigint | null }> {
    if (!this.sink) throw new ChannelUnavailableError('web chat: not started');
    return this.sink.receive(parseWebchatPost(body, authenticated, receivedAt));
  }

  /** Nothing to push: the page reads its replies from the transcript, where the outbox wrote them. */
  async send(_conversationKey: string, _message: OutboundMessage, idempotencyKey: string): Promise<{ externalId: string }> {
    return { externalId: idempotencyKey };
  }
}
