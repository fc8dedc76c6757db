// The inline-quality harness itself (`npm run eval:inline`): it reads real code at run time, it
// reaches the engine over real HTTP, and it counts right and wrong suggestions right. A reduced
// sample only; the quality figures are the bench's business, never asserted here.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ANSWER_KINDS } from '../../bench/quality/answers';
import { buildCorpus, type CorpusFile } from '../../bench/quality/corpus';
import { crossFileCases } from '../../bench/quality/crossFile';
import { buildCases, evaluate, evaluateCrossFile } from '../../bench/quality/harness';
import { maskCases, SCARCE_KINDS } from '../../bench/quality/masks';
import { crossFileFigures, qualityFigures, qualityTable } from '../../bench/quality/report';
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

  it('takes only the scarce cursor kinds from the files searched beyond the corpus, a few per language', async () => {
    const base = await buildCases(SAMPLE);
    const wider = await buildCases({ ...SAMPLE, scarceFilesPerLanguage: 8, scarceCasesPerLanguage: 2 });
    const baseIds = new Set(base.map((c) => c.id));
    assert.ok(base.every((c) => wider.some((w) => w.id === c.id)), 'the corpus cases stay as they were');
    const added = wider.filter((c) => !baseIds.has(c.id));
    assert.ok(added.length > 0 && added.every((c) => SCARCE_KINDS.includes(c.kind)), added.map((c) => c.kind).join());
    for (const kind of SCARCE_KINDS) {
      for (const language of ['javascript', 'typescript', 'python']) {
        assert.ok(added.filter((c) => c.kind === kind && c.file.languageId === language).length <= 2, `${kind} ${language}`);
      }
    }
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
    const [wrong] = await runCases([returnValue], ['exact'], { answer: () => 'a - b;' });
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

  it('finds cross-file cases: a line using an identifier defined only in another file it imports', async () => {
    const cases = await crossFileCases({ perPackage: 1, seed: 7 });
    assert.ok(new Set(cases.map((c) => c.case.file.languageId)).size >= 2, 'TypeScript/JavaScript packages and the python3 standard library');
    for (const c of cases) {
      assert.ok(c.definingFile.text.includes(c.definingText), c.case.id);
      assert.ok(!c.case.file.text.includes(c.definingText), `${c.case.id}: defined only elsewhere`);
      assert.notEqual(c.definingFile.path, c.case.file.path);
      assert.match(c.case.masked, new RegExp(`\\b${c.identifier}\\b`));
      assert.equal(c.case.text.slice(0, c.case.offset) + c.case.masked + c.case.text.slice(c.case.offset), c.case.file.text);
    }
  });

  it('counts identifier recall by the defining line in the prompt the server received', async () => {
    const result = await evaluateCrossFile({ perPackage: 1, seed: 7 });
    assert.equal(result.open.length, result.cases.length);
    assert.equal(result.imported.length, result.cases.length);
    assert.ok([...result.open, ...result.imported].every((o) => o.requests >= 1 && o.prompts.every((p) => p.includes(o.case.text.slice(o.case.offset - 20, o.case.offset)))), 'the prompts hold the text before the cursor');
    // Nothing is open in the imported scenario: a defining line there came from following imports.
    const definingText = new Map(result.cases.map((c) => [c.case.id, c.definingText]));
    assert.ok(result.imported.some((o) => o.prompts.some((p) => p.includes(definingText.get(o.case.id)!))), 'imports of real files are followed to their definitions');
    const [first] = result.cases;
    const reached = { ...result.open[0], prompts: [`prefix ${first.definingText} suffix`] };
    const missed = { ...result.open[0], prompts: ['prefix only'] };
    const one = { ...result, cases: [first] };
    assert.equal(crossFileFigures({ ...one, open: [reached], imported: [missed] }).identifier_recall_open, 1);
    assert.equal(crossFileFigures({ ...one, open: [reached], imported: [missed] }).identifier_recall_imported, 0);
  });
});
