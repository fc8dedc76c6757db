// The harness's mask chooser on snippets written here in the shapes of each cursor kind (the harness
// itself runs on real code read from node_modules and the python3 standard library).
import * as assert from 'assert';
import type { CorpusFile } from '../../../bench/quality/corpus';
import { answerFor } from '../../../bench/quality/answers';
import { maskCases, type CursorKind, type MaskCase } from '../../../bench/quality/masks';
import { parseFile, type CorpusLanguage } from '../../../bench/quality/syntax';

const TYPESCRIPT = `export function total(items: number[]): number {
  let sum = 0;
  for (const item of items) {
    sum += item;
  }
  // Round to cents before returning.
  const rounded = Math.round(sum * 100) / 100;
  const parts = [
    rounded,
    sum,
  ];
  const names = items
    .map(String)
    .join(',');
  log(
    'total',
    parts,
  );
  return sum > 0 &&
    rounded > 0;
}
`;

const PYTHON = `def total(items):
    result = 0
    for item in items:
        result += item
    # Round to cents before returning.
    rounded = round(result * 100) / 100
    parts = [
        rounded,
        result,
    ]
    return rounded
`;

async function casesOf(text: string, languageId: CorpusLanguage): Promise<MaskCase[]> {
  const file: CorpusFile = { path: `/snippets/total.${languageId}`, label: `snippets/total.${languageId}`, languageId, text };
  const parsed = await parseFile(text, languageId);
  try {
    return maskCases(file, parsed.root, { perKind: 100, seed: 1 });
  } finally {
    parsed.dispose();
  }
}

const masksOf = (cases: MaskCase[], kind: CursorKind) => cases.filter((c) => c.kind === kind).map((c) => c.masked);

describe('quality harness: masks', () => {
  it('finds every cursor kind of a TypeScript body, each mask a whole piece of code', async () => {
    const cases = await casesOf(TYPESCRIPT, 'typescript');
    assert.ok(masksOf(cases, 'empty_block').includes('sum += item;'));
    assert.ok(masksOf(cases, 'blank_line').includes('for (const item of items) {\n    sum += item;\n  }'));
    assert.deepEqual(masksOf(cases, 'comment'), ['const rounded = Math.round(sum * 100) / 100;']);
    assert.deepEqual(masksOf(cases, 'continuation_array'), ['\n    rounded,\n    sum,\n  ];']);
    assert.deepEqual(masksOf(cases, 'continuation_chain'), ["\n    .map(String)\n    .join(',');"]);
    assert.deepEqual(masksOf(cases, 'continuation_arguments'), ["\n    'total',\n    parts,\n  );"]);
    assert.deepEqual(masksOf(cases, 'continuation_binary'), ['\n    rounded > 0;']);
    assert.ok(masksOf(cases, 'mid_line').includes('sum * 100'));
    assert.ok(masksOf(cases, 'end_of_line').includes('Math.round(sum * 100) / 100;'));
    assert.ok(masksOf(cases, 'end_of_line').includes('0;'));
  });

  it('finds the cursor kinds of a Python body', async () => {
    const cases = await casesOf(PYTHON, 'python');
    assert.ok(masksOf(cases, 'empty_block').includes('result += item'));
    assert.deepEqual(masksOf(cases, 'comment'), ['rounded = round(result * 100) / 100']);
    assert.deepEqual(masksOf(cases, 'continuation_array'), ['\n        rounded,\n        result,\n    ]']);
    assert.ok(masksOf(cases, 'mid_line').includes('result * 100'));
    assert.ok(masksOf(cases, 'end_of_line').includes('rounded'));
  });

  it('puts no continuation cursor inside a string: the first line of a multi-line string formatted with % is no unfinished expression', async () => {
    const text = 'def usage():\n    text = """Usage: %s\n    -n: open a new window\n    """ % NAME\n    total = (first_count +\n             second_count)\n    return text, total\n';
    const cases = await casesOf(text, 'python');
    assert.deepEqual(masksOf(cases, 'continuation_binary'), ['\n             second_count)']);
  });

  it('puts the cursor where the mask was: the masked text at the cursor gives the file back', async () => {
    for (const c of [...(await casesOf(TYPESCRIPT, 'typescript')), ...(await casesOf(PYTHON, 'python'))]) {
      assert.equal(c.text.slice(0, c.offset) + c.masked + c.text.slice(c.offset), c.file.text, c.id);
      assert.equal(c.multiline, c.masked.includes('\n'));
    }
  });

  it('builds the faulty answers around the masked text', async () => {
    const midLine = (await casesOf(TYPESCRIPT, 'typescript')).find((c) => c.kind === 'mid_line' && c.masked === 'sum * 100')!;
    assert.equal(answerFor('exact', midLine), 'sum * 100');
    assert.equal(answerFor('extra_closers', midLine), 'sum * 100)');
    assert.equal(answerFor('repeat_following', midLine), 'sum * 100) / 100;\n  const parts = [\n    rounded,');
    assert.equal(answerFor('unrelated_statement', midLine), "sum * 100\n  console.log('done');");
    assert.equal(answerFor('leading_newline', midLine), '\nsum * 100');
    const body = (await casesOf(PYTHON, 'python')).find((c) => c.kind === 'empty_block' && c.masked === 'result += item')!;
    assert.equal(answerFor('leading_newline', body), '\n        result += item');
    assert.equal(answerFor('unrelated_statement', body), 'result += item\n        print("done")');
    assert.equal(answerFor('extra_closers', body), 'result += item)');
  });
});
