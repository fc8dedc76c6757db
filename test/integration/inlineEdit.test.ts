// Inline edit (Ctrl+I) without a selection, on real files nobody here wrote (python3's textwrap.py
// and openai's error.ts, read at run time): the cursor's method is found by the real syntax tree,
// only that method is sent to the local server over HTTP, and bad answers — prose, a cut-off
// stream, a placeholder for code — are refused with a reason while the method stays as it was.
// On an empty line between two of the file's top-level declarations, the model writes new code:
// only the lines around it go out (with a marker where the code goes), and a faithful answer is
// inserted while prose, a cut-off stream or an echo of the file is refused.
import * as assert from 'assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { contextWindow, INSERT_MARKER, runInsertion } from '../../src/common/inlineEdit/insert';
import { editTargetAt } from '../../src/common/inlineEdit/region';
import { languageIdForPath } from '../../src/common/refactor/languages';
import { refactorStrategy } from '../../src/common/refactor/prompts';
import { fileOutline } from '../../src/common/refactor/split';
import { rewriteSyntax } from '../../src/common/refactor/treeChecks';
import type { SyntaxService } from '../../src/common/syntax/types';
import { createTreeSitterSyntax } from '../../src/node/syntax/treeSitter';
import { badAnswerResponder, sentCode, type BadAnswerKind } from '../support/badAnswers';
import { startMockServer, type MockReply, type MockServer, type RecordedRequest } from '../support/mockServer';
import { createHarness, routeToMock, runAgainstMock, type Harness } from './docsHarness';

interface Case {
  label: string;
  file: () => string;
  /** The cursor goes on the line after the first line matching this (inside the method). */
  inside: RegExp;
  /** The method's own header: the region must start with it (or with the comments above it). */
  header: RegExp;
  /** A top-level declaration: the empty line above it is where new code is inserted. */
  insertAbove: RegExp;
  /** A faithful new declaration in the file's language. */
  newCode: string;
}

const stdlib = () => execFileSync('python3', ['-c', 'import sysconfig;print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
const CASES: Case[] = [
  { label: 'python3 textwrap.py', file: () => path.join(stdlib(), 'textwrap.py'), inside: /^ {4}def _munge_whitespace\(/, header: /^ {4}def _munge_whitespace\(/,
    insertAbove: /^def dedent\(/, newCode: 'def shorten_all(texts, width):\n    return [shorten(text, width) for text in texts]' },
  { label: 'openai/src/core/error.ts', file: () => path.join(path.dirname(require.resolve('openai')), 'src', 'core', 'error.ts'), inside: /^ {2}static generate\(/, header: /^ {2}static generate\(/,
    insertAbove: /^export class APIUserAbortError\b/, newCode: 'export function isAPIError(value: unknown): value is APIError {\n  return value instanceof APIError;\n}' },
];
const INSTRUCTION = 'Add type annotations where they are missing; do not change behaviour.';
const REFUSED: Array<[BadAnswerKind, RegExp]> = [
  ['prose', /^not-code$/],
  ['truncated-stop', /^open-fence$/],
  ['elision', /^elision$/],
];

describe('inline edit against the local server', function () {
  this.timeout(60_000);
  let server: MockServer;
  let harness: Harness;
  let syntax: SyntaxService;

  before(async () => {
    server = await startMockServer();
    harness = createHarness();
    syntax = createTreeSitterSyntax();
  });
  after(async () => {
    await harness.dispose();
    await server.close();
  });
  beforeEach(() => server.reset());

  describe('at the cursor: the real method only, bad answers refused', () => {
    for (const testCase of CASES) {
      describe(testCase.label, () => {
        let text: string;
        let languageId: string;
        let region: { startLine: number; endLine: number };
        let regionText: string;

        before(async () => {
          text = fs.readFileSync(testCase.file(), 'utf8').replace(/\r\n/g, '\n');
          languageId = languageIdForPath(testCase.file());
          assert.ok(await syntax.load(languageId), `grammar for ${languageId}`);
          const lines = text.split('\n');
          const cursor = lines.findIndex((line) => testCase.inside.test(line)) + 1;
          assert.ok(cursor > 0, `the file still has ${testCase.inside}`);
          const tree = syntax.parse(text, languageId);
          const target = editTargetAt(text, languageId, cursor, tree);
          tree?.dispose();
          assert.ok(target.kind === 'rewrite', 'the cursor is inside the method');
          region = target.region;
          regionText = lines.slice(region.startLine, region.endLine + 1).join('\n');
        });

        const run = () =>
          runAgainstMock(harness, {
            servers: [server],
            task: {
              text: regionText, languageId, strategy: refactorStrategy(INSTRUCTION), fileName: path.basename(testCase.file()),
              syntax: rewriteSyntax(syntax), lineOffset: region.startLine, surroundingOutline: fileOutline(text, languageId),
            },
          });

        it('the region is the method around the cursor, not its class or the file', () => {
          const lines = regionText.split('\n');
          assert.ok(lines.some((line) => testCase.header.test(line)), regionText.slice(0, 200));
          assert.ok(!/^(?:class|export class) /m.test(regionText), 'the enclosing class is not part of the region');
          assert.ok(lines.length >= 3 && lines.length < 60, `${lines.length} lines`);
        });

        it('sends only that method as the code to change, and a faithful answer changes only it', async () => {
          server.setResponder((request) => {
            const { code, language } = sentCode(request);
            const [first, ...rest] = code.split('\n');
            const comment = language === 'python' ? '# checked' : '// checked';
            const indent = /^\s*/.exec(rest.find((line) => line.trim()) ?? '')![0];
            return { text: `\`\`\`${language}\n${[first, `${indent}${comment}`, ...rest].join('\n')}\n\`\`\`` };
          });
          const { result } = await run();
          const [request] = server.requests.filter((r) => r.path.endsWith('/chat/completions'));
          assert.strictEqual(sentCode(request).code.trimEnd(), regionText.trimEnd(), 'the code sent is exactly the region');
          assert.ok(result.changed, result.warnings.join(' '));
          assert.strictEqual(result.leftUnchanged.length, 0);
          assert.strictEqual(result.text.split('\n').length, regionText.split('\n').length + 1);
        });

        for (const [kind, expected] of REFUSED) {
          it(`${kind}: refused with a reason, the method stays as it was`, async () => {
            server.setResponder(badAnswerResponder(kind));
            const { result } = await run();
            assert.strictEqual(result.text, regionText);
            assert.ok(!result.changed);
            assert.strictEqual(result.leftUnchanged.length, 1, result.warnings.join(' '));
            assert.match(result.leftUnchanged[0].kind, expected, result.leftUnchanged[0].reason);
            assert.match(result.leftUnchanged[0].reason, /prose|cut off|placeholder/);
          });
        }
      });
    }
  });

  describe('on an empty line: new code written there, bad answers refused', () => {

    for (const testCase of CASES) {
      describe(testCase.label, () => {
        let text: string;
        let languageId: string;
        let line: number;

        before(async () => {
          text = fs.readFileSync(testCase.file(), 'utf8').replace(/\r\n/g, '\n');
          languageId = languageIdForPath(testCase.file());
          assert.ok(await syntax.load(languageId), `grammar for ${languageId}`);
          const lines = text.split('\n');
          line = lines.findIndex((candidate) => testCase.insertAbove.test(candidate)) - 1;
          assert.ok(line > 0 && lines[line].trim() === '', `the file still has an empty line above ${testCase.insertAbove}`);
          const tree = syntax.parse(text, languageId);
          assert.deepStrictEqual(editTargetAt(text, languageId, line, tree), { kind: 'insert', line });
          tree?.dispose();
        });

        const run = async () => {
          const route = await routeToMock(harness, { servers: [server], job: 'refactor' });
          return runInsertion({
            text, line, languageId, fileName: path.basename(testCase.file()), instruction: 'Add a helper here',
            model: route.model, countTokens: route.countTokens, generate: route.generate,
            syntax: rewriteSyntax(syntax), signal: new AbortController().signal,
          });
        };

        it('sends the lines around it with the marker, and a faithful answer becomes the new code there', async () => {
          server.setResponder(() => ({ text: `Here is the helper:\n\`\`\`${languageId}\n${testCase.newCode}\n\`\`\`\nIt wraps the existing API.` }));
          const result = await run();
          const [request] = server.requests.filter((r) => r.path.endsWith('/chat/completions'));
          const { code } = sentCode(request);
          const lines = text.split('\n');
          assert.ok(code.includes(`${lines[line - 1]}\n${INSERT_MARKER}\n${lines[line + 1]}`), 'the marker stands at the line, between its real neighbours');
          const window = contextWindow(text, line);
          assert.strictEqual(code.trimEnd(), [window.before, INSERT_MARKER, window.after].join('\n').trimEnd(), 'only the window is sent');
          assert.ok('replacement' in result, 'refusal' in result ? result.refusal.reason : '');
          assert.strictEqual(result.code, testCase.newCode, 'fences and chatter are stripped');
          const inserted = [...lines.slice(0, line), result.replacement, ...lines.slice(line + 1)].join('\n');
          const tree = syntax.parse(inserted, languageId);
          assert.ok(tree && !tree.root.hasError, 'the file with the new code parses');
          tree?.dispose();
        });

        const BAD: Array<[string, (request: RecordedRequest) => MockReply | undefined, RegExp]> = [
          ['prose', badAnswerResponder('prose'), /^not-code$/],
          ['a stream cut off inside the fence', () => ({ text: `\`\`\`${languageId}\n${testCase.newCode.slice(0, Math.floor(testCase.newCode.length * 0.6))}` }), /^open-fence$/],
          ['an echo of the file around the new code', (request) => ({ text: `\`\`\`${languageId}\n${sentCode(request).code.replace(INSERT_MARKER, testCase.newCode)}\n\`\`\`` }), /^duplicated$/],
        ];
        for (const [what, responder, kind] of BAD) {
          it(`${what}: refused with a reason after one more try, nothing inserted`, async () => {
            server.setResponder(responder);
            const result = await run();
            assert.ok('refusal' in result, `${what} was inserted`);
            assert.match(result.refusal.kind, kind, result.refusal.reason);
            assert.strictEqual(result.requests, 2);
          });
        }
      });
    }
  });
});
