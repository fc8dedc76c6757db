// The HTTP layer under the OpenAI SDK: one undici dispatcher per network setup, so connections are
// kept alive and reused across requests, proxies (with NO_PROXY) and extra CA certificates apply,
// and the connect timeout is enforced where it belongs — while opening the socket.
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent, ProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
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
  private readonly proxy: string | undefined;
  private readonly bypassesProxy: (url: URL) => boolean;
  private ca: string[] | undefined;

  constructor(private readonly options: NetworkOptions = {}) {
    const env = process.env;
    this.proxy = options.proxy || env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy || undefined;
    this.bypassesProxy = noProxyMatcher(options.noProxy ?? env.NO_PROXY ?? env.no_proxy ?? '');
  }

  fetchFor(connectTimeoutMs: number): FetchFunction {
    return (input, init) => {
      const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
      const viaProxy = this.proxy !== undefined && !this.bypassesProxy(url);
      const dispatcher = this.dispatcher(connectTimeoutMs, viaProxy ? this.proxy : undefined);
      // The SDK calls fetch with web-standard arguments; undici's fetch takes the same shapes plus
      // the dispatcher. The casts bridge undici's and the DOM lib's nominal types.
      return undiciFetch(input as never, { ...(init as object), dispatcher } as never) as unknown as Promise<Response>;
    };
  }

  async dispose(): Promise<void> {
    const closing = [...this.dispatchers.values()].map((dispatcher) => dispatcher.destroy().catch(() => undefined));
    this.dispatchers.clear();
    await Promise.all(closing);
  }

  private dispatcher(connectTimeoutMs: number, proxy: string | undefined): Dispatcher {
    const key = `${connectTimeoutMs} ${proxy ?? ''}`;
    let dispatcher = this.dispatchers.get(key);
    if (!dispatcher) {
      dispatcher = this.createDispatcher(connectTimeoutMs, proxy);
      this.dispatchers.set(key, dispatcher);
    }
    return dispatcher;
  }

  private createDispatcher(connectTimeoutMs: number, proxy: string | undefined): Dispatcher {
    const tls = { ca: this.certificates(), rejectUnauthorized: this.options.strictSSL !== false };
    const options = {
      keepAliveTimeout: KEEP_ALIVE_MS,
      keepAliveMaxTimeout: KEEP_ALIVE_MS,
      // The client runs its own first-token, idle and total timers; undici's would race them.
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: { ...tls, timeout: connectTimeoutMs },
    };
    if (!proxy) return new Agent(options);
    // Through a proxy, `proxyTls` secures the hop to the proxy and `requestTls` the tunnelled endpoint.
    return new ProxyAgent({ ...options, uri: proxy, proxyTls: { ...tls, timeout: connectTimeoutMs }, requestTls: tls });
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

/**
 * NO_PROXY semantics as curl and VS Code read them: comma- or space-separated hosts, `*` for all,
 * an optional `:port`, and a host entry also covering its subdomains (`example.com`, `.example.com`
 * and `*.example.com` all match `api.example.com`).
 */
export function noProxyMatcher(noProxy: string): (url: URL) => boolean {
  const entries = noProxy.split(/[\s,]+/).map((entry) => entry.trim().toLowerCase()).filter(Boolean);
  if (entries.includes('*')) return () => true;
  const rules = entries.map((entry) => {
    const match = /^(.*?)(?::(\d+))?$/.exec(entry)!;
    return { host: match[1].replace(/^\*?\./, '').replace(/^\[|\]$/g, ''), port: match[2] };
  });
  return (url) => {
    const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    return rules.some((rule) => (!rule.port || rule.port === port) && (host === rule.host || host.endsWith(`.${rule.host}`)));
  };
}
