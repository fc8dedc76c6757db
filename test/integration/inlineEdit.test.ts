// Inline edit (Ctrl+I) without a selection, on real files nobody here wrote (python3's textwrap.py
// and openai's error.ts, read at run time): the cursor's method is found by the real syntax tree,
// only that method is sent to the local server over HTTP, and bad answers — prose, a cut-off
// stream, a placeholder for code — are refused with a reason while the method stays as it was.
// On an empty line between two of the file's top-level declarations, the model writes new code:
// only the lines around it go out (with a marker where the code goes), and a faithful answer is
// inserted while prose, a cut-off stream or an echo of the file is refused. Between two methods of
// a class (textwrap.TextWrapper, openai's APIError) the new code is a member of that class,
// indented into it, and a member it already has is refused; inside a method body, statements.
import * as assert from 'assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { contextWindow, INSERT_MARKER, runInsertion } from '../../src/common/inlineEdit/insert';
import { editTargetAt, targetLabel, type InsertionScope } from '../../src/common/inlineEdit/region';
import { languageIdForPath } from '../../src/common/refactor/languages';
import { refactorStrategy } from '../../src/common/refactor/prompts';
import { fileOutline } from '../../src/common/refactor/split';
import { rewriteSyntax } from '../../src/common/refactor/treeChecks';
import { topLevelSymbols } from '../../src/common/syntax/queries';
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
  /** A member of a class: the empty line above it is where new members go. */
  memberAbove: RegExp;
  className: string;
  /** A faithful new member, at column 0 as models often answer (it is indented into the class). */
  newMember: string;
  /** A member that exists already (an answer repeating it is refused). */
  existingMember: string;
  /** A statement in a method body: the empty line above it is where new statements go. */
  statementAbove: RegExp;
  methodLabel: string;
  newStatement: string;
}

const stdlib = () => execFileSync('python3', ['-c', 'import sysconfig;print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
const CASES: Case[] = [
  { label: 'python3 textwrap.py', file: () => path.join(stdlib(), 'textwrap.py'), inside: /^ {4}def _munge_whitespace\(/, header: /^ {4}def _munge_whitespace\(/,
    insertAbove: /^def dedent\(/, newCode: 'def shorten_all(texts, width):\n    return [shorten(text, width) for text in texts]',
    memberAbove: /^ {4}def _split\(self, text\):/, className: 'TextWrapper',
    newMember: 'def _words(self, text):\n    """The chunks of text that are not whitespace."""\n    return [chunk for chunk in self._split(text) if chunk.strip()]',
    existingMember: 'def _split(self, text):\n    return text.split()',
    statementAbove: /^ {12}# Maximum width for this line\./, methodLabel: 'method TextWrapper._wrap_chunks', newStatement: 'assert self.width > len(indent), "no room left on the line"' },
  { label: 'openai/src/core/error.ts', file: () => path.join(path.dirname(require.resolve('openai')), 'src', 'core', 'error.ts'), inside: /^ {2}static generate\(/, header: /^ {2}static generate\(/,
    insertAbove: /^export class APIUserAbortError\b/, newCode: 'export function isAPIError(value: unknown): value is APIError {\n  return value instanceof APIError;\n}',
    memberAbove: /^ {2}private static makeMessage\(/, className: 'APIError',
    newMember: "get isServerError(): boolean {\n  return typeof this.status === 'number' && this.status >= 500;\n}",
    existingMember: 'private static makeMessage(status: number | undefined, error: any, message: string | undefined) {\n  return String(message);\n}',
    statementAbove: /^ {4}const data = error as Record<string, any>;/, methodLabel: 'method APIError.constructor', newStatement: 'const body = error;' },
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
  describe('on an empty line inside a class: new members (or statements in a method), indented, judged with the code in place', () => {
    for (const testCase of CASES) {
      describe(testCase.label, () => {
        let text: string;
        let languageId: string;
        const at = (pattern: RegExp) => {
          const lines = text.split('\n');
          const line = lines.findIndex((candidate) => pattern.test(candidate)) - 1;
          assert.ok(line > 0 && lines[line].trim() === '', `the file still has an empty line above ${pattern}`);
          const tree = syntax.parse(text, languageId);
          try {
            const target = editTargetAt(text, languageId, line, tree);
            assert.ok(target.kind === 'insert' && target.scope, JSON.stringify(target));
            return { line, scope: target.scope, label: targetLabel(target) };
          } finally {
            tree?.dispose();
          }
        };

        before(async () => {
          text = fs.readFileSync(testCase.file(), 'utf8').replace(/\r\n/g, '\n');
          languageId = languageIdForPath(testCase.file());
          assert.ok(await syntax.load(languageId), `grammar for ${languageId}`);
        });

        const run = async (line: number, scope: InsertionScope) => {
          const route = await routeToMock(harness, { servers: [server], job: 'refactor' });
          return runInsertion({
            text, line, scope, languageId, fileName: path.basename(testCase.file()), instruction: 'Add what is asked here',
            model: route.model, countTokens: route.countTokens, generate: route.generate,
            syntax: rewriteSyntax(syntax), signal: new AbortController().signal,
          });
        };
        /** The file with the result in place, parsed: no errors, and the members of the class. */
        const placed = (line: number, replacement: string) => {
          const lines = text.split('\n');
          const inserted = [...lines.slice(0, line), replacement, ...lines.slice(line + 1)].join('\n');
          const tree = syntax.parse(inserted, languageId)!;
          try {
            assert.ok(!tree.root.hasError, 'the file with the new code parses without errors');
            const owner = topLevelSymbols(tree, 4).find((symbol) => symbol.name === testCase.className);
            return owner?.children.map((child) => child.name) ?? [];
          } finally {
            tree.dispose();
          }
        };

        it(`between two methods: an insertion in class ${testCase.className}, not a rewrite of it; the answer is indented into the class`, async () => {
          const { line, scope, label } = at(testCase.memberAbove);
          assert.strictEqual(scope.kind, 'members');
          assert.strictEqual(label, `insert at line ${line + 1} (in class ${testCase.className})`);
          server.setResponder(() => ({ text: `Sure:\n\`\`\`${languageId}\n${testCase.newMember}\n\`\`\`` }));
          const result = await run(line, scope);
          assert.ok('replacement' in result, 'refusal' in result ? result.refusal.reason : '');
          assert.ok(result.code.split('\n').every((codeLine) => codeLine === '' || codeLine.startsWith(scope.indent)), result.code);
          const newName = /(?:def|get)\s+(\w+)/.exec(testCase.newMember)![1];
          const members = placed(line, result.replacement);
          assert.ok(members.includes(newName), `${newName} is a member of ${testCase.className}: ${members.join(', ')}`);
          assert.strictEqual(members.length, scope.memberNames.length + 1, 'every other member is still there');
          const [request] = server.requests.filter((r) => r.path.endsWith('/chat/completions'));
          assert.match(String(request.body.messages.at(-1).content), new RegExp(`The line is inside class ${testCase.className} \\(line \\d+: `));
        });

        const BAD: Array<[string, (request: RecordedRequest) => MockReply | undefined, RegExp]> = [
          ['prose', badAnswerResponder('prose'), /^not-code$/],
          ['a member the class already has', () => ({ text: `\`\`\`${languageId}\n${testCase.existingMember}\n\`\`\`` }), /^duplicated$/],
          ['an echo of the class around the new member', (request) => ({ text: `\`\`\`${languageId}\n${sentCode(request).code.replace(INSERT_MARKER, testCase.newMember)}\n\`\`\`` }), /^duplicated$/],
          ['a stream cut off inside the fence', () => ({ text: `\`\`\`${languageId}\n${testCase.newMember.slice(0, Math.floor(testCase.newMember.length * 0.6))}` }), /^open-fence$/],
        ];
        for (const [what, responder, kind] of BAD) {
          it(`between two methods, ${what}: refused after one more try, nothing inserted`, async () => {
            const { line, scope } = at(testCase.memberAbove);
            server.setResponder(responder);
            const result = await run(line, scope);
            assert.ok('refusal' in result, `${what} was inserted`);
            assert.match(result.refusal.kind, kind, result.refusal.reason);
            if (what.startsWith('a member')) assert.match(result.refusal.reason, new RegExp(`again, which class ${testCase.className} already has`));
            assert.strictEqual(result.requests, 2);
          });
        }

        it('inside a method body: new statements at that point of the method, at the next line\'s indentation', async () => {
          const { line, scope, label } = at(testCase.statementAbove);
          assert.deepStrictEqual([scope.kind, scope.label], ['statements', testCase.methodLabel]);
          assert.strictEqual(label, `insert at line ${line + 1} (in ${testCase.methodLabel})`);
          server.setResponder(() => ({ text: `\`\`\`${languageId}\n${testCase.newStatement}\n\`\`\`` }));
          const result = await run(line, scope);
          assert.ok('replacement' in result, 'refusal' in result ? result.refusal.reason : '');
          assert.strictEqual(result.code, `${scope.indent}${testCase.newStatement}`);
          const method = testCase.methodLabel.split('.').pop()!;
          assert.ok(placed(line, result.replacement).includes(method), `${method} is still a member of ${testCase.className}`);
        });
      });
    }
  });
});
