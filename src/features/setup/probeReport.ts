// A readable "Test Endpoint" result: one line for the notification, lines for the log, and the
// per-capability report (Markdown) with what discovery found and which transport inline uses. Pure.
import type { FimTransport, ProbeOutcome, ProbeResult } from '../../common/llm';
import { counted } from '../../common/plural';
import { SERVER_NAMES } from '../../common/serverFacts';

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

/** One probed model in the report: the roles it serves and the transport inline would use. */
export interface ReportEntry {
  result: ProbeResult;
  roles: string[];
  chosen: { transport: FimTransport; why: string };
}

/** A Markdown table cell: no pipes or line breaks from server messages. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ').trim();
}

function capabilityRow(capability: string, route: string, result: ProbeOutcome): string {
  const verdict = result.ok ? 'works' : '**fails**';
  const latency = result.latencyMs === undefined ? '—' : `${Math.round(result.latencyMs).toLocaleString('en-US')} ms`;
  return `| ${capability} | ${route} | ${verdict} | ${latency} | ${cell(result.ok ? (result.detail ?? '') : (result.error?.message ?? result.detail ?? 'failed'))} |`;
}

/** The per-capability report Test Endpoint opens. */
export function probeReportMarkdown(endpointName: string, baseUrl: string, entries: ReportEntry[], at: Date): string {
  const lines = [`# Test Endpoint: ${endpointName}`, '', `\`${baseUrl}\` · tested ${at.toISOString().replace('T', ' ').slice(0, 19)} UTC`, ''];
  const server = entries.find((entry) => entry.result.server)?.result.server;
  lines.push('## Server (discovery)', '', '| | |', '|---|---|');
  lines.push(`| Kind | ${SERVER_NAMES[server?.kind ?? 'unknown']} |`);
  lines.push(`| Context window | ${server?.contextWindow ? `${counted(server.contextWindow, 'token')}${server.slots ? ' per slot' : ''}` : 'not published (catalog or gearshift.models.overrides applies)'} |`);
  lines.push(`| Parallel slots | ${server?.slots ?? 'not published'} |`, '');
  for (const { result, roles, chosen } of entries) {
    lines.push(`## ${result.model} — ${roles.join(', ')}`, '');
    if (result.authFailed) lines.push('> The API key was refused: no transport was judged. Set the key and test again.', '');
    const listed = result.models
      ? `${counted(result.models.length, 'model')} listed${result.models.includes(result.model) ? `, ${result.model} among them` : `; **${result.model} is not among them**`}`
      : 'the endpoint did not list its models';
    lines.push(`Models: ${listed}.`, '');
    lines.push('| Capability | Transport | Verdict | Latency | Detail |', '|---|---|---|---|---|');
    lines.push(capabilityRow('Chat', '/chat/completions', result.chat));
    for (const [transport, outcome] of Object.entries(result.transports) as [FimTransport, ProbeOutcome][]) {
      lines.push(capabilityRow(transport === 'chat' ? 'Inline (fallback)' : 'Inline', TRANSPORT_NAMES[transport], outcome));
    }
    lines.push('', `**Inline suggestions use ${TRANSPORT_NAMES[chosen.transport]}**: ${chosen.why}.`, '');
  }
  return lines.join('\n');
}
