import { EventEmitter } from 'node:events';
import type { Message, MessageContent, MessageSendOptions, WAState } from 'whatsapp-web.js';
import type { WhatsAppClient } from '../../channels/whatsapp/adapter';

// whatsapp-web.js's Client contract without WhatsApp's servers (unreachable from here): the same
// events ('qr', 'ready', 'disconnected', 'message'), the same methods, and Message objects of the
// library's shape. Tests script what WhatsApp Web would do.

export interface SentMessage {
  chatId: string;
  content: MessageContent;
  options?: MessageSendOptions;
}

export class ContractClient extends EventEmitter {
  readonly sent: SentMessage[] = [];
  initialized = 0;
  destroyed = false;
  state: WAState | 'hang' = 'CONNECTED' as WAState;
  private seq = 0;

  constructor(private readonly behaviour: { linked: boolean; becomesReady?: boolean; failsToStart?: boolean }) {
    super();
  }

  async initialize(): Promise<void> {
    this.initialized += 1;
    if (this.behaviour.failsToStart) throw new Error('net::ERR_NAME_NOT_RESOLVED at https://web.whatsapp.com/');
    setImmediate(() => {
      if (!this.behaviour.linked) this.emit('qr', '2@pairing-ref,client-key,server-key,adv-secret');
      else if (this.behaviour.becomesReady !== false) {
        this.emit('authenticated');
        this.emit('ready');
      }
    });
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
  }

  async getState(): Promise<WAState> {
    if (this.state === 'hang') return new Promise<WAState>(() => undefined);
    return this.state;
  }

  async sendMessage(chatId: string, content: MessageContent, options?: MessageSendOptions): Promise<Message> {
    this.sent.push({ chatId, content, options });
    return { id: { fromMe: true, remote: chatId, id: `OUT${++this.seq}`, _serialized: `true_${chatId}_OUT${this.seq}` } } as Message;
  }

  /** A message as the library emits it. */
  static message(from: string, body: string, id: string, extra: Partial<Message> = {}): Message {
    return {
      id: { fromMe: false, remote: from, id, _serialized: `false_${from}_${id}` },
      from,
      to: '66800000000@c.us',
      body,
      type: 'chat',
      fromMe: false,
      isStatus: from === 'status@broadcast',
      broadcast: false,
      hasMedia: false,
      timestamp: Math.floor(Date.now() / 1000),
      downloadMedia: async () => undefined,
      ...extra,
    } as unknown as Message;
  }
}

export function asClient(client: ContractClient): WhatsAppClient {
  return client as unknown as WhatsAppClient;
}
