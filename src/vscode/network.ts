// Proxy and certificate settings for the HTTP client: VS Code's own `http.*` settings, the NO_PROXY
// environment variable, and Gearshift's extra CA certificates.
import * as vscode from 'vscode';
import type { GearshiftConfig } from '../common/config';

export interface NetworkSettings {
  proxy?: string;
  strictSSL?: boolean;
  noProxy?: string;
  caCertificates?: string[];
}

export function readNetworkSettings(config: GearshiftConfig, env: NodeJS.ProcessEnv = process.env): NetworkSettings {
  const http = vscode.workspace.getConfiguration('http');
  const noProxy = [
    ...(http.get<string[]>('noProxy') ?? []),
    ...(env.NO_PROXY ?? env.no_proxy ?? '').split(','),
  ]
    .map((entry) => entry.trim())
    .filter(Boolean);
  return {
    proxy: http.get<string>('proxy') || undefined,
    strictSSL: http.get<boolean>('proxyStrictSSL', true),
    noProxy: noProxy.length ? noProxy.join(',') : undefined,
    caCertificates: config.network.caCertificates.length ? config.network.caCertificates : undefined,
  };
}

/** True when a change means the HTTP client must be rebuilt. */
export function affectsNetwork(event: vscode.ConfigurationChangeEvent): boolean {
  return (
    event.affectsConfiguration('http.proxy') ||
    event.affectsConfiguration('http.proxyStrictSSL') ||
    event.affectsConfiguration('http.noProxy') ||
    event.affectsConfiguration('gearshift.network.caCertificates')
  );
}
