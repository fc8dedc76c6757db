// Finding and removing secrets in text with the fast rules plus the literal values the maintained
// rule set found earlier (see KnownSecrets), so the keystroke path pays for regexes only.
import { isPlaceholder, SECRET_RULES, type SecretRule } from './rules';

export const REDACTED = '[REDACTED]';

export interface SecretFinding {
  start: number;
  end: number;
  /** The rule's name, e.g. "AWS secret access key". */
  kind: string;
}

/** UI names (`passwordLabel = 'Your password'`) describe a field, they do not hold a secret. */
const DESCRIPTIVE_NAME = /(label|field|placeholder|name|hint|message|text|title|prompt|error|regex|pattern|type|id|input|header|env|var)["']?\s*[:=]\s*["'`]?$/i;
/** `form.password2`, `this.config.apiKey1`: a member access, not a value. */
const MEMBER_ACCESS = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;

function accept(rule: SecretRule, line: string, match: RegExpExecArray, value: string): boolean {
  if (isPlaceholder(value)) return false;
  if (rule.byName && MEMBER_ACCESS.test(value)) return false;
  if (rule.group > 0) return !DESCRIPTIVE_NAME.test(line.slice(match.index, match.index + match[0].lastIndexOf(value)));
  return true;
}

const SPANNING_RULES = SECRET_RULES.filter((rule) => rule.spansLines);
const LINE_RULES = SECRET_RULES.filter((rule) => !rule.spansLines);
const NO_FINDINGS: readonly SecretFinding[] = Object.freeze([]);
const KNOWN_KIND = 'secret (secretlint)';

/** What one line alone decides: the one-line rules' and one-line literals' findings, and whether it could be a key body line. */
interface LineVerdict {
  /** Offsets within the line. */
  findings: readonly SecretFinding[];
  base64: boolean;
}

/**
 * Every secret the fast rules see, plus each occurrence of a known literal. Overlapping findings
 * are merged, so redaction never splits a secret. With `lines`, a line's verdict is taken from the
 * cache when that exact line was seen before with the same literals (see LineScanCache).
 */
export function findSecrets(text: string, known: Iterable<string> = [], lines?: LineScanCache): SecretFinding[] {
  const literals = Array.isArray(known) ? (known as readonly string[]) : [...known];
  const found: SecretFinding[] = [];
  const keyBodies = new KeyBodies(text, found);
  for (let start = 0; start <= text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, end);
    const verdict = lines ? lines.verdict(line, literals) : scanLine(line, literals);
    for (const finding of verdict.findings) found.push({ start: start + finding.start, end: start + finding.end, kind: finding.kind });
    keyBodies.line(start, end, verdict.base64);
    if (newline < 0) break;
    start = newline + 1;
  }
  keyBodies.end();
  // What one line cannot decide: matches over line breaks, literals that span lines.
  for (const rule of SPANNING_RULES) {
    if (hasHint(rule, text)) matchRule(rule, text, 0, found);
  }
  for (const literal of literals) {
    if (literal.includes('\n')) findLiteral(text, literal, 0, found);
  }
  return merge(found);
}

function scanLine(line: string, literals: readonly string[]): LineVerdict {
  const found: SecretFinding[] = [];
  for (const rule of LINE_RULES) {
    if (hasHint(rule, line)) matchRule(rule, line, 0, found);
  }
  for (const literal of literals) findLiteral(line, literal, 0, found);
  return { findings: found.length ? found : NO_FINDINGS, base64: isBase64Line(line) };
}

function findLiteral(text: string, literal: string, offset: number, found: SecretFinding[]): void {
  if (!literal) return;
  for (let at = text.indexOf(literal); at >= 0; at = text.indexOf(literal, at + literal.length)) {
    found.push({ start: offset + at, end: offset + at + literal.length, kind: KNOWN_KIND });
  }
}

function hasHint(rule: SecretRule, text: string): boolean {
  return rule.caseless ? hintPattern(rule).test(text) : rule.hints.some((hint) => text.includes(hint));
}

/** Lines longer than this are scanned every time rather than kept (a minified bundle's one line). */
const MAX_CACHED_LINE = 4000;

/**
 * Line verdicts keyed by the line's exact text — never by a hash, so no collision can hand a
 * secret line a clean line's verdict. An edit anywhere in a line (inside a secret too) makes it a
 * different key, so it is scanned again; new known literals empty the cache. Bounded: two
 * generations of at most `maxChars` characters (and `maxLines` lines) each; a line used while the
 * newer generation fills stays.
 */
export class LineScanCache {
  private current = new Map<string, LineVerdict>();
  private previous = new Map<string, LineVerdict>();
  private currentChars = 0;
  private literals: readonly string[] | undefined;

  constructor(private readonly maxChars = 1_000_000, private readonly maxLines = 20_000) {}

  verdict(line: string, literals: readonly string[]): LineVerdict {
    if (literals !== this.literals && !sameStrings(literals, this.literals)) {
      this.current = new Map();
      this.previous = new Map();
      this.currentChars = 0;
    }
    this.literals = literals;
    const cached = this.current.get(line);
    if (cached) return cached;
    if (line.length > MAX_CACHED_LINE) return scanLine(line, literals);
    const verdict = this.previous.get(line) ?? scanLine(line, literals);
    this.remember(line, verdict);
    return verdict;
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }

  private remember(line: string, verdict: LineVerdict): void {
    if (this.currentChars + line.length > this.maxChars || this.current.size >= this.maxLines) {
      this.previous = this.current;
      this.current = new Map();
      this.currentChars = 0;
    }
    // A line cut from the prompt is, in V8, a view into the whole prompt: as a key it would keep
    // every prompt alive. Slicing a concatenation makes V8 copy the characters into a string of
    // its own (the concatenation is flattened first), so the key holds just the line.
    this.current.set(` ${line}`.slice(1), verdict);
    this.currentChars += line.length;
  }
}

function sameStrings(a: readonly string[], b: readonly string[] | undefined): boolean {
  return b !== undefined && a.length === b.length && a.every((value, index) => value === b[index]);
}

/** One regex over a rule's hints (case-insensitive where the rule is), compiled once per rule. */
const hintPatterns = new WeakMap<SecretRule, RegExp>();
function hintPattern(rule: SecretRule): RegExp {
  let pattern = hintPatterns.get(rule);
  if (!pattern) {
    pattern = new RegExp(rule.hints.map((hint) => hint.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), rule.caseless ? 'gi' : 'g');
    hintPatterns.set(rule, pattern);
  }
  pattern.lastIndex = 0;
  return pattern;
}

function matchRule(rule: SecretRule, text: string, offset: number, found: SecretFinding[]): void {
  rule.pattern.lastIndex = 0;
  for (let match = rule.pattern.exec(text); match; match = rule.pattern.exec(text)) {
    if (match[0].length === 0) {
      rule.pattern.lastIndex++;
      continue;
    }
    const value = match[rule.group];
    if (!value || !accept(rule, text, match, value)) continue;
    const start = offset + match.index + (rule.group === 0 ? 0 : match[0].lastIndexOf(value));
    found.push({ start, end: start + value.length, kind: rule.name });
  }
}

const BASE64_LINE = /^[A-Za-z0-9+/]{64}$/;
const BASE64_TAIL = /^[A-Za-z0-9+/]{0,63}={0,2}$/;
/** A base64 block after one of these lines is public material, not a key. */
const PUBLIC_BLOCK = /-----BEGIN (?!(?:[A-Z0-9]+ )*PRIVATE KEY)[A-Z0-9 ]+-----[^-]*$/;

/** A full 64-character base64 line (indentation allowed); the length check first, so most lines cost nothing. */
function isBase64Line(line: string): boolean {
  return line.length >= 64 && line.length <= 96 && BASE64_LINE.test(line.trim());
}

/**
 * Two or more full 64-character base64 lines (and a shorter last one): the body of a PEM key whose
 * BEGIN line is outside the window (a context snippet, a template literal split by the cursor).
 * Fed the lines in order with whether each is a base64 line; adds a finding per body.
 */
class KeyBodies {
  private runStart = -1;
  private runLines = 0;
  private runEnd = 0;

  constructor(private readonly text: string, private readonly found: SecretFinding[]) {}

  line(start: number, end: number, base64: boolean): void {
    if (base64) {
      if (this.runStart < 0) this.runStart = start;
      this.runLines++;
      this.runEnd = end;
    } else if (this.runStart >= 0) {
      this.close(start, end);
    }
  }

  end(): void {
    if (this.runStart >= 0) this.close(this.text.length, this.text.length);
  }

  private close(tailStart: number, tailEnd: number): void {
    const { text, runStart } = this;
    if (this.runLines >= 2 && !PUBLIC_BLOCK.test(text.slice(Math.max(0, runStart - 8192), runStart))) {
      const tail = text.slice(tailStart, tailEnd).trim();
      this.found.push({ start: runStart, end: tail && BASE64_TAIL.test(tail) ? tailEnd : this.runEnd, kind: 'private key body' });
    }
    this.runStart = -1;
    this.runLines = 0;
  }
}

function merge(findings: SecretFinding[]): SecretFinding[] {
  if (findings.length < 2) return findings;
  findings.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: SecretFinding[] = [findings[0]];
  for (const finding of findings.slice(1)) {
    const last = merged[merged.length - 1];
    if (finding.start < last.end) last.end = Math.max(last.end, finding.end);
    else merged.push({ ...finding });
  }
  return merged;
}

/** `text` with every finding replaced by `[REDACTED]`; the same string when there is none. */
export function redactFindings(text: string, findings: readonly SecretFinding[]): string {
  if (findings.length === 0) return text;
  let out = '';
  let at = 0;
  for (const finding of findings) {
    out += text.slice(at, finding.start) + REDACTED;
    at = finding.end;
  }
  return out + text.slice(at);
}

export function redactText(text: string, known?: Iterable<string>): string {
  return redactFindings(text, findSecrets(text, known));
}

export interface SecretLine {
  /** 1-based. */
  line: number;
  kind: string;
}

/** Where the secrets are, line by line: what a refused rewrite shows the user. */
export function secretLines(text: string, findings: readonly SecretFinding[], lineOffset = 0): SecretLine[] {
  const lines: SecretLine[] = [];
  let line = 1;
  let scanned = 0;
  for (const finding of findings) {
    for (let at = text.indexOf('\n', scanned); at >= 0 && at < finding.start; at = text.indexOf('\n', at + 1)) {
      line++;
      scanned = at + 1;
    }
    if (!lines.some((seen) => seen.line === line + lineOffset)) lines.push({ line: line + lineOffset, kind: finding.kind });
  }
  return lines;
}

export function describeSecretLines(lines: readonly SecretLine[]): string {
  return lines.map((entry) => `line ${entry.line} (${entry.kind})`).join(', ');
}
