// What the setup commands share: the services plus the secret store and endpoint lookup.
import type { EndpointConfig } from '../../common/llm';
import type { ApiKeyStore } from '../../vscode/apiKeys';
import { findEndpoint, withKey } from '../../vscode/endpoints';
import type { Services } from '../../vscode/services';

export interface SetupContext {
  services: Services;
  keys: ApiKeyStore;
}

/** The endpoint with its own key, resolved now (never cached). */
export async function resolveEndpoint(setup: SetupContext, idOrUrl?: string): Promise<EndpointConfig> {
  const endpoint = findEndpoint(setup.services.config(), idOrUrl);
  if (!endpoint) throw new Error(`No configured endpoint matches ${idOrUrl}`);
  return withKey(endpoint, setup.keys);
}
