// Figures from outcomes: exact-shown share per cursor kind × answer kind, and single- vs multi-line.
import { ANSWER_KINDS, type AnswerKind } from './answers';
import { CURSOR_KINDS } from './masks';
import type { CrossFileCase } from './crossFile';
import type { CrossFileOutcomes } from './harness';
import type { Outcome } from './run';

interface Tally {
  cases: number;
  correct: Record<AnswerKind, number>;
  total: Record<AnswerKind, number>;
}

function tally(outcomes: Outcome[]): Tally {
  const zero = () => Object.fromEntries(ANSWER_KINDS.map((kind) => [kind, 0])) as Record<AnswerKind, number>;
  const result: Tally = { cases: new Set(outcomes.map((o) => o.case.id)).size, correct: zero(), total: zero() };
  for (const outcome of outcomes) {
    result.total[outcome.answer]++;
    if (outcome.correct) result.correct[outcome.answer]++;
  }
  return result;
}

function groups(outcomes: Outcome[]): Array<[name: string, outcomes: Outcome[]]> {
  const byKind = CURSOR_KINDS.map((kind): [string, Outcome[]] => [kind, outcomes.filter((o) => o.case.kind === kind)]);
  return [
    ...byKind,
    ['single_line', outcomes.filter((o) => !o.case.multiline)],
    ['multi_line', outcomes.filter((o) => o.case.multiline)],
    ['all', outcomes],
  ];
}

/** Bench keys: `<group>.<answer>` shares (0..1) and `<group>.cases`; a group without cases has only `.cases` = 0. */
export function qualityFigures(outcomes: Outcome[]): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const [name, members] of groups(outcomes)) {
    const t = tally(members);
    figures[`${name}.cases`] = t.cases;
    for (const answer of ANSWER_KINDS) {
      if (t.total[answer] > 0) figures[`${name}.${answer}`] = round(t.correct[answer] / t.total[answer]);
    }
  }
  return figures;
}

/** A fixed-width table: one row per cursor kind and per shape, one column per answer kind. */
export function qualityTable(outcomes: Outcome[]): string {
  const header = ['cursor kind', 'cases', ...ANSWER_KINDS];
  const rows = groups(outcomes).map(([name, members]) => {
    const t = tally(members);
    return [name, String(t.cases), ...ANSWER_KINDS.map((answer) => (t.total[answer] ? `${((100 * t.correct[answer]) / t.total[answer]).toFixed(1)}%` : '—'))];
  });
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
  const format = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [format(header), ...rows.map(format)].join('\n');
}

/** Share of outcomes whose prompt carried the identifier's defining line. */
function recall(outcomes: Outcome[], cases: CrossFileCase[]): number {
  const definingText = new Map(cases.map((c) => [c.case.id, c.definingText]));
  const hits = outcomes.filter((o) => o.prompts.some((prompt) => prompt.includes(definingText.get(o.case.id) ?? '\u0000')));
  return outcomes.length ? round(hits.length / outcomes.length) : 0;
}

const exactShare = (outcomes: Outcome[]) => (outcomes.length ? round(outcomes.filter((o) => o.correct).length / outcomes.length) : 0);

/** Bench keys of the cross-file cases (BENCH.md: identifier_recall_open / _imported). */
export function crossFileFigures(result: CrossFileOutcomes): Record<string, number> {
  return {
    'cross_file.cases': result.cases.length,
    identifier_recall_open: recall(result.open, result.cases),
    identifier_recall_imported: recall(result.imported, result.cases),
    'cross_file_open.exact': exactShare(result.open),
    'cross_file_imported.exact': exactShare(result.imported),
  };
}

export function crossFileTable(result: CrossFileOutcomes): string {
  const figures = crossFileFigures(result);
  const percent = (value: number) => `${(100 * value).toFixed(1)}%`;
  return [
    `cross-file: ${result.cases.length} lines using an identifier defined only in another file of the package`,
    `  defining file open:     identifier recall ${percent(figures.identifier_recall_open)}, exact shown ${percent(figures['cross_file_open.exact'])}`,
    `  defining file imported: identifier recall ${percent(figures.identifier_recall_imported)}, exact shown ${percent(figures['cross_file_imported.exact'])}`,
  ].join('\n');
}

const round = (value: number) => Math.round(value * 1000) / 1000;
