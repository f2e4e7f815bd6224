import net from 'node:net';
import { errorInWords } from '../../channels/error-in-words';
import { GraphApi } from '../../channels/whatsapp-cloud/graph-api';

// What an operator reads when an HTTP call (the supplier, the WhatsApp Cloud API) did not reach
// its server, or staff read in a ticket when a message could not be processed: Node's fetch says
// "fetch failed" and keeps the reason in its cause; an AggregateError has no message.

describe('errorInWords', () => {
  test('the cause of a failed fetch is told after its message', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.20.0.5:443'), { code: 'ECONNREFUSED' });
    expect(errorInWords(new TypeError('fetch failed', { cause: refused }))).toBe('fetch failed (connect ECONNREFUSED 10.20.0.5:443)');
  });

  test('a host refused on every address: each address, though the AggregateError has no message', () => {
    const both = new AggregateError([new Error('connect ECONNREFUSED ::1:8443'), new Error('connect ECONNREFUSED 127.0.0.1:8443')], '');
    expect(errorInWords(new TypeError('fetch failed', { cause: both }))).toBe('fetch failed (connect ECONNREFUSED ::1:8443; connect ECONNREFUSED 127.0.0.1:8443)');
  });

  test('causes of causes, a code where there is no message, and no endless loop', () => {
    const tls = Object.assign(new Error(''), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    const middle = new Error('socket closed', { cause: tls });
    expect(errorInWords(new Error('fetch failed', { cause: middle }))).toBe('fetch failed (socket closed: UNABLE_TO_VERIFY_LEAF_SIGNATURE)');
    const loop = new Error('fetch failed') as Error & { cause?: unknown };
    loop.cause = loop;
    expect(errorInWords(loop)).toBe('fetch failed');
  });

  test('not an error at all', () => {
    expect(errorInWords('socket hang up')).toBe('socket hang up');
    expect(errorInWords(undefined)).toBe('no reason given');
    expect(errorInWords({})).toBe('no reason given');
  });

  test('the WhatsApp Cloud API unreached: the operator reads the refused address, not "fetch failed"', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const graph = new GraphApi({ baseUrl: `http://127.0.0.1:${port}/v21.0`, accessToken: 'token', phoneNumberId: '1098765432' });
    await expect(graph.sendMessage({ to: '6281234567890', type: 'text', text: { body: 'hello' } })).rejects.toMatchObject({
      message: `Graph API could not be reached: fetch failed (connect ECONNREFUSED 127.0.0.1:${port})`,
    });
  });
});
