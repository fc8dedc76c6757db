// Runs cases through the real inline engine, the way `gearshift complete` does (same engine, same
// transport, real HTTP), against the local test server answering each request with the case's answer.
import * as path from 'path';
import { completeAt, createCompletionEngine, crossFileSources } from '../../src/cli/complete';
import { createCliEngine } from '../../src/cli/engine';
import { generationRequests, startMockServer } from '../../test/support/mockServer';
import { answerFor, type AnswerKind } from './answers';
import type { CorpusFile } from './corpus';
import type { MaskCase } from './masks';

/** A FIM base model: the engine sends a raw FIM template to /v1/completions, as for a local Qwen. */
export const QUALITY_MODEL = 'qwen2.5-coder:7b-base';

export interface Outcome {
  case: MaskCase;
  answer: AnswerKind;
  /** What the engine returned for the editor to show ('' for nothing). */
  shown: string;
  correct: boolean;
  /** Requests the server saw for this case (0: the engine answered without asking). */
  requests: number;
  /** The prompt text of each request (prefix, suffix and context as the server received them). */
  prompts: string[];
}

export interface RunOptions {
  /** How the server answers (default: the answer kinds); tests replace it. */
  answer?: (kind: AnswerKind, c: MaskCase) => string;
  /** Files open beside the case's file, as `gearshift complete --open` passes them. */
  openFiles?: (c: MaskCase) => CorpusFile[];
  /** The workspace root whose files the case's file imports are followed in, as `gearshift complete` does (none: imports are not read). */
  importRoot?: (c: MaskCase) => string;
}

/** Runs every case with every answer kind. */
export async function runCases(cases: MaskCase[], answers: readonly AnswerKind[], options: RunOptions = {}): Promise<Outcome[]> {
  const answer = options.answer ?? answerFor;
  const server = await startMockServer();
  const cli = createCliEngine({ endpoint: server.url, model: QUALITY_MODEL }, {});
  let reply = '';
  server.setResponder(() => ({ text: reply }));
  const outcomes: Outcome[] = [];
  try {
    for (const c of cases) {
      for (const kind of answers) {
        // A fresh engine per answer: nothing remembered from the previous answer at the same cursor
        // (a stream still ending after its suggestion was served would otherwise refill the memory).
        const engine = createCompletionEngine(cli);
        reply = answer(kind, c);
        const root = options.importRoot?.(c);
        const labels = new Map((options.openFiles?.(c) ?? []).map((file) => [file.path, file.label]));
        const context = await crossFileSources(cli, {
          file: c.file.path,
          text: c.text,
          languageId: c.file.languageId,
          open: options.openFiles?.(c) ?? [],
          root,
          relative: (file) => labels.get(file) ?? (root ? path.relative(root, file) : file),
        });
        const suggestion = await completeAt(engine, {
          text: c.text,
          position: positionOf(c.text, c.offset),
          meta: { uri: path.resolve(c.file.path), relativePath: c.file.label, languageId: c.file.languageId, version: 1 },
          context,
        });
        const shown = suggestion?.text ?? '';
        const prompts = generationRequests(server).map((request) => promptText(request.body));
        outcomes.push({ case: c, answer: kind, shown, correct: sameAsShown(shown, c.masked), requests: prompts.length, prompts });
        server.requests.length = 0;
      }
    }
  } finally {
    await cli.dispose();
    await server.close();
  }
  return outcomes;
}

/** Equal as the editor shows them: trailing whitespace at line ends is not visible ghost text. */
export function sameAsShown(shown: string, masked: string): boolean {
  const visible = (text: string) => text.replace(/[ \t]+$/gm, '').trimEnd();
  return shown !== '' && visible(shown) === visible(masked);
}

/** Every prompt-bearing field of the wire formats the engine may use (FIM template, suffix, infill, chat). */
function promptText(body: unknown): string {
  if (!body || typeof body !== 'object') return '';
  const { prompt, suffix, input_prefix, input_suffix, input_extra, messages } = body as Record<string, unknown>;
  const parts = [prompt, suffix, input_prefix, input_suffix];
  if (Array.isArray(input_extra)) parts.push(...input_extra.map((extra) => (extra as { text?: unknown }).text));
  if (Array.isArray(messages)) parts.push(...messages.map((message) => (message as { content?: unknown }).content));
  return parts.filter((part): part is string => typeof part === 'string').join('\n');
}

function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
