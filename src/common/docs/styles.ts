// Documentation styles per language: which conventions the model is asked to follow. The user
// picks among several where a language has them (`gearshift.docs.style`, e.g. python → numpy).
export type DocStyle =
  | 'jsdoc'
  | 'tsdoc'
  | 'pep257-google'
  | 'pep257-numpy'
  | 'pep257-rest'
  | 'godoc'
  | 'rustdoc'
  | 'javadoc'
  | 'kdoc'
  | 'xmldoc'
  | 'doxygen';

const DEFAULT_STYLE: Record<string, DocStyle> = {
  typescript: 'tsdoc',
  typescriptreact: 'tsdoc',
  javascript: 'jsdoc',
  javascriptreact: 'jsdoc',
  python: 'pep257-google',
  go: 'godoc',
  rust: 'rustdoc',
  java: 'javadoc',
  kotlin: 'kdoc',
  csharp: 'xmldoc',
  c: 'doxygen',
  cpp: 'doxygen',
};

/** Styles that make sense for a language; a setting outside these is ignored. */
const ALLOWED: Record<string, DocStyle[]> = {
  typescript: ['tsdoc', 'jsdoc'],
  typescriptreact: ['tsdoc', 'jsdoc'],
  javascript: ['jsdoc', 'tsdoc'],
  javascriptreact: ['jsdoc', 'tsdoc'],
  python: ['pep257-google', 'pep257-numpy', 'pep257-rest'],
  java: ['javadoc'],
  kotlin: ['kdoc', 'javadoc'],
  c: ['doxygen'],
  cpp: ['doxygen'],
};

const DESCRIPTIONS: Record<DocStyle, string> = {
  'jsdoc': 'JSDoc block comments (/** … */) directly above each declaration: a one-sentence summary, then @param {Type} name description, @returns {Type} description and @throws where it applies.',
  'tsdoc': 'TSDoc block comments (/** … */) directly above each declaration: a one-sentence summary, then `@param name - description`, `@returns description` and `@throws` where it applies. No types in the tags: the code already declares them.',
  'pep257-google': 'PEP 257 docstrings placed as the FIRST statement INSIDE each def/class body (indented like the body), in triple double quotes: a one-line summary ending with a period, a blank line, then Google-style sections `Args:`, `Returns:`, `Raises:` where they apply.',
  'pep257-numpy': 'PEP 257 docstrings placed as the FIRST statement INSIDE each def/class body (indented like the body), in triple double quotes: a one-line summary ending with a period, then numpydoc sections `Parameters`, `Returns`, `Raises` underlined with dashes.',
  'pep257-rest': 'PEP 257 docstrings placed as the FIRST statement INSIDE each def/class body (indented like the body), in triple double quotes: a one-line summary ending with a period, then reStructuredText fields `:param name:`, `:returns:`, `:raises Error:`.',
  'godoc': 'Go doc comments: `//` line comments directly above each declaration (no blank line between), starting with the declared name (e.g. "// Parse parses …"), written as full sentences.',
  'rustdoc': 'Rust doc comments: `///` lines directly above each item (below nothing else but attributes may follow them), Markdown, with `# Errors`, `# Panics` or `# Examples` sections where they apply.',
  'javadoc': 'Javadoc block comments (/** … */) directly above each declaration (above annotations): a summary sentence, then @param, @return and @throws tags where they apply.',
  'kdoc': 'KDoc block comments (/** … */) directly above each declaration (above annotations): a summary sentence, `[name]` references to parameters, and @param, @return, @throws tags where they apply.',
  'xmldoc': 'C# XML documentation comments: `///` lines directly above each declaration (above attributes) with <summary>, <param name="…">, <returns> and <exception cref="…"> elements where they apply.',
  'doxygen': 'Doxygen comments (/** … */) directly above each declaration: @brief summary, @param name description (with [in]/[out] where it matters), @return description.',
};

export function docStyleFor(languageId: string, settings: Record<string, string> = {}): DocStyle | undefined {
  const wanted = settings[languageId] as DocStyle | undefined;
  const allowed = ALLOWED[languageId] ?? (DEFAULT_STYLE[languageId] ? [DEFAULT_STYLE[languageId]] : undefined);
  if (wanted && (!allowed || allowed.includes(wanted)) && wanted in DESCRIPTIONS) return wanted;
  return DEFAULT_STYLE[languageId];
}

/** The style rules in words for the prompt; a generic rule for languages without a known style. */
export function describeDocStyle(style: DocStyle | undefined, languageId: string): string {
  if (style) return DESCRIPTIONS[style];
  return `The conventional documentation comment style of ${languageId}, placed where its documentation tools expect it.`;
}
