// The channels a reseller can write on. Declared here, where conversations, threads and ledger
// accounts are reasoned about; channels/port.ts gives adapters the same list (domain/ imports
// nothing from channels/).

export const CHANNELS = ['whatsapp', 'wechat', 'email', 'web'] as const;
export type ChannelName = (typeof CHANNELS)[number];
