// What went wrong with a send, typed so the outbox decides between waiting, retrying and giving up
// (and bot/'s watchdog, fed by status events, decides who is told). An untyped error is a failed
// attempt: retried with backoff up to SEND_ATTEMPTS_MAX.

/** The channel cannot send right now (not connected, logged out): the reply waits, it is not a failed attempt. */
export class ChannelUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelUnavailableError';
  }
}

/** The account was logged out (a WhatsApp LOGOUT, the WeChat account): replies wait until a person links it again. */
export class AuthLostError extends ChannelUnavailableError {
  constructor(message: string) {
    super(message);
    this.name = 'AuthLostError';
  }
}

/** The channel asked to slow down: not a failed attempt; the reply is tried again after `retryAfterMs`. */
export class RateLimitedError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = 'RateLimitedError';
  }
}

/** This reply can never go as it is (a conversation key this channel cannot address): given up at once, not retried. */
export class InvalidMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidMessageError';
  }
}

/**
 * This reply can never reach this recipient on this channel (the number is not on WhatsApp): it
 * fails here, and goes to the reseller's email at once when they have one.
 */
export class RecipientUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecipientUnreachableError';
  }
}
