// The rewrite-safety suite: docs and refactor on real files nobody here wrote (read at run time
// from node_modules and the python3 standard library), against the local server answering each
// request with a bad answer computed from the code it was sent. No run may lose or change code
// without saying so: every file × job × answer kind runs through the engine (real client, router,
// tokenizer and syntax trees), and each answer kind once more through `gearshift … --write`, which
// must leave the file byte for byte as it was and exit non-zero. (The CLI starts a tokenizer per
// run, seconds each, so it gets one file per kind; the engine matrix covers all of them.)
import * as assert from 'assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { run as runDoc } from '../../src/cli/doc';
import { run as runRefactor } from '../../src/cli/refactor';
import { EXIT_PARTIAL } from '../../src/cli/exitCodes';
import { docsStrategy } from '../../src/common/docs/prompts';
import { codeFingerprint, missingComments } from '../../src/common/refactor/codeCheck';
import { languageIdForPath } from '../../src/common/refactor/languages';
import { refactorStrategy } from '../../src/common/refactor/prompts';
import { rewriteSyntax } from '../../src/common/refactor/treeChecks';
import { createTreeSitterSyntax } from '../../src/node/syntax/treeSitter';
import { createHarness, runAgainstMock, type Harness } from './docsHarness';
import { BAD_ANSWER_KINDS, badAnswerResponder, sentCode, type BadAnswerKind } from '../support/badAnswers';
import { startMockServer, type MockServer } from '../support/mockServer';
import { makeTempDir } from '../support/tempDirs';

interface RealFile {
  label: string;
  path: string;
}

function realFiles(): RealFile[] {
  const stdlib = execFileSync('python3', ['-c', 'import sysconfig;print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
  return [
    { label: 'commander/lib/option.js', path: path.join(path.dirname(require.resolve('commander')), 'lib', 'option.js') },
    { label: 'openai/src/core/error.ts', path: path.join(path.dirname(require.resolve('openai')), 'src', 'core', 'error.ts') },
    { label: 'python3 textwrap.py', path: path.join(stdlib, 'textwrap.py') },
  ];
}

interface CliOutcome {
  code: number;
  stderr: string;
}

const ENV = { GEARSHIFT_API_KEY: 'sk-safety', GEARSHIFT_LARGE_MODEL: 'gpt-4.1', GEARSHIFT_FAST_MODEL: 'gpt-4.1-mini', GEARSHIFT_LOG: 'error' };

/** Runs a CLI subcommand in this process (the same `run` the gearshift binary calls), capturing stderr. */
async function cli(command: (args: string[]) => Promise<number>, args: string[]): Promise<CliOutcome> {
  const saved = Object.fromEntries(Object.keys(ENV).map((key) => [key, process.env[key]]));
  Object.assign(process.env, ENV);
  const write = process.stderr.write;
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: await command(args), stderr };
  } finally {
    process.stderr.write = write;
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** The reason the CLI gave for the part it left unchanged (the last warning's wording). */
function reasonOf(stderr: string): string {
  const warnings = [...stderr.matchAll(/^warning: [^:]+: (.*?); (?:left unchanged|that symbol was left unchanged)\.$/gm)];
  return warnings.length ? warnings[warnings.length - 1][1] : '(no reason given)';
}

/** Refactor keeps literals as the model writes them (a literal change is a visible code change). */
const REFACTOR_KINDS = BAD_ANSWER_KINDS.filter((kind) => kind !== 'reformatted-literals');
const INSTRUCTION = 'Add type annotations where they are missing; do not change behaviour.';

describe('rewrite safety: bad answers on real files never lose or change code unreported', function () {
  this.timeout(120_000);
  let server: MockServer;
  let harness: Harness;
  let dir: string;
  const syntax = rewriteSyntax(createTreeSitterSyntax());
  const table: string[] = [];
  const files = realFiles();

  before(async () => {
    server = await startMockServer();
    harness = createHarness();
    dir = makeTempDir('safety');
  });
  after(async () => {
    await harness.dispose();
    await server.close();
    // The outcome table (file × job × answer kind → result), for the issue note.
    if (process.env.GEARSHIFT_SAFETY_TABLE) process.stdout.write(`\n${table.join('\n')}\n`);
  });
  beforeEach(() => server.reset());

  for (const file of files) {
    describe(`engine: ${file.label}`, () => {
      const languageId = languageIdForPath(file.path);
      const original = () => fs.readFileSync(file.path, 'utf8');
      const run = async (job: 'docs' | 'refactor', kind: BadAnswerKind) => {
        server.setResponder(badAnswerResponder(kind));
        const strategy = job === 'docs' ? docsStrategy({ target: { kind: 'file' }, style: undefined, rewriteExisting: false }) : refactorStrategy(INSTRUCTION);
        const text = original();
        const { result } = await runAgainstMock(harness, { servers: [server], task: { text, languageId, strategy, fileName: path.basename(file.path), syntax } });
        const reasons = [...new Set(result.leftUnchanged.map((part) => part.kind))].join(', ');
        table.push(`${file.label} | ${job} | ${kind} | ${result.text === text ? 'unchanged' : 'changed'} | ${result.leftUnchanged.length} part(s) reported: ${reasons} | ${result.leftUnchanged[0]?.reason ?? ''}`);
        assert.ok(result.leftUnchanged.length > 0, `${kind}: the refusal is reported`);
        if (job === 'refactor') assert.strictEqual(result.text, text, `${kind}: a refused refactor keeps the file as it was`);
        else {
          // Docs may keep the symbols the answer documented faithfully; the code stays exactly.
          assert.strictEqual(codeFingerprint(result.text, languageId), codeFingerprint(text, languageId), `${kind}: no code changed`);
          assert.deepStrictEqual(missingComments(text, result.text, languageId), [], `${kind}: no comment lost`);
        }
      };
      for (const kind of REFACTOR_KINDS) it(`refactor: ${kind}`, () => run('refactor', kind));
      for (const kind of BAD_ANSWER_KINDS) it(`docs: ${kind}`, () => run('docs', kind));
    });
  }

  describe('gearshift doc/refactor --write', () => {
    let copy: string;
    let original: string;
    const useFile = (file: RealFile) => {
      original = fs.readFileSync(file.path, 'utf8');
      copy = path.join(dir, path.basename(file.path));
      fs.writeFileSync(copy, original);
    };

    BAD_ANSWER_KINDS.forEach((kind, i) => {
      const file = files[i % files.length];
      const job = kind === 'reformatted-literals' ? 'doc' : 'refactor';
      it(`${job} --write: ${kind} (${file.label}) writes nothing and exits ${EXIT_PARTIAL}`, async () => {
        useFile(file);
        server.setResponder(badAnswerResponder(kind));
        const args = job === 'doc' ? [copy, '--write', '--endpoint', server.url] : [copy, '--instruction', INSTRUCTION, '--write', '--endpoint', server.url];
        const outcome = await cli(job === 'doc' ? runDoc : runRefactor, args);
        const written = fs.readFileSync(copy, 'utf8');
        table.push(`${file.label} | CLI ${job} --write | ${kind} | exit ${outcome.code} | ${written === original ? 'file unchanged' : 'FILE WRITTEN'} | ${reasonOf(outcome.stderr)}`);
        assert.strictEqual(written, original, `${kind}: the file must stay byte for byte as it was`);
        assert.strictEqual(outcome.code, EXIT_PARTIAL, outcome.stderr);
        assert.match(outcome.stderr, /not written|left unchanged/);
      });
    });

    it('doc --write: a faithful answer is written and exits 0 (the suite tells good from bad)', async () => {
      useFile(files[2]);
      server.setResponder((request) => {
        const { code, language } = sentCode(request);
        return { text: `\`\`\`${language}\n# Documented.\n${code}\n\`\`\`` };
      });
      const outcome = await cli(runDoc, [copy, '--write', '--endpoint', server.url]);
      assert.strictEqual(outcome.code, 0, outcome.stderr);
      assert.strictEqual(fs.readFileSync(copy, 'utf8'), `# Documented.\n${original}`);
    });
  });
});
