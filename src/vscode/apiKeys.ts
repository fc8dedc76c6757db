// API keys live only in SecretStorage, one per endpoint id, so a key is only ever sent to the
// endpoint it was entered for (a failover endpoint has its own key).
import type * as vscode from 'vscode';

export function apiKeySecretName(endpointId: string): string {
  return `gearshift.apiKey:${endpointId}`;
}

export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(endpointId: string): Promise<string | undefined> {
    return (await this.secrets.get(apiKeySecretName(endpointId))) || undefined;
  }

  async has(endpointId: string): Promise<boolean> {
    return (await this.get(endpointId)) !== undefined;
  }

  set(endpointId: string, key: string): Thenable<void> {
    return this.secrets.store(apiKeySecretName(endpointId), key);
  }

  delete(endpointId: string): Thenable<void> {
    return this.secrets.delete(apiKeySecretName(endpointId));
  }
}
