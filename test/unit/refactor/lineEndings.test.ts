// A rewrite written back keeps every unchanged line's own ending (CRLF files, mixed files) and
// gives changed lines the ending of what they replace or of their neighbours.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { restoreLineEndings } from '../../../src/common/refactor/lineEndings';

const lf = (text: string) => text.replace(/\r\n/g, '\n');

describe('rewrite line endings', () => {
  it('leaves an LF file as the rewrite gave it', () => {
    assert.strictEqual(restoreLineEndings('a\nb\n', 'a\nB\n'), 'a\nB\n');
  });

  it('a CRLF file stays CRLF on every line, changed, inserted or not', () => {
    const original = 'def f():\r\n    return 1\r\n\r\ndef g():\r\n    return 2\r\n';
    const rewritten = 'def f():\n    """One."""\n    return 1\n\ndef g():\n    return 2\n';
    assert.strictEqual(restoreLineEndings(original, rewritten), rewritten.replace(/\n/g, '\r\n'));
  });

  it('in a mixed file, unchanged lines keep their own endings and changed ones follow what they replace', () => {
    const original = 'a = 1\r\nb = 2\r\nc = 3\nd = 4\ne = 5\r\n';
    // b and d change, a line is inserted after c (an LF line), e is untouched.
    const rewritten = 'a = 1\nb = 20\nc = 3\nc2 = 3.5\nd = 40\ne = 5\n';
    assert.strictEqual(restoreLineEndings(original, rewritten), 'a = 1\r\nb = 20\r\nc = 3\nc2 = 3.5\nd = 40\ne = 5\r\n');
  });

  it('a last line without a line break keeps none, and gets its neighbour\'s when lines are added after it', () => {
    assert.strictEqual(restoreLineEndings('x\r\ny', 'x\nY'), 'x\r\nY');
    assert.strictEqual(restoreLineEndings('x\r\ny', 'x\ny\nz'), 'x\r\ny\r\nz');
    assert.strictEqual(restoreLineEndings('x\r\ny\r\n', 'w\nx\ny\n'), 'w\r\nx\r\ny\r\n');
  });

  it('on python\'s standard library made mixed (read at run time), only the changed lines\' endings can differ', () => {
    const stdlib = execFileSync('python3', ['-c', 'import sysconfig;print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
    for (const file of ['textwrap.py', 'shlex.py']) {
      const lines = fs.readFileSync(path.join(stdlib, file), 'utf8').split('\n');
      // Every third line CRLF: the shape a file gets after edits on two systems.
      const original = lines.map((line, i) => (i === lines.length - 1 ? line : `${line}${i % 3 === 0 ? '\r\n' : '\n'}`)).join('');
      // The rewrite: a comment above every `def`, and every `return` line changed.
      const rewritten = lf(original).split('\n').flatMap((line) => {
        if (/^\s*def /.test(line)) return [`${line.match(/^\s*/)![0]}# documented`, line];
        return [line.replace(/^(\s*)return\b/, '$1return  ')];
      }).join('\n');
      const restored = restoreLineEndings(original, rewritten);
      assert.strictEqual(lf(restored), rewritten, `${file}: the content is the rewrite's`);
      const originalLines = original.split(/(?<=\n)/);
      const restoredLines = new Set(restored.split(/(?<=\n)/));
      const untouched = originalLines.filter((line) => !/^\s*return\b/.test(line));
      for (const line of untouched) assert.ok(restoredLines.has(line), `${file}: ${JSON.stringify(line)} lost its ending`);
      const crlfBefore = originalLines.filter((line) => line.endsWith('\r\n')).length;
      const crlfAfter = restored.split(/(?<=\n)/).filter((line) => line.endsWith('\r\n')).length;
      assert.ok(crlfAfter >= crlfBefore && crlfAfter < restored.split('\n').length - 1, `${file}: still mixed (${crlfBefore} → ${crlfAfter} CRLF)`);
    }
  });
});
