// "Test Endpoint": what does this server + model actually support? Asks the server about itself,
// lists models, makes a tiny chat call, then tries each FIM transport with a request of a few
// tokens. Every outcome is recorded with its latency; a failing transport is a finding, not an error,
// so this never throws for one. Two things keep it honest: a server that takes `suffix` must show
// it read it (more prompt tokens than without), and a refused key stops the probe without a verdict
// on any transport — the transport was never the problem.
import { lookupModel } from '../common/catalog';
import { windowOf } from '../common/serverFacts';
import type { FimFormat } from '../common/config';
import { EndpointError, isEndpointError } from '../common/errors';
import { builtInPromptPassage, type Passage } from '../common/gate';
import { buildFimPrompt } from '../common/inline/templates';
import type { CompletionRequest, EndpointConfig, FimTransport, GenerationResult, LlmClient, ProbeOutcome, ProbeResult, TimeoutPolicy } from '../common/llm';

export interface ProbeOptions {
  /** The model's raw FIM template; default: from the model catalog. 'none' skips the fim-template probe. */
  fimFormat?: FimFormat;
  /** Limits for each probe request; default: 15 s to the first token, 20 s in all. */
  timeouts?: Partial<TimeoutPolicy>;
}

const PROBE_TIMEOUTS: Partial<TimeoutPolicy> = { firstTokenMs: 15_000, idleMs: 10_000, totalMs: 20_000 };
/** A few tokens: enough to see the transport answer, cheap on any server. */
const PROBE_MAX_TOKENS = 4;
const PREFIX = 'def add(a, b):\n    return ';
const SUFFIX = '\n\nprint(add(1, 2))\n';

export async function probeEndpoint(
  client: LlmClient,
  endpoint: EndpointConfig,
  model: string,
  signal?: AbortSignal,
  options: ProbeOptions = {},
): Promise<ProbeResult> {
  const base = { model, signal, maxTokens: PROBE_MAX_TOKENS, temperature: 0, timeouts: { ...PROBE_TIMEOUTS, ...options.timeouts } };
  const fimFormat = options.fimFormat ?? lookupModel(model).info.fimFormat;
  // Only the fixed prompts above go out, but through the gate like every other request.
  const { seal } = builtInPromptPassage('probe');

  const facts = await client.discover?.(endpoint, [model], signal).catch((error: unknown) => {
    rethrowCancel(error, signal);
    return undefined;
  });
  const server = facts ? { kind: facts.kind, contextWindow: windowOf(facts, model), slots: facts.slots } : undefined;
  let models: string[] | undefined;
  try {
    models = await client.listModels(endpoint, signal);
  } catch (error) {
    rethrowCancel(error);
  }
  const chat = await attempt(signal, () => client.chat(endpoint, seal({ ...base, messages: [{ role: 'user', content: 'Reply with the single word OK.' }] })));
  if (isAuthFailure(chat)) return { endpointId: endpoint.id, model, at: Date.now(), models, chat, transports: {}, server, authFailed: true };

  const fimTemplate = (format: Exclude<FimFormat, 'none'>) => () => {
    const { prompt, stop } = buildFimPrompt(format, { prefix: PREFIX, suffix: SUFFIX, path: 'probe.py', languageId: 'python', chunks: [] });
    return client.complete(endpoint, seal({ ...base, prompt, stop }));
  };
  const probes: [FimTransport, () => Promise<GenerationResult>][] = [
    ['completions-suffix', () => suffixHonoured(client, endpoint, base, seal)],
    ...(fimFormat === 'none' ? [] : [['fim-template', fimTemplate(fimFormat)] as [FimTransport, () => Promise<GenerationResult>]]),
    ['infill', () => client.infill(endpoint, seal({ ...base, inputPrefix: PREFIX, inputSuffix: SUFFIX }))],
    ['fim-endpoint', () => client.fim(endpoint, seal({ ...base, prompt: PREFIX, suffix: SUFFIX }))],
    ['deepseek-beta', () => client.complete(endpoint, seal({ ...base, prompt: PREFIX, suffix: SUFFIX, path: '../beta/completions' }))],
  ];
  const transports: Partial<Record<FimTransport, ProbeOutcome>> = { chat };
  if (fimFormat === 'none') {
    transports['fim-template'] = { ok: false, detail: `no raw FIM template is known for "${model}" (set its fimFormat in gearshift.models.overrides)` };
  }
  // One at a time: local servers often have a single slot, and queueing would distort latencies.
  for (const [transport, run] of probes) {
    const outcome = await attempt(signal, run);
    if (isAuthFailure(outcome)) return { endpointId: endpoint.id, model, at: Date.now(), models, chat, transports: { chat }, server, authFailed: true };
    transports[transport] = outcome;
  }

  return { endpointId: endpoint.id, model, at: Date.now(), models, chat, transports, server };
}

function isAuthFailure(outcome: ProbeOutcome): boolean {
  return outcome.error?.reason === 'auth' || outcome.error?.reason === 'forbidden';
}

/**
 * `suffix` counts only if the server read it: the same prompt without it must cost fewer prompt
 * tokens. A server that takes the parameter and drops it (LM Studio-style) would otherwise rank
 * above /infill and every suggestion would ignore the code after the cursor, without an error.
 */
async function suffixHonoured(
  client: LlmClient,
  endpoint: EndpointConfig,
  base: Omit<CompletionRequest, 'prompt'>,
  seal: Passage['seal'],
): Promise<GenerationResult> {
  const withSuffix = await client.complete(endpoint, seal({ ...base, prompt: PREFIX, suffix: SUFFIX }));
  const without = await client.complete(endpoint, seal({ ...base, prompt: PREFIX }));
  if (!withSuffix.usage.reported || !without.usage.reported) return withSuffix;
  if (withSuffix.usage.promptTokens <= without.usage.promptTokens) {
    throw new EndpointError({
      reason: 'unsupported-parameter',
      message: `the server accepts "suffix" but ignores it (${withSuffix.usage.promptTokens} prompt tokens with it, ${without.usage.promptTokens} without): suggestions would not see the code after the cursor`,
    });
  }
  return withSuffix;
}

async function attempt(signal: AbortSignal | undefined, run: () => Promise<GenerationResult>): Promise<ProbeOutcome> {
  const started = Date.now();
  try {
    const result = await run();
    return { ok: true, latencyMs: Date.now() - started, detail: `answered ${JSON.stringify(result.text.slice(0, 40))} (${result.finishReason})` };
  } catch (error) {
    rethrowCancel(error, signal);
    const failure = isEndpointError(error)
      ? error
      : new EndpointError({ reason: 'bad-response', message: `Unexpected failure: ${(error as Error)?.message ?? String(error)}` });
    return { ok: false, latencyMs: Date.now() - started, error: { reason: failure.reason, message: failure.message } };
  }
}

/** A cancelled probe stops as a whole; every other failure is a finding. */
function rethrowCancel(error: unknown, signal?: AbortSignal): void {
  if ((isEndpointError(error) && error.reason === 'cancelled') || signal?.aborted) throw error;
}
