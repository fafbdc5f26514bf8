/**
 * A stand-in for Twilio's REST API where the network would be: the real twilio client is built with this as
 * its `httpClient` (the library accepts one), so everything up to the HTTP request is the library's own.
 * It answers messages.create and messages.list as Twilio does, and can be told to fail or to hang.
 */
import type RequestClient from 'twilio/lib/base/RequestClient';

export interface FakeRequest {
  method: string;
  uri: string;
  data?: Record<string, string>;
  params?: Record<string, string>;
}

type Behaviour =
  | { kind: 'ok' }
  | { kind: 'status'; status: number; code: number; message: string }
  | { kind: 'network' }
  /** Twilio accepts the message but the answer never comes back (the process is killed mid-send). */
  | { kind: 'accept-and-hang' }
  /** The request never reaches Twilio and never returns. */
  | { kind: 'hang' };

const rfc2822 = (d: Date) => d.toUTCString().replace('GMT', '+0000');

export function fakeTwilio(now: () => Date = () => new Date()) {
  const requests: FakeRequest[] = [];
  const stored: { sid: string; to: string; from: string; body?: string; created: Date }[] = [];
  const plan: Behaviour[] = [];
  let seq = 0;
  const postWaiters: { count: number; resolve: () => void }[] = [];
  const postCount = () => requests.filter((r) => r.method.toLowerCase() === 'post').length;

  const respond = (statusCode: number, body: unknown) => ({
    statusCode,
    headers: {},
    body: JSON.stringify(body),
  });

  const client = {
    async request(opts: FakeRequest) {
      requests.push({ method: opts.method, uri: opts.uri, data: opts.data, params: opts.params });
      for (const w of postWaiters.filter((w) => postCount() >= w.count)) {
        postWaiters.splice(postWaiters.indexOf(w), 1);
        w.resolve();
      }
      if (opts.method.toLowerCase() === 'get') {
        const to = opts.params?.To;
        const messages = stored
          .filter((m) => !to || m.to === to)
          .reverse()
          .map((m) => ({
            sid: m.sid,
            to: m.to,
            from: m.from,
            body: m.body,
            date_created: rfc2822(m.created),
            status: 'queued',
          }));
        return respond(200, { messages, next_page_uri: null, page: 0, page_size: 20, uri: opts.uri });
      }
      const behaviour = plan.shift() ?? { kind: 'ok' };
      if (behaviour.kind === 'network')
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      if (behaviour.kind === 'hang') return new Promise<never>(() => undefined);
      if (behaviour.kind === 'status')
        return respond(behaviour.status, {
          code: behaviour.code,
          message: behaviour.message,
          status: behaviour.status,
        });
      const data = opts.data ?? {};
      const message = {
        sid: `SM${String(++seq).padStart(32, '0')}`,
        to: data.To,
        from: data.From,
        body: data.Body,
        created: now(),
      };
      stored.push(message);
      if (behaviour.kind === 'accept-and-hang') return new Promise<never>(() => undefined);
      return respond(201, {
        sid: message.sid,
        to: message.to,
        from: message.from,
        body: message.body,
        status: 'queued',
        date_created: rfc2822(message.created),
      });
    },
  };
  return {
    httpClient: client as unknown as RequestClient,
    requests,
    stored,
    /** What the next create calls meet, in order; afterwards they succeed. */
    then(...behaviours: Behaviour[]) {
      plan.push(...behaviours);
    },
    posts: () => requests.filter((r) => r.method.toLowerCase() === 'post'),
    /** Resolves once this many create calls have reached Twilio (whatever they meet there). */
    whenPosted(count: number): Promise<void> {
      if (postCount() >= count) return Promise.resolve();
      return new Promise((resolve) => postWaiters.push({ count, resolve }));
    },
  };
}
