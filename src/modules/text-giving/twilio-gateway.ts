import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';

/** One Twilio account's credentials, unsealed only for the call that needs them. */
export type TwilioCredentials = { accountSid: string; authToken: string };
export type SentMessage = { sid: string; status: string };
export type FoundMessage = { sid: string; body: string; dateCreated: Date };

/**
 * A failure Twilio answered clearly (a 4xx refusal): the message was not accepted, so sending
 * again is safe — or pointless, when `permanent`.
 */
export class TwilioRefusedError extends Error {
  override name = 'TwilioRefusedError';
  constructor(readonly status: number, readonly twilioCode: number | undefined, readonly permanent: boolean) {
    super(`twilio refused the message (${status}${twilioCode ? `, code ${twilioCode}` : ''})`);
  }
}

/** Twilio codes that mean "never send to this number again": 21610 is the carrier's own STOP list. */
const PERMANENT_CODES = new Set([21610, 21211, 21614, 21612, 21408]);

export type TwilioGateway = {
  send(creds: TwilioCredentials, msg: { from: string; to: string; body: string }): Promise<SentMessage>;
  /** Messages this account sent from one number to another since a moment: finds a send whose answer was lost. */
  findSent(creds: TwilioCredentials, q: { from: string; to: string; since: Date }): Promise<FoundMessage[]>;
};

/**
 * The official SDK's own request client, with the API origin replaced when `apiBaseUrl` is
 * set (a local stand-in for Twilio's REST endpoint in tests and benchmarks, or an egress proxy).
 */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly base: URL, opts: ConstructorParameters<typeof twilio.RequestClient>[0]) {
    super(opts);
  }
  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const uri = new URL(opts.uri);
    const rebased = new URL(uri.pathname + uri.search, this.base);
    return super.request<TData>({ ...opts, uri: rebased.href });
  }
}

export function createTwilioGateway(opts: { apiBaseUrl?: URL | undefined; timeoutMs?: number } = {}): TwilioGateway {
  const timeout = opts.timeoutMs ?? 10_000;
  const httpClient = opts.apiBaseUrl ? new RebasedRequestClient(opts.apiBaseUrl, { timeout, keepAlive: true }) : new twilio.RequestClient({ timeout, keepAlive: true });
  const clients = new Map<string, twilio.Twilio>();
  const clientFor = (c: TwilioCredentials) => {
    const key = `${c.accountSid}:${c.authToken}`;
    let client = clients.get(key);
    if (!client) {
      client = twilio(c.accountSid, c.authToken, { httpClient, autoRetry: false });
      clients.set(key, client);
    }
    return client;
  };
  return {
    async send(creds, msg) {
      try {
        const m = await clientFor(creds).messages.create({ from: msg.from, to: msg.to, body: msg.body });
        return { sid: m.sid, status: m.status };
      } catch (error) {
        const e = error as { status?: number; code?: number };
        if (typeof e.status === 'number' && e.status >= 400 && e.status < 500 && e.status !== 429) {
          throw new TwilioRefusedError(e.status, e.code, e.code !== undefined && PERMANENT_CODES.has(e.code));
        }
        if (e.status === 429) throw new TwilioRefusedError(429, e.code, false);
        throw error;
      }
    },
    async findSent(creds, q) {
      const list = await clientFor(creds).messages.list({ from: q.from, to: q.to, dateSentAfter: q.since, limit: 50 });
      return list.map((m) => ({ sid: m.sid, body: m.body, dateCreated: m.dateCreated }));
    },
  };
}

export const validateTwilioSignature = (authToken: string, signature: string, url: string, params: Record<string, unknown>): boolean =>
  twilio.validateRequest(authToken, signature, url, params);
