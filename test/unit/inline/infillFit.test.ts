import * as assert from 'assert';
import type { ContextChunk } from '../../../src/common/inline/context';
import { fitInfill } from '../../../src/common/inline/infillFit';
import type { FimPieces } from '../../../src/common/inline/templates';

const chunk = (path: string, chars: number, kind: ContextChunk['kind'] = 'similar', score = 1): ContextChunk =>
  ({ kind, path, startLine: 1, text: `def ${path.replace(/\W/g, '_')}():\n${'    x = 1\n'.repeat(Math.ceil(chars / 14))}`.slice(0, chars), score });

const pieces = (chunks: ContextChunk[]): FimPieces => ({ prefix: 'def area(r):\n    return ', suffix: '\n', path: 'geo.py', languageId: 'python', chunks });

describe('fitting /infill to a llama.cpp slot', () => {
  it('sends every chunk as input_extra when the slot is unknown', () => {
    const parts = fitInfill(pieces([chunk('a.py', 9000), chunk('b.py', 9000)]), undefined, 64);
    assert.deepStrictEqual(parts.inputExtra.map((e) => e.filename), ['a.py', 'b.py']);
    assert.strictEqual(parts.inputPrefix, 'def area(r):\n    return ');
  });

  it('keeps input_extra within n_ctx − n_batch − 2·n_predict and folds the rest into the prefix', () => {
    // 4,096-token slot: 4,096 − 2,048 − 128 = 1,920 tokens of extra (~5,760 characters at 3 per token).
    const big = chunk('defs.py', 5000, 'definition', 5);
    const second = chunk('near.py', 3000, 'similar', 2);
    const parts = fitInfill(pieces([big, second]), 4096, 64);
    assert.deepStrictEqual(parts.inputExtra.map((e) => e.filename), ['defs.py'], 'the higher-priority chunk fits the extra share');
    assert.match(parts.inputPrefix, /^# Path: near\.py\n# def near_py\(\):/);
    assert.ok(parts.inputPrefix.endsWith('# Path: geo.py\ndef area(r):\n    return '));
  });

  it('drops what fits neither the extra share nor the prefix take, instead of letting the server cut it', () => {
    const parts = fitInfill(pieces([chunk('huge.py', 20_000)]), 2048, 64);
    assert.deepStrictEqual(parts.inputExtra, []);
    assert.strictEqual(parts.inputPrefix, 'def area(r):\n    return ');
  });
});
