// Syntax highlighting of finished code blocks with highlight.js, off the path of streamed deltas:
// a block is queued when it is rendered and highlighted later in idle time, a few blocks per idle
// period, those where the user stopped scrolling first, then the newest ones on screen. A delta
// that finishes a large code block therefore costs what building its plain text costs, not the
// ~10× more of highlighting it (the p95/max of huge answers).
//
// highlight.js's output is HTML (spans with classes around escaped text); it is parsed in an inert
// <template> and sanitized by DOMPurify down to exactly that shape before it replaces the text.
import hljs from 'highlight.js/lib/common';
import DOMPurify from 'dompurify';

const purifier = DOMPurify(window);
// Set once: parsing the configuration on every call cost more than sanitizing a small block.
// `code` is the wrapper parsed around the output (the root must be allowed to be sanitized in place).
purifier.setConfig({ ALLOWED_TAGS: ['code', 'span'], ALLOWED_ATTR: ['class'], ALLOW_DATA_ATTR: false, ALLOW_ARIA_ATTR: false, IN_PLACE: true });

// Its content is inert (no script runs, no image loads); one element is reused for every block.
const parser = document.createElement('template');

/** Idle time left (ms) below which no further block is started in this idle period. */
const SLICE_RESERVE_MS = 3;
/** An idle period comes at the latest after this long, even on a page kept busy (the work still gets done). */
const IDLE_TIMEOUT_MS = 1_000;
/**
 * A block longer than this takes more than a few ms to highlight (a 20 KB one 30-100 ms): it is
 * started only as the first block of a real idle period (the page had nothing else to do), never
 * on the timeout path, which runs between the tasks of a busy page (a streaming answer) and
 * would freeze it.
 */
const LONG_BLOCK_CHARS = 2_000;
/** Marks a code element whose highlighting is still queued (pages and tests can wait for none). */
export const PENDING_ATTRIBUTE = 'data-highlight';

interface Job {
  source: string;
  language: string;
}

/** Queued blocks in the order they were rendered, and those of them on the screen. */
const queue = new Map<HTMLElement, Job>();
/**
 * Widens only the page's viewport: an observer still clips to the transcript's scroll area, so a
 * block counts as on screen when it is shown there (seen in Chromium: 5-6 blocks found of a
 * 511 px area, where the margin would have added 8 more).
 */
const VISIBILITY_MARGIN = '400px 0px';
const onScreen = new Set<HTMLElement>();
let scheduled = false;

/**
 * Only the newest queued blocks are watched for being on screen: that is where a followed answer
 * grows (and where a loaded conversation is scrolled to); the oldest come first in queue order
 * anyway. Watching all of them (300 in a 370 KB README answer) had the observer check every one
 * in every frame: ~80 % of the page's IntersectionObserver time.
 */
const WATCHED_BLOCKS = 24;
/** The watched blocks, oldest first. */
const watched = new Set<HTMLElement>();

/**
 * The queued blocks on the screen where the user last stopped scrolling, found by one
 * look at every queued block (an observer's first report, then it is disconnected), so a block in
 * the middle of a long conversation is highlighted next rather than after all those before it
 * (on a busy page, one block per second), without watching them all in every frame.
 */
const scrolledTo = new Set<HTMLElement>();
let look: IntersectionObserver | undefined;
/** A scroll ended while a look was under way (it may have seen the earlier place): look again after it. */
let lookAgain = false;

const visibility = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    const code = entry.target as HTMLElement;
    if (entry.isIntersecting && watched.has(code)) onScreen.add(code);
    else onScreen.delete(code);
  }
}, { rootMargin: VISIBILITY_MARGIN });

export function canHighlight(language: string): boolean {
  return !!language && !!hljs.getLanguage(language);
}

/** Highlights `code` (holding `source` as text, in `language`, which canHighlight) when the page is idle. */
export function queueHighlight(code: HTMLElement, source: string, language: string): void {
  code.setAttribute(PENDING_ATTRIBUTE, 'pending');
  queue.set(code, { source, language });
  watch(code);
  if (!scheduled) {
    scheduled = true;
    requestIdleCallback(highlightSlice, { timeout: IDLE_TIMEOUT_MS });
  }
}

/** The user stopped scrolling away from the newest output: the queued blocks now shown go first. */
export function highlightShownFirst(): void {
  if (look) {
    lookAgain = true;
    return;
  }
  if (!queue.size) return;
  look = new IntersectionObserver((entries) => {
    look?.disconnect();
    look = undefined;
    scrolledTo.clear();
    for (const entry of entries) {
      const code = entry.target as HTMLElement;
      if (entry.isIntersecting && queue.has(code)) scrolledTo.add(code);
    }
    if (lookAgain) {
      lookAgain = false;
      highlightShownFirst();
    }
  }, { rootMargin: VISIBILITY_MARGIN });
  for (const code of queue.keys()) look.observe(code);
}

function highlightSlice(deadline: IdleDeadline): void {
  scheduled = false;
  // Blocks removed from the page meanwhile (the conversation was replaced, a turn deleted) leave
  // the queue now, not at their turn: until then it kept them, and every node they hang on, alive.
  for (const code of queue.keys()) if (!code.isConnected) forget(code);
  // At least one block per call, so a page that is never idle still progresses (on the timeout).
  let code = nextBlock(!deadline.didTimeout);
  while (code) {
    highlightNow(code, queue.get(code)!);
    forget(code);
    code = deadline.timeRemaining() > SLICE_RESERVE_MS ? nextBlock(false) : undefined;
  }
  if (queue.size) {
    scheduled = true;
    requestIdleCallback(highlightSlice, { timeout: IDLE_TIMEOUT_MS });
  }
}

/** A block scrolled to or on screen if any, else the first rendered; a long one only when `long` blocks fit. */
function nextBlock(long: boolean): HTMLElement | undefined {
  const fits = (code: HTMLElement): boolean => long || queue.get(code)!.source.length <= LONG_BLOCK_CHARS;
  for (const code of scrolledTo) if (fits(code)) return code;
  for (const code of onScreen) if (fits(code)) return code;
  for (const code of queue.keys()) if (fits(code)) return code;
  return undefined;
}

function forget(code: HTMLElement): void {
  queue.delete(code);
  scrolledTo.delete(code);
  unwatch(code);
  code.removeAttribute(PENDING_ATTRIBUTE);
}

function watch(code: HTMLElement): void {
  watched.add(code);
  visibility.observe(code);
  if (watched.size > WATCHED_BLOCKS) unwatch(watched.values().next().value!);
}

function unwatch(code: HTMLElement): void {
  if (!watched.delete(code)) return;
  visibility.unobserve(code);
  onScreen.delete(code);
}

function highlightNow(code: HTMLElement, { source, language }: Job): void {
  let html: string;
  try {
    html = hljs.highlight(source, { language, ignoreIllegals: true }).value;
  } catch {
    return; // a grammar that fails on this text leaves it plain
  }
  parser.innerHTML = `<code>${html}</code>`;
  const parsed = parser.content.firstElementChild as HTMLElement;
  purifier.sanitize(parsed);
  code.replaceChildren(...Array.from(document.importNode(parsed, true).childNodes));
  parser.innerHTML = '';
}
