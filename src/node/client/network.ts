// The HTTP layer under the OpenAI SDK: one undici dispatcher per network setup, so connections are
// kept alive and reused across requests, proxies (with NO_PROXY) and extra CA certificates apply,
// and the connect timeout is enforced where it belongs — while opening the socket.
// Two privacy rules live here: loopback endpoints never go through a proxy (a local server stays
// on this machine), and a redirect to another origin is never followed (the prompt and the
// endpoint's headers stay with the configured endpoint).
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent, EnvHttpProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { EndpointError } from '../../common/errors';

export interface NetworkOptions {
  /** Proxy URL (VS Code `http.proxy`); unset: HTTPS_PROXY / HTTP_PROXY from the environment. */
  proxy?: string;
  /** false accepts self-signed certificates (VS Code `http.proxyStrictSSL`). Default true. */
  strictSSL?: boolean;
  /** Hosts that bypass the proxy, NO_PROXY syntax; unset: NO_PROXY from the environment. */
  noProxy?: string;
  /** Paths of extra PEM CA certificates to trust besides the system's. */
  caCertificates?: string[];
}

export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Idle keep-alive sockets stay open this long, so a typing burst reuses one connection. */
const KEEP_ALIVE_MS = 30_000;

/**
 * Hands out fetch functions bound to shared dispatchers (one direct and one proxied per connect
 * timeout). Dispatchers are built lazily and live until dispose(), which closes their sockets.
 */
export class ConnectionPool {
  private readonly dispatchers = new Map<string, Dispatcher>();
  private readonly proxied: boolean;
  private ca: string[] | undefined;

  constructor(private readonly options: NetworkOptions = {}) {
    const env = process.env;
    this.proxied = Boolean(options.proxy || env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
  }

  fetchFor(connectTimeoutMs: number): FetchFunction {
    return (input, init) => {
      const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
      // Which proxy, and NO_PROXY, are undici's EnvHttpProxyAgent's business; loopback never gets there.
      const dispatcher = this.dispatcher(connectTimeoutMs, this.proxied && !isLoopback(url));
      return fetchSameOrigin(url, init, dispatcher);
    };
  }

  async dispose(): Promise<void> {
    const closing = [...this.dispatchers.values()].map((dispatcher) => dispatcher.destroy().catch(() => undefined));
    this.dispatchers.clear();
    await Promise.all(closing);
  }

  private dispatcher(connectTimeoutMs: number, viaProxy: boolean): Dispatcher {
    const key = `${connectTimeoutMs} ${viaProxy}`;
    let dispatcher = this.dispatchers.get(key);
    if (!dispatcher) {
      dispatcher = this.createDispatcher(connectTimeoutMs, viaProxy);
      this.dispatchers.set(key, dispatcher);
    }
    return dispatcher;
  }

  private createDispatcher(connectTimeoutMs: number, viaProxy: boolean): Dispatcher {
    const tls = { ca: this.certificates(), rejectUnauthorized: this.options.strictSSL !== false };
    const options = {
      keepAliveTimeout: KEEP_ALIVE_MS,
      keepAliveMaxTimeout: KEEP_ALIVE_MS,
      // The client runs its own first-token, idle and total timers; undici's would race them.
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: { ...tls, timeout: connectTimeoutMs },
    };
    if (!viaProxy) return new Agent(options);
    const { proxy, noProxy } = this.options;
    // Unset values fall back to HTTP(S)_PROXY / NO_PROXY in the environment (undici reads them).
    // Its ProxyAgents get `proxyTls` for the hop to the proxy and `requestTls` for the tunnelled endpoint.
    return new EnvHttpProxyAgent({
      ...options,
      ...(proxy ? { httpProxy: proxy, httpsProxy: proxy } : {}),
      ...(noProxy !== undefined ? { noProxy } : {}),
      proxyTls: { ...tls, timeout: connectTimeoutMs },
      requestTls: tls,
    } as EnvHttpProxyAgent.Options);
  }

  /** undefined keeps Node's defaults; otherwise the system roots plus the user's PEM files. */
  private certificates(): string[] | undefined {
    const paths = this.options.caCertificates ?? [];
    if (paths.length === 0) return undefined;
    if (!this.ca) {
      this.ca = [...rootCertificates];
      for (const path of paths) {
        try {
          this.ca.push(readFileSync(path, 'utf8'));
        } catch (error) {
          throw new EndpointError({
            reason: 'network',
            message: `Could not read the CA certificate ${path}: ${(error as Error).message}. Fix the path in gearshift.network.caCertificates.`,
            cause: error,
          });
        }
      }
    }
    return this.ca;
  }
}

/** localhost, *.localhost, 127.0.0.0/8 and ::1: this machine, whatever a proxy setting says. */
export function isLoopback(url: URL): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || /^127(?:\.\d{1,3}){3}$/.test(host) || host === '::1';
}

/** A same-origin redirect is followed (a few hops at most); any other is an error that says why. */
const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

async function fetchSameOrigin(url: URL, init: RequestInit | undefined, dispatcher: Dispatcher): Promise<Response> {
  let current = url;
  for (let hop = 0; ; hop++) {
    // The SDK calls fetch with web-standard arguments; undici's fetch takes the same shapes plus
    // the dispatcher. The casts bridge undici's and the DOM lib's nominal types.
    const response = (await undiciFetch(current as never, { ...(init as object), dispatcher, redirect: 'manual' } as never)) as unknown as Response;
    const location = response.headers.get('location');
    if (!REDIRECT_STATUSES.has(response.status) || !location) return response;
    const next = new URL(location, current);
    await response.body?.cancel().catch(() => undefined);
    if (next.origin !== url.origin) {
      throw new EndpointError({
        reason: 'bad-response',
        status: response.status,
        message: `The endpoint redirected to another origin (${next.origin}); Gearshift never follows such a redirect, so your code and the endpoint's headers stay with ${url.origin}. If the move is intended, set the endpoint's base URL to the new address.`,
      });
    }
    if (hop + 1 >= MAX_REDIRECTS) {
      throw new EndpointError({ reason: 'bad-response', status: response.status, message: `The endpoint redirected more than ${MAX_REDIRECTS} times (last to ${next.href}).` });
    }
    current = next;
  }
}
