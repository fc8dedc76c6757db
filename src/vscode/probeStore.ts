// What "Test Endpoint" found, per endpoint + model, kept across sessions for the inline engine.
import type * as vscode from 'vscode';
import type { ProbeResult } from '../common/llm';
import type { ProbeStore } from './services';

const STATE_KEY = 'gearshift.probes';

export function createProbeStore(state: vscode.Memento): ProbeStore {
  const all = (): Record<string, ProbeResult> => state.get<Record<string, ProbeResult>>(STATE_KEY) ?? {};
  const keyOf = (endpointId: string, model: string): string => `${endpointId}\u0000${model}`;
  return {
    get: (endpointId, model) => all()[keyOf(endpointId, model)],
    set: (result) => Promise.resolve(state.update(STATE_KEY, { ...all(), [keyOf(result.endpointId, result.model)]: result })),
  };
}
