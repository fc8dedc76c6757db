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
/** A base64 block after one of these lines is public material, not a key. */
const PUBLIC_BLOCK = /-----BEGIN (?!(?:[A-Z0-9]+ )*PRIVATE KEY)[A-Z0-9 ]+-----[^-]*$/;

/** `form.password2`, `this.config.apiKey1`: a member access, not a value. */
const MEMBER_ACCESS = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;

function accept(rule: SecretRule, text: string, match: RegExpExecArray, value: string): boolean {
  if (isPlaceholder(value)) return false;
  if (rule.byName && MEMBER_ACCESS.test(value)) return false;
  if (rule.name === 'private key body') return !PUBLIC_BLOCK.test(text.slice(Math.max(0, match.index - 8192), match.index));
  if (rule.group > 0) return !DESCRIPTIVE_NAME.test(text.slice(match.index, match.index + match[0].lastIndexOf(value)));
  return true;
}

/**
 * Every secret the fast rules see, plus each occurrence of a known literal. Overlapping findings
 * are merged, so redaction never splits a secret.
 */
export function findSecrets(text: string, known: Iterable<string> = []): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const rule of SECRET_RULES) {
    if (rule.hint && !rule.hint.test(text)) continue;
    rule.pattern.lastIndex = 0;
    for (let match = rule.pattern.exec(text); match; match = rule.pattern.exec(text)) {
      if (match[0].length === 0) {
        rule.pattern.lastIndex++;
        continue;
      }
      const value = match[rule.group];
      if (!value || !accept(rule, text, match, value)) continue;
      const start = match.index + (rule.group === 0 ? 0 : match[0].lastIndexOf(value));
      found.push({ start, end: start + value.length, kind: rule.name });
    }
  }
  for (const literal of known) {
    for (let at = text.indexOf(literal); at >= 0; at = text.indexOf(literal, at + literal.length)) {
      found.push({ start: at, end: at + literal.length, kind: 'secret (secretlint)' });
    }
  }
  return merge(found);
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
