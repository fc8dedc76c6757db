// The list of a run's screenshots, written beside them (screenshots.md for people, screenshots.json
// for tools), so a note or a reviewer can link "the inline edit review" without guessing file names:
// each entry names the check that took it, why (a named moment of the check, or after it passed
// or failed), and the file relative to the artifacts folder.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ScreenshotEntry {
  /** The check: `<file>.ui.ts <function>` for UI checks, the mocha title for in-host tests. */
  check: string;
  /** What the picture shows: the label the check gave it, or 'passed' / 'failed'. */
  label: string;
  /** Relative to the artifacts folder (the folder the index is written to). */
  file: string;
}

export class ScreenshotIndex {
  private readonly entries: ScreenshotEntry[] = [];

  constructor(readonly dir: string) {}

  add(check: string, label: string, file: string): void {
    this.entries.push({ check, label, file: path.relative(this.dir, file) });
  }

  get size(): number {
    return this.entries.length;
  }

  /** Writes both files (nothing when the run took no screenshot); returns the Markdown file's path. */
  write(): string | undefined {
    if (this.entries.length === 0) return undefined;
    fs.mkdirSync(this.dir, { recursive: true });
    fs.writeFileSync(path.join(this.dir, 'screenshots.json'), `${JSON.stringify(this.entries, null, 2)}\n`);
    const markdown = path.join(this.dir, 'screenshots.md');
    fs.writeFileSync(markdown, screenshotsMarkdown(this.entries));
    return markdown;
  }
}

/** One section per check, in the order the checks ran; links are relative, so the folder can move. */
export function screenshotsMarkdown(entries: readonly ScreenshotEntry[]): string {
  const byCheck = new Map<string, ScreenshotEntry[]>();
  for (const entry of entries) byCheck.set(entry.check, [...(byCheck.get(entry.check) ?? []), entry]);
  const lines = ['# Screenshots of this run', ''];
  for (const [check, shots] of byCheck) {
    lines.push(`## ${check}`, '');
    for (const shot of shots) lines.push(`- ${shot.label}: [${shot.file}](${encodeURI(shot.file)})`);
    lines.push('');
  }
  return lines.join('\n');
}
