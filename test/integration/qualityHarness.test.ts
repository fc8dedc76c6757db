// The inline-quality harness itself (`npm run eval:inline`): it reads real code at run time, it
// reaches the engine over real HTTP, and it counts right and wrong suggestions right. A reduced
// sample only; the quality figures are the bench's business, never asserted here.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ANSWER_KINDS } from '../../bench/quality/answers';
import { buildCorpus, type CorpusFile } from '../../bench/quality/corpus';
import { buildCases, evaluate } from '../../bench/quality/harness';
import { maskCases } from '../../bench/quality/masks';
import { qualityFigures, qualityTable } from '../../bench/quality/report';
import { runCases } from '../../bench/quality/run';
import { parseFile } from '../../bench/quality/syntax';

const REPO = path.resolve(__dirname, '../..');
const SAMPLE = { filesPerLanguage: 1, casesPerKind: 1, seed: 7 };

describe('inline-quality harness', function () {
  this.timeout(120_000);

  it('builds its corpus at run time from installed packages and the python3 standard library', () => {
    const corpus = buildCorpus({ filesPerLanguage: 2, seed: 7 });
    assert.deepEqual([...new Set(corpus.map((file) => file.languageId))].sort(), ['javascript', 'python', 'typescript']);
    for (const file of corpus) {
      const inRepo = path.relative(REPO, file.path);
      assert.ok(inRepo.startsWith('..') || inRepo.startsWith('node_modules'), `${file.path} is not project code`);
      assert.equal(file.text, fs.readFileSync(file.path, 'utf8'));
    }
    assert.deepEqual(buildCorpus({ filesPerLanguage: 2, seed: 7 }).map((file) => file.label), corpus.map((file) => file.label), 'the same seed picks the same files');
  });

  it('masks real code so that the masked text at the cursor gives the file back', async () => {
    const cases = await buildCases(SAMPLE);
    assert.ok(cases.length >= 10, `${cases.length} cases`);
    for (const c of cases) assert.equal(c.text.slice(0, c.offset) + c.masked + c.text.slice(c.offset), c.file.text, c.id);
  });

  it('counts the shown suggestion equal to the masked text as right, and a wrong one as wrong', async () => {
    const text = 'function add(a: number, b: number): number {\n  return a + b;\n}\n';
    const file: CorpusFile = { path: '/snippets/add.ts', label: 'snippets/add.ts', languageId: 'typescript', text };
    const parsed = await parseFile(text, 'typescript');
    const [returnValue] = maskCases(file, parsed.root, { perKind: 1, seed: 1 }).filter((c) => c.kind === 'end_of_line');
    parsed.dispose();
    assert.equal(returnValue.masked, 'a + b;');

    const [right] = await runCases([returnValue], ['exact']);
    assert.deepEqual({ shown: right.shown, correct: right.correct, requests: right.requests }, { shown: 'a + b;', correct: true, requests: 1 });
    const [wrong] = await runCases([returnValue], ['exact'], () => 'a - b;');
    assert.deepEqual({ shown: wrong.shown, correct: wrong.correct }, { shown: 'a - b;', correct: false });
  });

  it('runs every answer kind of a sample through the engine over HTTP and reports the figures', async () => {
    const outcomes = await evaluate(SAMPLE);
    const cases = new Set(outcomes.map((o) => o.case.id)).size;
    assert.equal(outcomes.length, cases * ANSWER_KINDS.length);
    assert.ok(outcomes.every((o) => o.requests >= 1), 'every case asked the server');
    const figures = qualityFigures(outcomes);
    assert.equal(figures['all.cases'], cases);
    for (const answer of ANSWER_KINDS) assert.ok(figures[`all.${answer}`] >= 0 && figures[`all.${answer}`] <= 1, answer);
    assert.match(qualityTable(outcomes), /^cursor kind +cases +exact +repeat_following/);
  });
});
