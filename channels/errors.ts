/** The channel cannot send right now (not connected, logged out): the reply waits, it is not a failed attempt. */
export class ChannelUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelUnavailableError';
  }
}
