import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

/**
 * A small browser over `app.inject`: keeps cookies, and sends the page's CSRF token with
 * every form, as a real form post would.
 */
export class TestClient {
  readonly cookies = new Map<string, string>();
  private csrf: string | undefined;
  constructor(private readonly app: FastifyInstance, readonly headers: Record<string, string> = {}) {}

  private remember(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()) || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const m = res.body.match(/name="_csrf" value="([^"]+)"/);
    if (m) this.csrf = m[1];
  }

  async request(opts: InjectOptions): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      ...opts,
      headers: { ...this.headers, ...(opts.headers as Record<string, string>), cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    this.remember(res);
    return res;
  }

  get(url: string, headers: Record<string, string> = {}) {
    return this.request({ method: 'GET', url, headers });
  }

  async csrfToken(): Promise<string> {
    if (!this.csrf) await this.get('/');
    return this.csrf!;
  }

  /** Posts a form as the browser would, with the CSRF token unless `csrf: false`. */
  async post(url: string, form: Record<string, string | string[]> = {}, opts: { csrf?: boolean } = {}) {
    const body = new URLSearchParams();
    if (opts.csrf !== false) body.append('_csrf', await this.csrfToken());
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return this.request({ method: 'POST', url, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  get signedIn(): boolean {
    return this.cookies.has('foyer_session');
  }
}
