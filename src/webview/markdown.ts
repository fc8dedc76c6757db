// Model output → DOM. Markdown is parsed by markdown-it with raw HTML disabled and its tokens are
// built into DOM nodes directly (markdownDom.ts: text stays text, no HTML parse); images become
// click-to-open placeholders, and code blocks get their action bar (codeToolbar.ts) and the answer line they
// start on (their id for the host).
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { codeToolbar } from './codeToolbar';
import { el } from './dom';
import { canHighlight, queueHighlight } from './highlight';
import { appendTokens } from './markdownDom';

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

/** How many link addresses each of markdown-it's link normalizers remembers. */
const REMEMBERED_LINKS = 2_000;

/**
 * markdown-it normalizes every link's address and every linkified URL's text (a URL parse, an
 * IDN conversion of the host, percent-encoding): a README is link-dense (badges), and streaming
 * parses each block twice, as the open tail and once finished. Both are pure functions of the
 * address, so their results are remembered: the same output, computed once.
 */
function remembered(normalize: (url: string) => string): (url: string) => string {
  const results = new Map<string, string>();
  return (url) => {
    let result = results.get(url);
    if (result === undefined) {
      if (results.size >= REMEMBERED_LINKS) results.clear();
      result = normalize(url);
      results.set(url, result);
    }
    return result;
  };
}
markdown.normalizeLink = remembered(markdown.normalizeLink.bind(markdown));
markdown.normalizeLinkText = remembered(markdown.normalizeLinkText.bind(markdown));

/**
 * The first parse compiles markdown-it's and linkify-it's regular expressions and V8's code for
 * the rules it runs: tens of ms that the first delta of the first answer paid. Done once, in idle
 * time after the page loads, on text that runs the block and inline rules an answer does.
 */
const WARM_UP = '# T\n\n- a **b** _c_ `d` [e](https://e.example) https://f.example\n1. g\n\n> h\n\n| i | j |\n|---|--:|\n| k | l |\n\n```js\nm\n```\n\n    n\n\n---\n';
requestIdleCallback(() => markdown.parse(WARM_UP, {}));

/** A finished (or open) block of the answer, and the answer line its source starts on. */
export interface MarkdownBlock {
  source: string;
  firstLine: number;
  /**
   * Off for a still-open tail: an unfinished code block is shown plain and highlighted once, when
   * it is complete. Highlighting multiplies the nodes each streamed frame would rebuild.
   */
  highlight: boolean;
}

/**
 * `firstLine` is the answer line `source` starts on: code blocks are marked with their line in the
 * whole answer, which is how the host finds the block in its own copy.
 */
export function renderMarkdown(source: string, options: { highlight?: boolean; firstLine?: number } = {}): DocumentFragment {
  return renderMarkdownBlocks([{ source, firstLine: options.firstLine ?? 0, highlight: options.highlight ?? true }]);
}

/** Each block is parsed on its own (as if rendered alone); their nodes follow one another. */
export function renderMarkdownBlocks(blocks: readonly MarkdownBlock[]): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const block of blocks) {
    appendTokens(fragment, markdown.parse(block.source, {}), (token, language) => codeBlock(token, language, block));
  }
  return fragment;
}

/** `div.code-block[data-line]` > toolbar + `pre > code`: the line is where the block starts in the whole answer. */
function codeBlock(token: Token, language: string, block: MarkdownBlock): HTMLElement {
  const code = el('code', { text: token.content });
  if (language) code.className = `language-${language}`;
  if (block.highlight && canHighlight(language)) queueHighlight(code, token.content, language);
  const wrapper = el('div', { className: 'code-block' }, [codeToolbar(language), el('pre', {}, [code])]);
  wrapper.dataset.line = String(block.firstLine + token.map![0]);
  if (language) wrapper.dataset.language = language;
  return wrapper;
}
