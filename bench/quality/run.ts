// Runs cases through the real inline engine, the way `gearshift complete` does (same engine, same
// transport, real HTTP), against the local test server answering each request with the case's answer.
import { SimilarSnippetIndex } from '../../src/common/inline/similar';
import { completeAt, createCompletionEngine } from '../../src/cli/complete';
import { createCliEngine } from '../../src/cli/engine';
import { startMockServer } from '../../test/support/mockServer';
import { answerFor, type AnswerKind } from './answers';
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
}

/** Runs every case with every answer kind; `answer` may replace how the server answers (tests). */
export async function runCases(
  cases: MaskCase[],
  answers: readonly AnswerKind[],
  answer: (kind: AnswerKind, c: MaskCase) => string = answerFor,
): Promise<Outcome[]> {
  const server = await startMockServer();
  const cli = createCliEngine({ endpoint: server.url, model: QUALITY_MODEL }, {});
  const noOtherFiles = new SimilarSnippetIndex();
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
        const before = server.requests.length;
        const suggestion = await completeAt(engine, {
          text: c.text,
          position: positionOf(c.text, c.offset),
          meta: { uri: `file://${c.file.path}`, relativePath: c.file.label, languageId: c.file.languageId, version: 1 },
          open: noOtherFiles,
        });
        const shown = suggestion?.text ?? '';
        outcomes.push({ case: c, answer: kind, shown, correct: sameAsShown(shown, c.masked), requests: server.requests.length - before });
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

function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
