// A readable "Test Endpoint" result for the notification and the log. Pure.
import type { FimTransport, ProbeOutcome, ProbeResult } from '../../common/llm';

const TRANSPORT_NAMES: Record<FimTransport, string> = {
  'fim-template': 'raw FIM template on /completions',
  'completions-suffix': '/completions with suffix',
  'infill': 'llama.cpp /infill',
  'fim-endpoint': '/fim/completions',
  'deepseek-beta': 'DeepSeek /beta/completions',
  'chat': 'chat fallback',
};

function outcome(result: ProbeOutcome): string {
  if (result.ok) return result.latencyMs === undefined ? 'ok' : `ok (${Math.round(result.latencyMs)} ms)`;
  return `no — ${result.error?.message ?? result.detail ?? 'failed'}`;
}

export function workingTransports(result: ProbeResult): FimTransport[] {
  return (Object.entries(result.transports) as [FimTransport, ProbeOutcome][])
    .filter(([, outcome]) => outcome.ok)
    .map(([transport]) => transport);
}

/** One line for a notification. */
export function probeHeadline(result: ProbeResult, endpointName: string): string {
  const models = !result.models
    ? 'model list unavailable'
    : `${result.models.length} model${result.models.length === 1 ? '' : 's'} listed${result.models.includes(result.model) ? '' : ` (${result.model} not among them)`}`;
  const chat = result.chat.ok ? `chat ok${result.chat.latencyMs === undefined ? '' : ` in ${Math.round(result.chat.latencyMs)} ms`}` : `chat failed: ${result.chat.error?.message ?? result.chat.detail ?? 'unknown error'}`;
  const fim = workingTransports(result).filter((transport) => transport !== 'chat');
  const inline = fim.length ? `inline via ${TRANSPORT_NAMES[fim[0]]}` : 'inline via chat (no FIM transport)';
  return `${endpointName} · ${result.model}: ${models}, ${chat}, ${inline}.`;
}

/** Multi-line detail for the log. */
export function probeDetails(result: ProbeResult): string[] {
  const lines = [`Test Endpoint ${result.endpointId} model ${result.model}`];
  if (result.models) {
    const shown = result.models.slice(0, 20).join(', ');
    lines.push(`  models: ${shown}${result.models.length > 20 ? `, … (${result.models.length} in all)` : ''}`);
  } else {
    lines.push('  models: the endpoint did not list its models');
  }
  lines.push(`  chat: ${outcome(result.chat)}`);
  for (const [transport, transportOutcome] of Object.entries(result.transports) as [FimTransport, ProbeOutcome][]) {
    lines.push(`  ${TRANSPORT_NAMES[transport]}: ${outcome(transportOutcome)}`);
  }
  return lines;
}
