// Inline edit (Ctrl+I) without a selection, on real files nobody here wrote (python3's textwrap.py
// and openai's error.ts, read at run time): the cursor's method is found by the real syntax tree,
// only that method is sent to the local server over HTTP, and bad answers — prose, a cut-off
// stream, a placeholder for code — are refused with a reason while the method stays as it was.
import * as assert from 'assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { editRegionAt } from '../../src/common/inlineEdit/region';
import { languageIdForPath } from '../../src/common/refactor/languages';
import { refactorStrategy } from '../../src/common/refactor/prompts';
import { fileOutline } from '../../src/common/refactor/split';
import { rewriteSyntax } from '../../src/common/refactor/treeChecks';
import type { SyntaxService } from '../../src/common/syntax/types';
import { createTreeSitterSyntax } from '../../src/node/syntax/treeSitter';
import { badAnswerResponder, sentCode, type BadAnswerKind } from '../support/badAnswers';
import { startMockServer, type MockServer } from '../support/mockServer';
import { createHarness, runAgainstMock, type Harness } from './docsHarness';

interface Case {
  label: string;
  file: () => string;
  /** The cursor goes on the line after the first line matching this (inside the method). */
  inside: RegExp;
  /** The method's own header: the region must start with it (or with the comments above it). */
  header: RegExp;
}

const stdlib = () => execFileSync('python3', ['-c', 'import sysconfig;print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
const CASES: Case[] = [
  { label: 'python3 textwrap.py', file: () => path.join(stdlib(), 'textwrap.py'), inside: /^ {4}def _munge_whitespace\(/, header: /^ {4}def _munge_whitespace\(/ },
  { label: 'openai/src/core/error.ts', file: () => path.join(path.dirname(require.resolve('openai')), 'src', 'core', 'error.ts'), inside: /^ {2}static generate\(/, header: /^ {2}static generate\(/ },
];
const INSTRUCTION = 'Add type annotations where they are missing; do not change behaviour.';
const REFUSED: Array<[BadAnswerKind, RegExp]> = [
  ['prose', /^not-code$/],
  ['truncated-stop', /^open-fence$/],
  ['elision', /^elision$/],
];

describe('inline edit at the cursor: the real method only, bad answers refused', function () {
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
        region = editRegionAt(text, languageId, cursor, tree);
        tree?.dispose();
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
