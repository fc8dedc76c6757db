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

/**
 * Every secret the fast rules see, plus each occurrence of a known literal. Overlapping findings
 * are merged, so redaction never splits a secret.
 */
export function findSecrets(text: string, known: Iterable<string> = []): SecretFinding[] {
  const found: SecretFinding[] = [];
  const lines = new Map<string, [number, number][]>();
  for (const rule of SECRET_RULES) {
    if (rule.perLine) {
      const key = `${rule.caseless ? 'i' : ''}${rule.hints.join('|')}`;
      let hinted = lines.get(key);
      if (!hinted) lines.set(key, (hinted = hintedLines(text, hintPattern(rule))));
      for (const [start, end] of hinted) matchRule(rule, text.slice(start, end), start, found);
    } else if (rule.caseless ? hintPattern(rule).test(text) : rule.hints.some((hint) => text.includes(hint))) {
      matchRule(rule, text, 0, found);
    }
  }
  for (const [start, end] of keyBodies(text)) found.push({ start, end, kind: 'private key body' });
  for (const literal of known) {
    for (let at = text.indexOf(literal); at >= 0; at = text.indexOf(literal, at + literal.length)) {
      found.push({ start: at, end: at + literal.length, kind: 'secret (secretlint)' });
    }
  }
  return merge(found);
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

/** [start, end) of each line where `hints` matches, in order, each line once. */
function hintedLines(text: string, hints: RegExp): [number, number][] {
  const lines: [number, number][] = [];
  for (let match = hints.exec(text); match; match = hints.exec(text)) {
    const start = text.lastIndexOf('\n', match.index) + 1;
    const newline = text.indexOf('\n', match.index);
    const end = newline < 0 ? text.length : newline;
    lines.push([start, end]);
    // The rest of this line is covered: go on from the next one.
    if (newline < 0) break;
    hints.lastIndex = newline + 1;
  }
  return lines;
}

const BASE64_LINE = /^[A-Za-z0-9+/]{64}$/;
const BASE64_TAIL = /^[A-Za-z0-9+/]{0,63}={0,2}$/;
/** A base64 block after one of these lines is public material, not a key. */
const PUBLIC_BLOCK = /-----BEGIN (?!(?:[A-Z0-9]+ )*PRIVATE KEY)[A-Z0-9 ]+-----[^-]*$/;

/**
 * Two or more full 64-character base64 lines (and a shorter last one): the body of a PEM key whose
 * BEGIN line is outside the window (a context snippet, a template literal split by the cursor).
 * A line-length check first, so ordinary code costs one pass over the line breaks.
 */
function keyBodies(text: string): [number, number][] {
  const bodies: [number, number][] = [];
  let runStart = -1;
  let runLines = 0;
  let runEnd = 0;
  const close = (tailStart: number, tailEnd: number) => {
    if (runLines >= 2 && !PUBLIC_BLOCK.test(text.slice(Math.max(0, runStart - 8192), runStart))) {
      const tail = text.slice(tailStart, tailEnd).trim();
      bodies.push([runStart, tail && BASE64_TAIL.test(tail) ? tailEnd : runEnd]);
    }
    runStart = -1;
    runLines = 0;
  };
  for (let start = 0; start <= text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    // Only lines of about the right length are looked at closely (indentation allowed).
    const candidate = end - start >= 64 && end - start <= 96;
    if (candidate && BASE64_LINE.test(text.slice(start, end).trim())) {
      if (runStart < 0) runStart = start;
      runLines++;
      runEnd = end;
    } else if (runStart >= 0) {
      close(start, end);
    }
    if (newline < 0) break;
    start = newline + 1;
  }
  if (runStart >= 0) close(text.length, text.length);
  return bodies;
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
