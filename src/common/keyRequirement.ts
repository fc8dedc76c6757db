// Which endpoints cannot work without an API key, and the error a job gets instead of a request
// that would only come back 401. Pure, so the rule is unit-tested.
import { EndpointError } from './errors';

/** Hosted providers that answer every keyless request with 401 (exact host or a subdomain suffix). */
const KEYED_HOSTS: readonly string[] = [
  'api.openai.com',
  '.openai.azure.com',
  'openrouter.ai',
  'api.mistral.ai',
  'codestral.mistral.ai',
  'api.deepseek.com',
  'api.groq.com',
  'api.together.xyz',
  'api.fireworks.ai',
];

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
