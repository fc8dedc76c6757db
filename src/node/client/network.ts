// The HTTP layer under the OpenAI SDK: one undici dispatcher per network setup, so connections are
// kept alive and reused across requests, proxies (with NO_PROXY) and extra CA certificates apply,
// and the connect timeout is enforced where it belongs — while opening the socket.
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
 * Hands out fetch functions bound to shared dispatchers (one per connect timeout). Dispatchers are
 * built lazily and live until dispose(), which closes their idle sockets.
 */
export class ConnectionPool {
  private readonly dispatchers = new Map<number, Dispatcher>();
  private ca: string[] | undefined;

  constructor(private readonly options: NetworkOptions = {}) {}

  fetchFor(connectTimeoutMs: number): FetchFunction {
    const dispatcher = this.dispatcher(connectTimeoutMs);
    // The SDK calls fetch with web-standard arguments; undici's fetch takes the same shapes plus
    // the dispatcher. The casts bridge undici's and the DOM lib's nominal types.
    return (input, init) => undiciFetch(input as never, { ...(init as object), dispatcher } as never) as unknown as Promise<Response>;
  }

  async dispose(): Promise<void> {
    const closing = [...this.dispatchers.values()].map((dispatcher) => dispatcher.destroy().catch(() => undefined));
    this.dispatchers.clear();
    await Promise.all(closing);
  }

  private dispatcher(connectTimeoutMs: number): Dispatcher {
    let dispatcher = this.dispatchers.get(connectTimeoutMs);
    if (!dispatcher) {
      dispatcher = this.createDispatcher(connectTimeoutMs);
      this.dispatchers.set(connectTimeoutMs, dispatcher);
    }
    return dispatcher;
  }

  private createDispatcher(connectTimeoutMs: number): Dispatcher {
    const tls = { ca: this.certificates(), rejectUnauthorized: this.options.strictSSL !== false };
    const agentOptions = {
      keepAliveTimeout: KEEP_ALIVE_MS,
      keepAliveMaxTimeout: KEEP_ALIVE_MS,
      // The client runs its own first-token, idle and total timers; undici's would race them.
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: { ...tls, timeout: connectTimeoutMs },
    };
    const { proxy, noProxy } = this.options;
    const usesProxy = proxy || process.env.HTTPS_PROXY || process.env.https_proxy || process.env.HTTP_PROXY || process.env.http_proxy;
    if (!usesProxy) return new Agent(agentOptions);
    // EnvHttpProxyAgent applies NO_PROXY and hands these options on to its ProxyAgents, whose
    // TLS settings for the proxy and the tunnelled endpoint are `proxyTls` and `requestTls`.
    const proxyOptions = {
      ...agentOptions,
      ...(proxy ? { httpProxy: proxy, httpsProxy: proxy } : {}),
      ...(noProxy !== undefined ? { noProxy } : {}),
      requestTls: tls,
      proxyTls: { ...tls, timeout: connectTimeoutMs },
    };
    return new EnvHttpProxyAgent(proxyOptions as EnvHttpProxyAgent.Options);
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
