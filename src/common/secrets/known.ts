// Secret values the maintained rule set found, per source (a document URI, a file), kept until the
// source changes. The gate's fast path redacts these literals wherever they appear, so a key that
// only secretlint recognises stays out of every later prompt built from that text.

export class KnownSecrets {
  private readonly bySource = new Map<string, { version: number; literals: readonly string[] }>();
  private union: readonly string[] | undefined = [];

  /** True when `source` at `version` was already scanned (the scan can be skipped). */
  has(source: string, version: number): boolean {
    return this.bySource.get(source)?.version === version;
  }

  set(source: string, version: number, literals: readonly string[]): void {
    const previous = this.bySource.get(source);
    this.bySource.set(source, { version, literals });
    if (literals.length || previous?.literals.length) this.union = undefined;
  }

  /** Every known literal; the same array until something changes (the keystroke path reads it). */
  values(): readonly string[] {
    this.union ??= [...new Set([...this.bySource.values()].flatMap((entry) => entry.literals))];
    return this.union;
  }
}
