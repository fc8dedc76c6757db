// The gate's per-line verdict cache (LineScanCache): a line seen before is not rescanned, and
// that must never let a secret through. Every check compares the cached scan with a scan that has
// no cache at all, on the keystroke-like sequences where a cache could go wrong: a secret next to
// cached lines, a PEM block whose lines were first seen apart, typing inside a secret, literals
// the maintained rule set finds later, and real code (python's standard library, read at run time).
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { OutboundGate } from '../../src/common/gate';
import { KnownSecrets } from '../../src/common/secrets/known';
import { findSecrets, LineScanCache, REDACTED, redactFindings } from '../../src/common/secrets/scan';
import { leakedSecrets, PLANTED_SECRETS } from '../support/fakeSecrets';

const planted = (name: string) => PLANTED_SECRETS.find((secret) => secret.name === name)!;
const PEM_LINES = planted('PEM body in a template literal').line.split('\n');

/** Scans `text` with the cache and without one; both must agree, and the cached result is returned redacted. */
function scanBoth(cache: LineScanCache, text: string, known: readonly string[] = []): string {
  const cached = findSecrets(text, known, cache);
  assert.deepStrictEqual(cached, findSecrets(text, known), `cached and uncached scans differ on:\n${text}`);
  return redactFindings(text, cached);
}

describe('secret scan: per-line verdict cache', () => {
  it('finds a secret planted next to lines it has cached as clean', () => {
    const cache = new LineScanCache();
    const code = ['function load() {', '  const region = "eu-west-1";', '  return connect(region);', '}'];
    assert.strictEqual(scanBoth(cache, code.join('\n')), code.join('\n'));
    for (const secret of PLANTED_SECRETS) {
      const withSecret = [code[0], code[1], `  ${secret.line}`, code[2], code[3]].join('\n');
      assert.deepStrictEqual(leakedSecrets(scanBoth(cache, withSecret)), [], secret.name);
    }
  });

  it('redacts a PEM key whose lines were each seen (and cached) on their own first', () => {
    const cache = new LineScanCache();
    // One body line at a time is no key body: cached as "base64 line", nothing found.
    for (const line of PEM_LINES.slice(1, 4)) assert.strictEqual(scanBoth(cache, `x = 1;\n${line}\ny = 2;`), `x = 1;\n${line}\ny = 2;`);
    const whole = PEM_LINES.join('\n');
    assert.deepStrictEqual(leakedSecrets(scanBoth(cache, whole)), []);
    // The body alone, its BEGIN line outside the window, and a block cut off by the window's end.
    assert.deepStrictEqual(leakedSecrets(scanBoth(cache, PEM_LINES.slice(1).join('\n'))), []);
    assert.deepStrictEqual(leakedSecrets(scanBoth(cache, PEM_LINES.slice(0, 3).join('\n'))), []);
  });

  it('redacts a bearer token on the line after "Bearer", that line cached first', () => {
    const cache = new LineScanCache();
    const token = planted('hex Bearer token').secret;
    assert.strictEqual(scanBoth(cache, 'const header = "Bearer"'), 'const header = "Bearer"');
    assert.strictEqual(scanBoth(cache, `const header = "Bearer\n  ${token}"`), `const header = "Bearer\n  ${REDACTED}"`);
  });

  it('typing a secret character by character: every prefix agrees with a fresh scan, the whole one is redacted', () => {
    const cache = new LineScanCache();
    for (const name of ['OpenAI key', 'unquoted Stripe secret key', 'database URL password', 'generic unquoted password']) {
      const { line, secret } = planted(name);
      for (let typed = 1; typed <= line.length; typed++) scanBoth(cache, `// config\n${line.slice(0, typed)}\n// end`);
      assert.deepStrictEqual(leakedSecrets(scanBoth(cache, `// config\n${line}\n// end`)), [], name);
      // An edit inside the secret (one character changed) is a new line: scanned again, still redacted.
      const edited = line.replace(secret, `${secret.slice(0, 4)}Z${secret.slice(5)}`);
      assert.ok(!scanBoth(cache, `// config\n${edited}\n// end`).includes(`${secret.slice(0, 4)}Z${secret.slice(5)}`), name);
    }
  });

  it('a literal the maintained rule set finds later is redacted in lines cached before it was known', () => {
    const gate = (known: KnownSecrets) => new OutboundGate({ isExcluded: () => false, known });
    const known = new KnownSecrets();
    const outbound = gate(known);
    const text = 'const client = create("opaque-value-7Hq2");\nclient.start();';
    assert.strictEqual(outbound.redact(text), text);
    known.set('file:///src/client.ts', 2, ['opaque-value-7Hq2']);
    assert.strictEqual(outbound.redact(text), `const client = create("${REDACTED}");\nclient.start();`);
    // A literal over two lines (secretlint reports a whole PEM block) is found across the break.
    known.set('file:///src/key.ts', 1, ['first-half\nsecond-half']);
    assert.strictEqual(outbound.redact('a = `first-half\nsecond-half`;'), `a = \`${REDACTED}\`;`);
  });

  it('stays within its bounds: two generations of at most maxLines lines', () => {
    const cache = new LineScanCache(1_000_000, 50);
    for (let line = 0; line < 1000; line++) cache.verdict(`const value${line} = ${line};`, []);
    assert.ok(cache.size <= 100, `holds ${cache.size} lines`);
    const byChars = new LineScanCache(2000, 10_000);
    for (let line = 0; line < 1000; line++) byChars.verdict(`const value${line} = ${line};`, []);
    assert.ok(byChars.size <= 2 * Math.ceil(2000 / 'const value0 = 0;'.length), `holds ${byChars.size} lines`);
  });

  it('agrees with a fresh scan on python\'s standard library typed through line by line, secrets planted', function () {
    this.timeout(30_000);
    const stdlib = execFileSync('python3', ['-c', 'import sysconfig;print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
    const cache = new LineScanCache();
    for (const file of ['http/client.py', 'smtplib.py', 'urllib/request.py', 'netrc.py']) {
      const lines = fs.readFileSync(path.join(stdlib, file), 'utf8').split('\n');
      // Plant every secret somewhere in the file, then slide an inline-sized window over it.
      PLANTED_SECRETS.forEach((secret, index) => lines.splice(Math.floor(((index + 1) * lines.length) / (PLANTED_SECRETS.length + 1)), 0, secret.line));
      for (let top = 0; top + 60 <= lines.length; top += 7) {
        const window = lines.slice(top, top + 60).join('\n');
        const redacted = scanBoth(cache, window);
        for (const secret of PLANTED_SECRETS) {
          if (window.includes(secret.line)) assert.ok(!redacted.includes(secret.secret), `${file}: ${secret.name} at line ${top}`);
        }
      }
    }
  });
});
