// The smallest single replacement turning `before` into `after`: one edit (so one undo step) that
// leaves the unchanged head and tail of the document — and the markers and cursor in them — alone.
export interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

export function minimalEdit(before: string, after: string): OffsetEdit | undefined {
  if (before === after) return undefined;
  const limit = Math.min(before.length, after.length);
  let head = 0;
  while (head < limit && before.charCodeAt(head) === after.charCodeAt(head)) head++;
  let tail = 0;
  while (
    tail < limit - head &&
    before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)
  ) tail++;
  // Never split a surrogate pair or a CRLF between the kept head and the replaced middle.
  if (head > 0 && isSplitPoint(before, head)) head--;
  if (tail > 0 && isSplitPoint(before, before.length - tail)) tail--;
  return { start: head, end: before.length - tail, text: after.slice(head, after.length - tail) };
}

function isSplitPoint(text: string, offset: number): boolean {
  const prev = text.charCodeAt(offset - 1);
  const next = text.charCodeAt(offset);
  return (prev >= 0xd800 && prev <= 0xdbff) || (prev === 13 && next === 10);
}
