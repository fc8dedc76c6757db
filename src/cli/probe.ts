// `gearshift probe [--endpoint URL] [--model NAME] [--json]`: the headless Test Endpoint. Prints one
// line per finding; with --json the last line is one JSON object:
// {"chosen": <transport>, "transports": {<name>: {ok, detail}}, "server": {kind, contextWindow, slots}}.
// Exits 1 when nothing works (no chat, no transport) or the key is refused.
import { lookupModel } from '../common/catalog';
import { chosenTransport } from '../common/inline/transport';
import { modelForTier } from '../common/tierModel';
import type { FimTransport, ProbeResult } from '../common/llm';
import { probeEndpoint } from '../node/probe';
import { createCliEngine, engineFlags } from './engine';
import { parseArgs } from './rewriteCommand';

const USAGE = 'Usage: gearshift probe [--endpoint URL] [--model NAME] [--transport NAME] [--json]';

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ['json']);
  const unknown = Object.keys(parsed.flags).find((flag) => flag !== 'json' && !['endpoint', 'model', 'transport', 'context-window', 'max-output'].includes(flag));
  if (unknown || parsed.file) {
    process.stderr.write(`gearshift probe: ${unknown ? `unknown option --${unknown}` : `unexpected argument ${parsed.file}`}\n${USAGE}\n`);
    return 2;
  }
  const cli = createCliEngine(engineFlags(parsed.flags));
  try {
    // The probe is about inline transports: it asks with the model inline uses.
    const model = modelForTier(cli.config, 'inline', 'fast').model;
    const { info, known } = lookupModel(model, cli.config.models.overrides);
    const result = await probeEndpoint(cli.client, cli.endpoint, model, undefined, { fimFormat: info.fimFormat });
    const chosen = chosenTransport(cli.endpoint.id, model, { fimFormat: info.fimFormat, chatOnly: info.chatOnly, known, serverKind: result.server?.kind }, cli.config.inline.transport, result);
    for (const line of report(result, chosen)) process.stdout.write(`${line}\n`);
    if (parsed.flags.json) process.stdout.write(`${JSON.stringify(summary(result, chosen.transport))}\n`);
    const works = result.chat.ok || Object.values(result.transports).some((outcome) => outcome?.ok);
    return works && !result.authFailed ? 0 : 1;
  } finally {
    await cli.dispose();
  }
}

function summary(result: ProbeResult, chosen: FimTransport) {
  const transports = Object.fromEntries(Object.entries(result.transports).map(([name, outcome]) => [name, { ok: outcome!.ok, detail: outcome!.detail ?? outcome!.error?.message ?? '' }]));
  return { chosen, transports, server: { kind: result.server?.kind ?? 'unknown', contextWindow: result.server?.contextWindow ?? null, slots: result.server?.slots ?? null } };
}

function report(result: ProbeResult, chosen: { transport: FimTransport; why: string }): string[] {
  const server = result.server;
  const lines = [
    `${result.endpointId} · ${result.model}`,
    `server: ${server?.kind ?? 'unknown'}${server?.contextWindow ? `, context ${server.contextWindow.toLocaleString('en-US')} tokens` : ''}${server?.slots ? `, ${server.slots} slot(s)` : ''}`,
  ];
  if (result.authFailed) lines.push('the API key was refused: no transport was judged (set GEARSHIFT_API_KEY and run again)');
  for (const [name, outcome] of Object.entries(result.transports)) {
    lines.push(`${outcome!.ok ? 'ok  ' : 'fail'} ${name}${outcome!.latencyMs !== undefined ? ` (${outcome!.latencyMs} ms)` : ''}: ${outcome!.detail ?? outcome!.error?.message ?? ''}`);
  }
  lines.push(`inline suggestions would use: ${chosen.transport} (${chosen.why})`);
  return lines;
}
