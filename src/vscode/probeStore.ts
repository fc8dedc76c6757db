// What "Test Endpoint" found, per endpoint + model, kept across sessions for the inline engine;
// forgotten as a whole when the key, the endpoint URL or the models change.
import type * as vscode from 'vscode';
import type { GearshiftConfig } from '../common/config';
import type { ProbeResult } from '../common/llm';
import type { ProbeStore } from './services';

const STATE_KEY = 'gearshift.probes';

export function createProbeStore(state: vscode.Memento): ProbeStore {
  const all = (): Record<string, ProbeResult> => state.get<Record<string, ProbeResult>>(STATE_KEY) ?? {};
  const keyOf = (endpointId: string, model: string): string => `${endpointId}\u0000${model}`;
  return {
    get: (endpointId, model) => all()[keyOf(endpointId, model)],
    set: (result) => Promise.resolve(state.update(STATE_KEY, { ...all(), [keyOf(result.endpointId, result.model)]: result })),
    clear: () => Promise.resolve(state.update(STATE_KEY, undefined)),
  };
}

/** A settings listener that clears the store when the endpoint URL or a tier model changed. */
export function forgetProbesOnChange(config: () => GearshiftConfig, store: ProbeStore): () => void {
  const identity = (c: GearshiftConfig) => JSON.stringify([c.endpoint.baseUrl, c.models.fast, c.models.large, c.models.chat, c.models.inline]);
  let last = identity(config());
  return () => {
    const now = identity(config());
    if (now !== last) void store.clear();
    last = now;
  };
}
