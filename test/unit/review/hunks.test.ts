import * as assert from 'node:assert';
import { acceptHunks, createReview, followEdits, hunkAt, proposedText, rejectHunks } from '../../../src/common/review/hunks';

const BASE = [
  'import { readFile } from "fs";',
  '',
  'export function load(path) {',
  '  return readFile(path);',
  '}',
  '',
  'export function save(path, data) {',
  '  writeFile(path, data);',
  '}',
  '',
].join('\n');
// Two separate changes: a new import line, and save's body rewritten.
const PROPOSED = BASE
  .replace('import { readFile } from "fs";', 'import { readFile, writeFile } from "fs";\nimport { log } from "./log";')
  .replace('  writeFile(path, data);', '  log("saving", path);\n  return writeFile(path, data);');

/** Applies replacements (offsets of `text`) the way one WorkspaceEdit would. */
function apply(text: string, replacements: { start: number; end: number; text: string }[]): string {
  return [...replacements].sort((a, b) => b.start - a.start).reduce((t, r) => t.slice(0, r.start) + r.text + t.slice(r.end), text);
}

describe('review hunks', () => {
  it('splits a proposal into its separate changes, in document order', () => {
    const review = createReview(BASE, PROPOSED);
    assert.strictEqual(review.hunks.length, 2);
    const [imports, save] = review.hunks;
    assert.deepStrictEqual([imports.start, imports.end], [0, 1]);
    assert.deepStrictEqual(imports.removed, ['import { readFile } from "fs";\n']);
    assert.deepStrictEqual(imports.added, ['import { readFile, writeFile } from "fs";\n', 'import { log } from "./log";\n']);
    assert.deepStrictEqual([save.start, save.end], [7, 8]);
    assert.strictEqual(proposedText(review), PROPOSED);
  });

  it('accepting all hunks gives the proposal; rejecting all leaves the text', () => {
    const review = createReview(BASE, PROPOSED);
    const all = new Set(review.hunks.map((hunk) => hunk.id));
    const accepted = acceptHunks(review, all);
    assert.strictEqual(accepted.state.text, PROPOSED);
    assert.strictEqual(apply(BASE, accepted.replacements), PROPOSED);
    assert.strictEqual(accepted.state.hunks.length, 0);
    const rejected = rejectHunks(review, all);
    assert.strictEqual(rejected.text, BASE);
    assert.strictEqual(rejected.hunks.length, 0);
  });

  it('accepting the first hunk shifts the second by the lines it added, so it still applies', () => {
    const review = createReview(BASE, PROPOSED);
    const [imports, save] = review.hunks;
    const first = acceptHunks(review, new Set([imports.id]));
    assert.strictEqual(apply(BASE, first.replacements), first.state.text);
    assert.ok(first.state.text.startsWith('import { readFile, writeFile } from "fs";\nimport { log } from "./log";\n\n'));
    assert.ok(first.state.text.includes('  writeFile(path, data);'), 'the second hunk is not applied yet');
    const [moved] = first.state.hunks;
    assert.strictEqual(moved.id, save.id);
    assert.deepStrictEqual([moved.start, moved.end], [8, 9]);
    assert.strictEqual(first.state.text.split('\n')[moved.start], '  writeFile(path, data);');
    const second = acceptHunks(first.state, new Set([moved.id]));
    assert.strictEqual(second.state.text, PROPOSED);
  });

  it('accept one, reject the other: only the accepted change is in the text', () => {
    const review = createReview(BASE, PROPOSED);
    const [imports, save] = review.hunks;
    const afterReject = rejectHunks(review, new Set([imports.id]));
    const accepted = acceptHunks(afterReject, new Set([save.id]));
    assert.strictEqual(accepted.state.text, BASE.replace('  writeFile(path, data);', '  log("saving", path);\n  return writeFile(path, data);'));
  });

  it('follows user edits outside the hunks: the hunks move and still apply onto the edited text', () => {
    const review = createReview(BASE, PROPOSED);
    // The user adds a function between the two hunks.
    const edited = BASE.replace('export function save', 'export function exists(path) {\n  return true;\n}\n\nexport function save');
    const { state, conflicts } = followEdits(review, edited);
    assert.deepStrictEqual(conflicts, []);
    assert.deepStrictEqual(state.hunks.map((hunk) => hunk.start), [0, 11]);
    const all = acceptHunks(state, new Set(state.hunks.map((hunk) => hunk.id)));
    assert.strictEqual(apply(edited, all.replacements), all.state.text);
    assert.ok(all.state.text.includes('export function exists(path)'), 'the user edit is kept');
    assert.ok(all.state.text.includes('  return writeFile(path, data);'));
    assert.ok(all.state.text.startsWith('import { readFile, writeFile }'));
  });

  it('a hunk whose lines the user changed is dropped as a conflict; the other one stays', () => {
    const review = createReview(BASE, PROPOSED);
    const edited = BASE.replace('  writeFile(path, data);', '  writeFile(path, data, "utf8");');
    const { state, conflicts } = followEdits(review, edited);
    assert.deepStrictEqual(conflicts.map((hunk) => hunk.start), [7]);
    assert.strictEqual(state.hunks.length, 1);
    const accepted = acceptHunks(state, new Set(state.hunks.map((hunk) => hunk.id)));
    assert.ok(accepted.state.text.includes('  writeFile(path, data, "utf8");'), 'the user edit is not overwritten');
    assert.ok(accepted.state.text.startsWith('import { readFile, writeFile }'));
  });

  it('the user inserting where an insertion hunk inserts is a conflict (the order would be a guess)', () => {
    const base = 'a\nb\n';
    const review = createReview(base, 'a\nnew\nb\n');
    assert.deepStrictEqual(review.hunks.map((hunk) => [hunk.start, hunk.end]), [[1, 1]]);
    assert.strictEqual(followEdits(review, 'a\nmine\nb\n').conflicts.length, 1);
    // An edit of the line just above is not a conflict: the insertion stays below it.
    const above = followEdits(review, 'A\nb\n');
    assert.deepStrictEqual(above.conflicts, []);
    assert.strictEqual(proposedText(above.state), 'A\nnew\nb\n');
  });

  it('keeps CRLF line ends and a last line without one', () => {
    const base = 'one\r\ntwo\r\nthree';
    const proposed = 'one\r\n2\r\nthree\r\nfour';
    const review = createReview(base, proposed);
    assert.strictEqual(proposedText(review), proposed);
    const accepted = acceptHunks(review, new Set(review.hunks.map((hunk) => hunk.id)));
    assert.strictEqual(apply(base, accepted.replacements), proposed);
  });

  it('finds the hunk at a line, else the next one below, else the last', () => {
    const review = createReview(BASE, PROPOSED);
    assert.strictEqual(hunkAt(review, 0)?.start, 0);
    assert.strictEqual(hunkAt(review, 3)?.start, 7);
    assert.strictEqual(hunkAt(review, 9)?.start, 7);
  });
});
