// Helpers for suites running inside the extension host: the installed extension, and the local
// OpenAI-compatible mock server (controlled over HTTP, since it lives in the runner's process).
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { MockRule, RecordedRequest } from '../../support/mockServer';

export const EXTENSION_ID = 'gearshift.gearshift';

export function gearshift(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this VS Code`);
  return extension;
}

/** Activates Gearshift (a no-op once active) and returns it. */
export async function activeGearshift(): Promise<vscode.Extension<unknown>> {
  const extension = gearshift();
  await extension.activate();
  return extension;
}

export function mockOrigin(): string {
  const origin = process.env.GEARSHIFT_MOCK_ORIGIN;
  assert.ok(origin, 'GEARSHIFT_MOCK_ORIGIN is not set: run these suites through npm run test:vscode');
  return origin;
}

async function control(method: 'GET' | 'POST', route: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${mockOrigin()}/__mock/${route}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(response.ok, `mock control ${route} answered ${response.status}`);
  return response;
}

/** The mock server, as seen from inside VS Code. */
export const mock = {
  url: () => `${mockOrigin()}/v1`,
  /** Queues scripted replies (see MockRule in test/support/mockServer.ts). */
  async script(rule: MockRule | MockRule[]): Promise<void> {
    await control('POST', 'script', rule);
  },
  /** Forgets rules and recorded requests. */
  async reset(): Promise<void> {
    await control('POST', 'reset', {});
  },
  /** Every endpoint request so far, oldest first. */
  async requests(): Promise<RecordedRequest[]> {
    return (await (await control('GET', 'requests')).json()) as RecordedRequest[];
  },
};

/** Polls until `probe` returns a truthy value; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Sets user settings for the duration of a test; call the returned function to restore them. */
export async function withSettings(values: Record<string, unknown>): Promise<() => Promise<void>> {
  const config = vscode.workspace.getConfiguration();
  const previous = Object.keys(values).map((key) => [key, config.inspect(key)?.globalValue] as const);
  for (const [key, value] of Object.entries(values)) await config.update(key, value, vscode.ConfigurationTarget.Global);
  return async () => {
    for (const [key, value] of previous) await vscode.workspace.getConfiguration().update(key, value, vscode.ConfigurationTarget.Global);
  };
}

/** A file of the fixture workspace (a fresh copy per run). */
export function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}
