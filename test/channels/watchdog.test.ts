import { ChannelWatchdog } from '../../bot/channels/watchdog';
import type { ChannelName } from '../../channels/port';

// The app's one watchdog, fed the status reports adapters make.

function watchdog() {
  const alerts: string[] = [];
  const ready: ChannelName[] = [];
  const at = new Date('2026-11-27T08:00:00Z');
  return { alerts, ready, at, dog: new ChannelWatchdog({ alert: (t) => alerts.push(t), ready: (c) => ready.push(c) }, () => at) };
}

describe('ChannelWatchdog', () => {
  test('nothing is known of a channel before it reports', () => {
    expect(watchdog().dog.view('whatsapp')).toBeNull();
  });

  test('the pairing QR is kept until ready; ready wakes the channel\'s outbox and clears the last alert', () => {
    const { dog, alerts, ready, at } = watchdog();
    const whatsapp = dog.listener('whatsapp');
    whatsapp({ kind: 'qr', qr: '2@ref,key' });
    expect(dog.view('whatsapp')).toEqual({ ready: false, pairingQr: '2@ref,key', alert: null, lastSeenAt: null });
    whatsapp({ kind: 'error', text: 'WhatsApp: the session has not become ready in 45 s; restarting it.', alert: true });
    expect(alerts).toEqual(['WhatsApp: the session has not become ready in 45 s; restarting it.']);
    expect(dog.view('whatsapp')!.alert).toMatch(/not become ready/);
    whatsapp({ kind: 'ready' });
    expect(ready).toEqual(['whatsapp']);
    expect(dog.view('whatsapp')).toEqual({ ready: true, pairingQr: null, alert: null, lastSeenAt: at });
  });

  test('a logout is told to staff; an error the adapter retries on its own is not, but the channel is not ready', () => {
    const { dog, alerts } = watchdog();
    const wechat = dog.listener('wechat');
    wechat({ kind: 'ready' });
    wechat({ kind: 'error', text: 'disconnected; reconnecting', alert: false });
    expect(alerts).toEqual([]);
    expect(dog.view('wechat')!.ready).toBe(false);
    wechat({ kind: 'logout', text: 'WeChat: the bot account was logged out' });
    expect(alerts).toEqual(['WeChat: the bot account was logged out']);
  });

  test('heartbeats say when the channel was last seen healthy; channels are watched apart', () => {
    const { dog } = watchdog();
    dog.listener('email')({ kind: 'heartbeat' });
    expect(dog.view('email')!.lastSeenAt).not.toBeNull();
    expect(dog.view('whatsapp')).toBeNull();
  });

  test('a channel whose health checks stop is reported once as silent, and is usable again at its next health check', () => {
    const alerts: string[] = [];
    const ready: ChannelName[] = [];
    let now = new Date('2026-11-27T08:00:00Z');
    const dog = new ChannelWatchdog({ alert: (t) => alerts.push(t), ready: (c) => ready.push(c) }, () => now);
    const whatsapp = dog.listener('whatsapp');
    const email = dog.listener('email');
    whatsapp({ kind: 'ready' });
    email({ kind: 'ready' }); // email reports no health checks: never judged by them
    whatsapp({ kind: 'heartbeat' });
    now = new Date('2026-11-27T08:00:45Z');
    dog.checkSilence(60_000);
    expect(alerts).toEqual([]);
    now = new Date('2026-11-27T08:01:30Z');
    dog.checkSilence(60_000);
    dog.checkSilence(60_000);
    expect(alerts).toEqual(['whatsapp: no health check has passed for 90 s; replies wait in the outbox. If it does not come back by itself, check the session in the staff app.']);
    expect(dog.view('whatsapp')).toMatchObject({ ready: false });
    expect(dog.view('email')).toMatchObject({ ready: true, alert: null });
    whatsapp({ kind: 'heartbeat' });
    expect(dog.view('whatsapp')).toMatchObject({ ready: true, alert: null, lastSeenAt: now });
    expect(ready).toEqual(['whatsapp', 'email', 'whatsapp']);
  });
});

