// What the setup commands share: the services plus the secret store and endpoint lookup.
import type { EndpointConfig } from '../../common/llm';
import { endpointId } from '../../common/endpoint';
import type { ApiKeyStore } from '../../vscode/apiKeys';
import { configuredEndpoints, withKey, type ConfiguredEndpoint } from '../../vscode/endpoints';
import type { Services } from '../../vscode/services';

export interface SetupContext {
  services: Services;
  keys: ApiKeyStore;
}

/** A configured endpoint by id (or base URL); the primary when none is given. */
export function findEndpoint(setup: SetupContext, idOrUrl?: string): ConfiguredEndpoint | undefined {
  const endpoints = configuredEndpoints(setup.services.config());
  if (!idOrUrl) return endpoints[0];
  const id = endpointId(idOrUrl);
  return endpoints.find((endpoint) => endpoint.id === id);
}

/** The endpoint with its own key, resolved now (never cached). */
export async function resolveEndpoint(setup: SetupContext, idOrUrl?: string): Promise<EndpointConfig> {
  const endpoint = findEndpoint(setup, idOrUrl);
  if (!endpoint) throw new Error(`No configured endpoint matches ${idOrUrl}`);
  return withKey(endpoint, setup.keys);
}
