// When a docs answer changed code somewhere, only the symbols it changed are discarded: the
// answer's top-level units are matched to the original's by their code (comments aside), matched
// units keep their new documentation, and every other original unit keeps its original text.
import { missingComments, sameCode, codeFingerprint } from '../refactor/codeCheck';
import { declaredName, headerLine, topLevelUnits } from '../refactor/split';

export interface DiscardedSymbol {
  /** The declared name, or the declaration line when it has none. */
  name: string;
  /** 1-based lines in the original text. */
  startLine: number;
  endLine: number;
}

export interface Salvaged {
  text: string;
  discarded: DiscardedSymbol[];
}

/** Alignments beyond this many unit pairs are not attempted (the whole part is refused instead). */
const MAX_PAIRS = 4_000_000;

export function salvageDocs(before: string, after: string, languageId: string, keepComments: boolean): Salvaged | undefined {
  const was = topLevelUnits(before, languageId);
  const now = topLevelUnits(after, languageId);
  const n = was.units.length;
  const m = now.units.length;
  if (n < 2 || n * m > MAX_PAIRS) return undefined;
  const unitText = (text: string, unit: { start: number; end: number }) => text.slice(unit.start, unit.end);
  const keysBefore = was.units.map((unit) => codeFingerprint(unitText(before, unit), languageId));
  const keysAfter = now.units.map((unit) => codeFingerprint(unitText(after, unit), languageId));

  // Longest common subsequence of units by code: the answer's units that kept their code, in order.
  const lengths = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i][j] = keysBefore[i] === keysAfter[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  const pieces: string[] = [];
  const discarded: DiscardedSymbol[] = [];
  const discard = (i: number) => {
    const unit = was.units[i];
    const header = headerLine(before, was.lines, unit).trim();
    let endLine = unit.endLine;
    while (endLine - 1 > unit.startLine && was.lines[endLine - 1].blank) endLine--;
    discarded.push({ name: declaredName(header) ?? header.slice(0, 60), startLine: unit.startLine + 1, endLine });
    pieces.push(unitText(before, unit));
  };
  let i = 0;
  let j = 0;
  while (i < n) {
    if (j < m && keysBefore[i] === keysAfter[j]) {
      const original = unitText(before, was.units[i]);
      const documented = unitText(after, now.units[j]);
      if (keepComments && missingComments(original, documented, languageId).length) discard(i);
      else pieces.push(documented);
      i++;
      j++;
    } else if (j < m && lengths[i][j + 1] >= lengths[i + 1][j]) {
      j++; // a unit of the answer with changed code: dropped
    } else {
      discard(i++);
    }
  }
  if (discarded.length === n) return undefined;
  const text = pieces.join('');
  // The merge must be exactly the original code with documentation; anything else is refused.
  if (!sameCode(before, text, languageId)) return undefined;
  if (keepComments && missingComments(before, text, languageId).length) return undefined;
  return { text, discarded };
}
