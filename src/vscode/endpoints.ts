// The endpoints a job may use, in order: the primary, then `gearshift.endpoint.failover`.
import type { GearshiftConfig } from '../common/config';
import { endpointFromSetting, endpointId } from '../common/endpoint';
import type { EndpointConfig } from '../common/llm';
import type { ApiKeyStore } from './apiKeys';

export interface ConfiguredEndpoint extends Omit<EndpointConfig, 'apiKey'> {
  primary: boolean;
}

export function configuredEndpoints(config: GearshiftConfig): ConfiguredEndpoint[] {
  return [config.endpoint, ...config.failover].map((setting, index) => {
    const { apiKey: _none, ...endpoint } = endpointFromSetting(setting);
    return { ...endpoint, primary: index === 0 };
  });
}

/** A configured endpoint by id (or base URL); the primary when none is given. */
export function findEndpoint(config: GearshiftConfig, idOrUrl?: string): ConfiguredEndpoint | undefined {
  const endpoints = configuredEndpoints(config);
  if (!idOrUrl) return endpoints[0];
  const id = endpointId(idOrUrl);
  return endpoints.find((endpoint) => endpoint.id === id);
}

/** Resolves each endpoint's own key just before a request; keyless endpoints get none. */
export async function resolveEndpoints(config: GearshiftConfig, keys: ApiKeyStore): Promise<EndpointConfig[]> {
  return Promise.all(configuredEndpoints(config).map((endpoint) => withKey(endpoint, keys)));
}

/** The key is looked up by the endpoint's own id, so it can only ever go to that endpoint. */
export async function withKey(endpoint: ConfiguredEndpoint, keys: ApiKeyStore): Promise<EndpointConfig> {
  const { primary: _primary, ...config } = endpoint;
  const apiKey = await keys.get(endpoint.id);
  return apiKey ? { ...config, apiKey } : config;
}
