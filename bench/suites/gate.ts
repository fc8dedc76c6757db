// The outbound gate on the keystroke path: admit() (exclusions over the context entries) plus
// seal() (the fast secret rules and the known secretlint literals over every text field) for an
// inline prompt of 4,000 characters of real code (TypeScript's compiler, read from node_modules),
// with a cursor window, a suffix and context snippets from other files as the engine packs them.
// For contrast, in the same run: secretlint itself on the same text (what runs off the keystroke
// path, per document version) and a gate without known literals.
import * as fs from 'fs';
import { DEFAULT_CONFIG } from '../../src/common/config';
import { createExclusionMatcher } from '../../src/common/exclusions';
import { OutboundGate } from '../../src/common/gate';
import type { ContextChunk } from '../../src/common/inline/context';
import { KnownSecrets } from '../../src/common/secrets/known';
import { findSecretLiterals } from '../../src/node/secrets/secretlint';
import { median, percentile, round } from '../support/stats';

const PROMPT_CHARS = 4000;
const SAMPLES = 4000;
const WARMUP = 200;
const SECRETLINT_SAMPLES = 100;

interface InlinePrompt {
  prefix: string;
  suffix: string;
  chunks: ContextChunk[];
}

/** Prompts cut from different places of a real file, so no regex sees the same text twice in a row. */
function prompts(source: string, count: number): InlinePrompt[] {
  const out: InlinePrompt[] = [];
  for (let i = 0; i < count; i++) {
    const at = (i * 7919) % (source.length - PROMPT_CHARS * 2);
    const chunks: ContextChunk[] = [0, 1, 2, 3].map((n) => ({
      kind: 'similar', path: `src/other${n}.ts`, startLine: n * 40, score: 1, text: source.slice(at + PROMPT_CHARS + n * 200, at + PROMPT_CHARS + n * 200 + 200),
    }));
    out.push({ prefix: source.slice(at, at + 2600), suffix: source.slice(at + 2600, at + 3200), chunks });
  }
  return out;
}

function measureGate(gate: OutboundGate, inputs: InlinePrompt[]): number[] {
  const times: number[] = [];
  for (const [i, input] of inputs.entries()) {
    const started = performance.now();
    const { passage, context } = gate.admit({ job: 'inline', subject: { path: 'src/current.ts' }, context: input.chunks });
    passage.seal({ prompt: `<|fim_prefix|>${context.map((c) => c.text).join('\n')}${input.prefix}<|fim_suffix|>${input.suffix}<|fim_middle|>`, stop: ['\n'] });
    const elapsed = performance.now() - started;
    if (i >= WARMUP) times.push(elapsed);
  }
  return times;
}

export async function run(): Promise<Record<string, number>> {
  const source = fs.readFileSync(require.resolve('typescript/lib/typescript.js'), 'utf8').slice(0, 2_000_000);
  const inputs = prompts(source, SAMPLES + WARMUP);
  const isExcluded = createExclusionMatcher(DEFAULT_CONFIG.exclude);
  const known = new KnownSecrets();
  // What secretlint leaves behind in a workspace with a few leaky files: a handful of literals.
  for (let i = 0; i < 20; i++) known.set(`file:///leaky${i}.ts`, 1, [`opaque-secret-value-${i}-${'x'.repeat(12)}`]);

  const withKnown = measureGate(new OutboundGate({ isExcluded, known }), inputs);
  const fastOnly = measureGate(new OutboundGate({ isExcluded }), inputs);

  const deep: number[] = [];
  const sample = inputs[0].prefix + inputs[0].suffix + inputs[0].chunks.map((c) => c.text).join('');
  await findSecretLiterals(sample, 'warmup.ts');
  for (let i = 0; i < SECRETLINT_SAMPLES; i++) {
    const text = inputs[i].prefix + inputs[i].suffix + inputs[i].chunks.map((c) => c.text).join('');
    const started = performance.now();
    await findSecretLiterals(text, 'sample.ts');
    deep.push(performance.now() - started);
  }
  return {
    prompt_chars: PROMPT_CHARS,
    samples: withKnown.length,
    overhead_ms_p50: round(median(withKnown), 4),
    overhead_ms_p99: round(percentile(withKnown, 99), 4),
    overhead_ms_p99_without_known_literals: round(percentile(fastOnly, 99), 4),
    secretlint_same_prompt_ms_p50: round(median(deep), 3),
    secretlint_same_prompt_ms_p99: round(percentile(deep, 99), 3),
  };
}
