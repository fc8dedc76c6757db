// Which endpoints cannot work without an API key, and the error a job gets instead of a request
// that would only come back 401. Pure, so the rule is unit-tested.
import { KEYED_HOSTS_WITHOUT_PRESET, PRESETS, type EndpointPreset } from './endpointPresets';
import { EndpointError } from './errors';

/**
 * The hosts that answer every keyless request with 401, derived from the presets that say
 * `key: 'required'` (plus the hosted providers without a preset): an exact host, or a suffix
 * starting with '.' where the preset's URL has a placeholder label (Azure's `{resource}`).
 */
export function keyedHosts(presets: readonly Pick<EndpointPreset, 'baseUrl' | 'key' | 'alsoHosts'>[], withoutPreset: readonly string[] = []): string[] {
  const hosts = new Set<string>(withoutPreset);
  for (const preset of presets) {
    if (preset.key !== 'required') continue;
    const wildcard = /\{[^}]+\}\./.test(preset.baseUrl);
    const host = hostOf(preset.baseUrl.replace(/\{[^}]+\}/, 'x'));
    if (host) hosts.add(wildcard ? host.slice(host.indexOf('.')) : host);
    for (const also of preset.alsoHosts ?? []) hosts.add(also);
  }
  return [...hosts];
}

const KEYED_HOSTS = keyedHosts(PRESETS, KEYED_HOSTS_WITHOUT_PRESET);

/** Headers that already carry a credential (Azure's `api-key`, gateways' `x-api-key`, a bearer token). */
const CREDENTIAL_HEADERS = new Set(['authorization', 'api-key', 'x-api-key']);

export interface KeyedEndpoint {
  id: string;
  name: string;
  baseUrl: string;
  headers: Record<string, string>;
  apiKey?: string;
}

function hostOf(baseUrl: string): string | undefined {
  try {
    return new URL(baseUrl.trim()).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** True when the endpoint is a provider known to need a key and no header carries one instead. */
export function requiresApiKey(endpoint: Pick<KeyedEndpoint, 'baseUrl' | 'headers'>): boolean {
  const host = hostOf(endpoint.baseUrl);
  if (!host) return false;
  const keyed = KEYED_HOSTS.some((known) => (known.startsWith('.') ? host.endsWith(known) : host === known));
  return keyed && !Object.keys(endpoint.headers).some((name) => CREDENTIAL_HEADERS.has(name.toLowerCase()));
}

/** True when a request to this endpoint would be refused for want of a key. */
export function lacksRequiredKey(endpoint: KeyedEndpoint): boolean {
  return !endpoint.apiKey && requiresApiKey(endpoint);
}

/** The error a job gets instead of sending a keyless request: its action is Set API Key. */
export function missingKeyError(endpoint: Pick<KeyedEndpoint, 'id' | 'name'>): EndpointError {
  return new EndpointError({
    reason: 'auth',
    endpoint: endpoint.id,
    message: `No API key is set for ${endpoint.name}. Run "Gearshift: Set API Key" (nothing was sent).`,
  });
}
