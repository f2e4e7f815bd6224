import rateLimit, { type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { RawConfig } from '../config';
import { StoredSignInFailures } from '../staff/sign-in-failures';
import type { StoredLimitOptions, StoredRateLimitStoreCtor } from './stored-rate-limits';

// Limits on the two doors anyone can knock on: staff sign-in and web chat. Request counting is
// @fastify/rate-limit's (fixed windows, IPv6 clients grouped by /64), its counts kept in the database
// (./stored-rate-limits.ts) so that every process counts the same requests;
// the client address is request.ip, which reads X-Forwarded-For only from a TRUSTED_PROXY
// (Fastify's trustProxy), so without one a forged header changes nothing.
//
// Sign-in: every attempt counts against the client address (the library: counted before any work,
// so concurrent requests cannot slip past, and signing in to one's own account does not earn an
// attacker more guesses), and failures count against the account whatever the address
// (bot/staff/sign-in-failures.ts, in the database so that every process counts the same: it must take
// a failure back when the password was right, which a request limiter cannot). A locked account does not lock other accounts out of the same address.
//
// Web chat: every POST counts against the client address (before the body is read) and, once the
// sender is known, against the identity (`from` normalised the way intake looks it up). Long polls
// are limited by how many are open at once, per identity and per address (OpenPolls): each holds a
// socket, a timer and a listener for up to 30 s, and thousands from one sender slowed every
// other reseller's requests (6,000 open polls: another reseller's post took 4.4 s). That is a
// process's own resource, so open polls are counted in each process, not in the database.

export interface RateLimits {
  loginFailuresPerAccount: number;
  loginAttemptsPerAddress: number;
  loginWindowMs: number;
  webchatPerIdentity: number;
  webchatPerAddress: number;
  webchatWindowMs: number;
  webchatOpenPollsPerIdentity: number;
  webchatOpenPollsPerAddress: number;
}

export function rateLimitsFrom(config: RawConfig): RateLimits {
  return {
    loginFailuresPerAccount: config.STAFF_LOGIN_FAILURES_PER_ACCOUNT,
    loginAttemptsPerAddress: config.STAFF_LOGIN_ATTEMPTS_PER_ADDRESS,
    loginWindowMs: config.STAFF_LOGIN_WINDOW_MINUTES * 60_000,
    webchatPerIdentity: config.WEBCHAT_MESSAGES_PER_IDENTITY,
    webchatPerAddress: config.WEBCHAT_MESSAGES_PER_ADDRESS,
    webchatWindowMs: config.WEBCHAT_RATE_WINDOW_SECONDS * 1000,
    webchatOpenPollsPerIdentity: config.WEBCHAT_OPEN_POLLS_PER_IDENTITY,
    webchatOpenPollsPerAddress: config.WEBCHAT_OPEN_POLLS_PER_ADDRESS,
  };
}

/**
 * Registers @fastify/rate-limit on `app` with its counts in the database, through `store`
 * (rateLimitStoreClass, one per process). When a count cannot be written (the database down, the
 * table missing) the request is not refused for that (skipOnError): the store logs it, and a
 * route that needs the database answers 503 itself.
 */
export async function registerStoredRateLimits(app: FastifyInstance, store: FastifyRateLimitStoreCtor): Promise<void> {
  await app.register(rateLimit, { global: false, store, skipOnError: true });
}

/** The rate-limit plugin's counter for one limit: counts this request and says how long to wait (0: go on). */
type Counter = (request: FastifyRequest) => Promise<number>;

function counter(app: FastifyInstance, name: string, max: number, timeWindow: number, key?: (request: FastifyRequest) => string): Counter {
  const options: StoredLimitOptions & { max: number; timeWindow: number; keyGenerator?: (request: FastifyRequest) => string } = { name, max, timeWindow, ...(key ? { keyGenerator: key } : {}) };
  const check = app.createRateLimit(options);
  return async (request) => {
    const limit = await check(request);
    return !limit.isAllowed && limit.isExceeded ? limit.ttl : 0;
  };
}

/**
 * Answers 429 with Retry-After (whole seconds) and a JSON body that says when to try again.
 * (The limiters below answer `true` rather than the reply: a reply is thenable, so an async
 * function that returns it resolves to undefined once it is sent.)
 */
export function tooMany(reply: FastifyReply, waitMs: number, what: string): FastifyReply {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const when = seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
  return reply
    .code(429)
    .header('retry-after', String(seconds))
    .send({ error: `${what}; try again in ${when}`, retryAfterSeconds: seconds, retryAt: new Date(Date.now() + seconds * 1000).toISOString() });
}

export interface WebchatLimiter {
  /** onRequest hook of POST /webchat/messages: counts the client address before the body is read. */
  perAddress: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  /** Counts the message against its sender once it is known (valid and authorised); true when it answered 429. */
  perIdentity: (request: FastifyRequest, reply: FastifyReply, from: string) => Promise<boolean>;
  /** The message was one already received (the page sent it again after losing the answer): its sender's count is given back. */
  resent: (from: string) => Promise<void>;
  /** A long poll of `from` opens: its release, or null when it answered 429 (too many open). */
  openPoll: (request: FastifyRequest, reply: FastifyReply, from: string) => (() => void) | null;
}

const SENDER_LIMIT = 'webchat-sender';
const senderKey = (from: string) => `web:${from}`;

/**
 * Needs registerStoredRateLimits on `app` with `store`. A message sent again is given back to its
 * sender's count (a page that lost the answer to its post must not spend the reseller's allowance
 * twice); the address still counts every request, valid or not, read or not.
 */
export function webchatLimiter(app: FastifyInstance, limits: RateLimits, store: StoredRateLimitStoreCtor): WebchatLimiter {
  const byAddress = counter(app, 'webchat-address', limits.webchatPerAddress, limits.webchatWindowMs);
  const senders = new WeakMap<FastifyRequest, string>();
  const byIdentity = counter(app, SENDER_LIMIT, limits.webchatPerIdentity, limits.webchatWindowMs, (request) => senderKey(senders.get(request) ?? ''));
  const polls = new OpenPolls(limits.webchatOpenPollsPerIdentity, limits.webchatOpenPollsPerAddress);
  return {
    async perAddress(request, reply) {
      const wait = await byAddress(request);
      if (wait > 0) tooMany(reply, wait, 'too many messages from your network address'); // sent: the route does not run
    },
    async perIdentity(request, reply, from) {
      senders.set(request, from); // already normalised by webchatPostBody: one key per identity, however spelled
      const wait = await byIdentity(request);
      if (wait > 0) tooMany(reply, wait, 'too many messages from this sender');
      return wait > 0;
    },
    resent: (from) => store.uncount(SENDER_LIMIT, senderKey(from)),
    openPoll(request, reply, from) {
      const release = polls.open(from, request.ip);
      if (!release) tooMany(reply, 1000, 'too many polls open at once for this sender or network address; close other tabs of this chat');
      return release;
    },
  };
}

/** Long polls open at once per identity and per client address: `open` takes a place in both, or none. */
export class OpenPolls {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly perIdentity: number,
    private readonly perAddress: number,
  ) {}

  /** The release of the places taken (call it once, when the poll is answered), or null when either limit is reached. */
  open(identity: string, address: string): (() => void) | null {
    const keys = [`identity:${identity}`, `address:${address}`] as const;
    if ((this.counts.get(keys[0]) ?? 0) >= this.perIdentity || (this.counts.get(keys[1]) ?? 0) >= this.perAddress) return null;
    for (const key of keys) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const key of keys) {
        const left = (this.counts.get(key) ?? 1) - 1;
        if (left > 0) this.counts.set(key, left);
        else this.counts.delete(key);
      }
    };
  }
}

export interface SignInLimiter {
  /** Counts the attempt against the client address; true when it answered 429. */
  perAddress: (request: FastifyRequest, reply: FastifyReply) => Promise<boolean>;
  accounts: StoredSignInFailures;
}

/** Needs registerStoredRateLimits on `app`. */
export function signInLimiter(app: FastifyInstance, limits: RateLimits, pool: pg.Pool): SignInLimiter {
  const byAddress = counter(app, 'sign-in-address', limits.loginAttemptsPerAddress, limits.loginWindowMs);
  return {
    async perAddress(request, reply) {
      const wait = await byAddress(request);
      if (wait > 0) tooMany(reply, wait, 'too many sign-in attempts from your network address');
      return wait > 0;
    },
    accounts: new StoredSignInFailures(pool, { max: limits.loginFailuresPerAccount, windowMs: limits.loginWindowMs }),
  };
}

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();
