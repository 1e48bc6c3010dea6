import type { SiteServer } from './e2e-server.ts';

/** A cookie-keeping HTTP client for one person, sending the Origin header a browser would. */
export class HttpSession {
  private cookies = new Map<string, string>();

  constructor(readonly server: Pick<SiteServer, 'baseUrl'>) {}

  async request(path: string, init: RequestInit & { json?: unknown; form?: Record<string, string> } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('Content-Type', 'application/json');
      body = JSON.stringify(init.json);
    }
    if (init.form !== undefined) {
      headers.set('Content-Type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(init.form).toString();
    }
    if (!headers.has('origin') && init.method && init.method !== 'GET' && init.method !== 'HEAD') {
      headers.set('Origin', this.server.baseUrl);
    }
    if (this.cookies.size) headers.set('Cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(`${this.server.baseUrl}${path}`, { ...init, headers, body, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, value] = pair!.split('=') as [string, string];
      if (!value || /expires=Thu, 01 Jan 1970/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Signs in through the JSON API; throws with the server's answer when it fails. */
  async signIn(username: string, password: string): Promise<void> {
    const response = await this.request('/api/auth/signin', { method: 'POST', json: { username, password } });
    if (response.status !== 200) throw new Error(`sign-in of ${username} failed: ${response.status} ${await response.text()}`);
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

/** The Authorization header of HTTP Basic credentials. */
export function basicAuth(user: string, secret: string): string {
  return `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
}
