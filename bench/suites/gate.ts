// The outbound gate on the keystroke path: admit() (exclusions over the context entries) plus
// seal() (the fast secret rules and the known secretlint literals over every text field) for an
// inline prompt of 4,000 characters of real code (TypeScript's compiler, read from node_modules),
// with a cursor window, a suffix and context snippets from other files as the engine packs them.
// The main figure replays typing: the cursor moves on through the file one character per
// keystroke (so each prompt shares all but a line or two with the one before), jumping to another
// place of the file every SESSION_KEYSTROKES keys. For contrast, in the same run: prompts from a
// new place every time (no line seen before: the cold cost), a gate without known literals, and
// secretlint itself on the same text (what runs off the keystroke path, per document version).
import * as fs from 'fs';
import { DEFAULT_CONFIG } from '../../src/common/config';
import { createExclusionMatcher } from '../../src/common/exclusions';
import { OutboundGate } from '../../src/common/gate';
import type { ContextChunk } from '../../src/common/inline/context';
import { KnownSecrets } from '../../src/common/secrets/known';
import { findSecretLiterals } from '../../src/node/secrets/secretlint';
import { median, percentile, round } from '../support/stats';

const PROMPT_CHARS = 4000;
const PREFIX_CHARS = 2600;
const SUFFIX_CHARS = 600;
const SAMPLES = 4000;
const WARMUP = 200;
/** Keys typed at one place before the cursor jumps elsewhere (a fresh window of unseen lines). */
const SESSION_KEYSTROKES = 200;
const SECRETLINT_SAMPLES = 100;

interface InlinePrompt {
  prefix: string;
  suffix: string;
  chunks: ContextChunk[];
}

function promptAt(source: string, cursor: number, chunkAt: number): InlinePrompt {
  const chunks: ContextChunk[] = [0, 1, 2, 3].map((n) => ({
    kind: 'similar', path: `src/other${n}.ts`, startLine: n * 40, score: 1, text: source.slice(chunkAt + n * 200, chunkAt + n * 200 + 200),
  }));
  return { prefix: source.slice(cursor - PREFIX_CHARS, cursor), suffix: source.slice(cursor, cursor + SUFFIX_CHARS), chunks };
}

/** A different place of the file for every prompt, so no line is seen twice in a row. */
function coldPrompts(source: string, count: number): InlinePrompt[] {
  const out: InlinePrompt[] = [];
  for (let i = 0; i < count; i++) {
    const at = (i * 7919) % (source.length - PROMPT_CHARS * 2);
    out.push(promptAt(source, at + PREFIX_CHARS, at + PROMPT_CHARS));
  }
  return out;
}

/** Typing: one character further per prompt, the context snippets fixed while typing at one place. */
function typingPrompts(source: string, count: number): InlinePrompt[] {
  const out: InlinePrompt[] = [];
  for (let i = 0; i < count; i++) {
    const session = Math.floor(i / SESSION_KEYSTROKES);
    const at = (session * 7919 * 13) % (source.length - PROMPT_CHARS * 2);
    out.push(promptAt(source, at + PREFIX_CHARS + (i % SESSION_KEYSTROKES), at + PROMPT_CHARS + SESSION_KEYSTROKES));
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
  const typing = typingPrompts(source, SAMPLES + WARMUP);
  const cold = coldPrompts(source, SAMPLES + WARMUP);
  const isExcluded = createExclusionMatcher(DEFAULT_CONFIG.exclude);
  const known = new KnownSecrets();
  // What secretlint leaves behind in a workspace with a few leaky files: a handful of literals.
  for (let i = 0; i < 20; i++) known.set(`file:///leaky${i}.ts`, 1, [`opaque-secret-value-${i}-${'x'.repeat(12)}`]);

  const withKnown = measureGate(new OutboundGate({ isExcluded, known }), typing);
  // Two more identical replays, each with a fresh gate: a keystroke's least time of the three is
  // its cost without the scheduler's preemptions (this machine is shared), which hit at random.
  const replays = [withKnown, measureGate(new OutboundGate({ isExcluded, known }), typing), measureGate(new OutboundGate({ isExcluded, known }), typing)];
  const leastOfThree = withKnown.map((_, i) => Math.min(...replays.map((times) => times[i])));
  const fastOnly = measureGate(new OutboundGate({ isExcluded }), typing);
  const coldTimes = measureGate(new OutboundGate({ isExcluded, known }), cold);

  const deep: number[] = [];
  const sample = cold[0].prefix + cold[0].suffix + cold[0].chunks.map((c) => c.text).join('');
  await findSecretLiterals(sample, 'warmup.ts');
  for (let i = 0; i < SECRETLINT_SAMPLES; i++) {
    const text = cold[i].prefix + cold[i].suffix + cold[i].chunks.map((c) => c.text).join('');
    const started = performance.now();
    await findSecretLiterals(text, 'sample.ts');
    deep.push(performance.now() - started);
  }
  return {
    prompt_chars: PROMPT_CHARS,
    samples: withKnown.length,
    session_keystrokes: SESSION_KEYSTROKES,
    overhead_ms_p50: round(median(withKnown), 4),
    overhead_ms_p99: round(percentile(withKnown, 99), 4),
    overhead_ms_p99_least_of_3: round(percentile(leastOfThree, 99), 4),
    overhead_ms_p99_without_known_literals: round(percentile(fastOnly, 99), 4),
    overhead_ms_p50_cold: round(median(coldTimes), 4),
    overhead_ms_p99_cold: round(percentile(coldTimes, 99), 4),
    secretlint_same_prompt_ms_p50: round(median(deep), 3),
    secretlint_same_prompt_ms_p99: round(percentile(deep, 99), 3),
  };
}
