// Endpoint identity and locality. `URL` is a web-standard global, so this stays pure.
import type { EndpointSetting } from './config';
import type { EndpointConfig } from './llm';

/**
 * The normalized base URL: lower-case scheme and host, default port dropped, no trailing slash,
 * no query or fragment. Used as the SecretStorage key and the probe-cache key, so spelling
 * variants of one server share one key.
 */
export function endpointId(baseUrl: string): string {
  const trimmed = baseUrl.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return trimmed.replace(/\/+$/, '');
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

function hostOf(baseUrl: string): string | undefined {
  try {
    return new URL(baseUrl.trim()).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

/**
 * True for servers on this machine or the private network (Ollama, LM Studio, llama.cpp, vLLM on
 * a LAN box): requests there cost nothing, so speculative prefetch is worth it.
 */
export function isLocalEndpoint(baseUrl: string): boolean {
  const host = hostOf(baseUrl);
  if (!host) return false;
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local')) return true;
  if (host === '::1' || host === '0.0.0.0' || /^f[cd][0-9a-f]{2}:/.test(host)) return true;
  const octets = host.split('.').map(Number);
  if (octets.length !== 4 || octets.some((octet) => !Number.isInteger(octet) || octet < 0 || octet > 255)) return false;
  const [a, b] = octets;
  return a === 127 || a === 10 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31) || (a === 169 && b === 254);
}

/** The endpoint the client talks to, from a setting; the API key is attached later from SecretStorage. */
export function endpointFromSetting(setting: EndpointSetting, apiKey?: string): EndpointConfig {
  const id = endpointId(setting.baseUrl);
  return {
    id,
    name: setting.name?.trim() || hostOf(setting.baseUrl) || id,
    baseUrl: setting.baseUrl.trim(),
    headers: { ...setting.headers },
    ...(apiKey ? { apiKey } : {}),
  };
}
