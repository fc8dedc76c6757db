// Counts in user-facing text: "1 token", "2 tokens", "1,024 tokens". Pure.

/** `count` with its noun, singular for exactly one; `plural` for irregular nouns. */
export function counted(count: number, noun: string, plural = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : plural}`;
}
