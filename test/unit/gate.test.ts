import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_CONFIG } from '../../src/common/config';
import { createExclusionMatcher } from '../../src/common/exclusions';
import { assertSealed, builtInPromptPassage, GateRefusal, isGateRefusal, looksBinary, OutboundGate } from '../../src/common/gate';
import { KnownSecrets } from '../../src/common/secrets/known';
import { findSecrets, REDACTED, redactText } from '../../src/common/secrets/scan';
import { fileWithSecrets, leakedSecrets, PLANTED_SECRETS } from '../support/fakeSecrets';

function gate(known?: KnownSecrets): OutboundGate {
  return new OutboundGate({ isExcluded: createExclusionMatcher(DEFAULT_CONFIG.exclude), known });
}

function refusal(run: () => unknown): GateRefusal {
  try {
    run();
  } catch (error) {
    if (isGateRefusal(error)) return error;
    throw error;
  }
  assert.fail('expected the gate to refuse');
}

describe('secret rules: every planted shape', () => {
  for (const planted of PLANTED_SECRETS) {
    it(`redacts the ${planted.name} and keeps the code around it`, () => {
      const redacted = redactText(`function f() {\n  ${planted.line}\n}\n`);
      assert.deepStrictEqual(leakedSecrets(redacted), []);
      assert.ok(redacted.includes(REDACTED));
      assert.ok(redacted.startsWith('function f() {\n') && redacted.endsWith('\n}\n'), redacted);
    });
  }

  it('redacts the body of a private key whose BEGIN line is outside the window', () => {
    const body = PLANTED_SECRETS.find((p) => p.name === 'PEM body in a template literal')!.line.split('\n').slice(1, 4).join('\n');
    const redacted = redactText(`${body}\n-----END PRIVATE KEY-----\`;\nexport default key;\n`);
    assert.ok(!redacted.includes(body.split('\n')[1]), redacted);
    assert.ok(redacted.endsWith('export default key;\n'));
  });

  it('redacts a PEM block cut off by the end of the window', () => {
    const line = PLANTED_SECRETS.find((p) => p.name === 'PEM body in a template literal')!.line;
    const cut = line.slice(0, line.indexOf('\n', line.indexOf('\n') + 1));
    assert.deepStrictEqual(leakedSecrets(redactText(cut)), []);
  });

  it('leaves certificate bodies (public material) alone', () => {
    const body = PLANTED_SECRETS.find((p) => p.name === 'PEM body in a template literal')!.line.split('\n').slice(1, 4).join('\n');
    const certificate = `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`;
    assert.strictEqual(redactText(certificate), certificate);
  });

  it('keeps ordinary assignments that only look like credentials', () => {
    const ordinary = ['token = nextToken', 'secret: string;', 'password = form.password2', 'API_KEY=${API_KEY}', 'const tokenCount = 12;', 'auth: true'];
    for (const code of ordinary) assert.strictEqual(redactText(code), code);
  });

  it('leaves real code read from node_modules unchanged (the TypeScript compiler and typescript-eslint)', () => {
    for (const file of ['typescript/lib/typescript.js', '@typescript-eslint/parser/dist/parser.js']) {
      const code = fs.readFileSync(path.join(__dirname, '../../node_modules', file), 'utf8').slice(0, 1_000_000);
      const findings = findSecrets(code);
      assert.deepStrictEqual(findings.map((f) => `${f.kind}: ${code.slice(f.start, f.end)}`), [], file);
    }
  });

  it('redacts literals the maintained rule set found, wherever they appear', () => {
    const known = new KnownSecrets();
    known.set('file:///a.ts', 3, ['opaque-value-0123']);
    assert.strictEqual(gate(known).redact('x = opaque-value-0123 + opaque-value-0123'), `x = ${REDACTED} + ${REDACTED}`);
  });
});

describe('outbound gate: admission', () => {
  it('refuses an excluded subject with a message naming the setting', () => {
    for (const file of ['.env', 'deploy/.npmrc', '/home/me/.ssh/id_ed25519', 'infra/terraform.tfstate', '.aws/credentials', '.docker/config.json', 'certs/client.p12']) {
      const refused = refusal(() => gate().admit({ job: 'refactor', subject: { path: file, text: 'x = 1' } }));
      assert.strictEqual(refused.reason, 'excluded', file);
      assert.match(refused.message, /gearshift\.exclude/);
    }
  });

  it('drops excluded and binary context entries and keeps the rest in order', () => {
    const context = [
      { path: 'src/a.ts', text: 'a' },
      { path: '.env.local', text: 'KEY=1' },
      { path: 'img/logo.png', text: 'PNG\u0000\u0001' },
      { text: 'terminal output' },
      { path: 'src/b.ts', text: 'b' },
    ];
    const admitted = gate().admit({ job: 'chat', context });
    assert.deepStrictEqual(admitted.context.map((entry) => entry.text), ['a', 'terminal output', 'b']);
    assert.deepStrictEqual(admitted.dropped, ['.env.local', 'img/logo.png']);
  });

  it('refuses a binary or undecodable subject', () => {
    assert.strictEqual(refusal(() => gate().admit({ job: 'docs', subject: { path: 'a.bin', text: 'ab\u0000cd' } })).reason, 'binary');
    assert.ok(looksBinary('\uFFFD'.repeat(20) + 'x'.repeat(100)));
    assert.ok(!looksBinary('const copyright = "\uFFFD";'), 'one stray replacement character is text');
  });

  it('refuses a rewrite of code holding secrets and lists the lines, in file numbering', () => {
    const refused = refusal(() => gate().admit({ job: 'docs', subject: { path: 'src/config.ts', text: fileWithSecrets() }, lineOffset: 10 }));
    assert.strictEqual(refused.reason, 'secrets');
    assert.strictEqual(refused.lines[0].line, 13, 'the first planted line is line 3 of the text, 13 of the file');
    assert.ok(refused.lines.length >= PLANTED_SECRETS.length - 1, refused.message);
    assert.match(refused.message, /line 13 \(AWS secret access key\)/);
  });

  it('sends a rewrite unchanged once the user agreed, and redacts nothing in it', () => {
    const text = fileWithSecrets();
    const { passage } = gate().admit({ job: 'refactor', subject: { path: 'src/config.ts', text }, sendSecrets: true });
    assert.strictEqual(passage.seal({ messages: [{ role: 'user', content: text }] }).messages![0].content, text);
  });

  it('redacts secrets in chat and inline instead of refusing', () => {
    const text = fileWithSecrets();
    const { passage } = gate().admit({ job: 'chat', subject: { path: 'src/config.ts', text } });
    const sealed = passage.seal({ messages: [{ role: 'user', content: [{ type: 'text', text }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] }] });
    const parts = sealed.messages![0].content as { type: string; text?: string }[];
    assert.deepStrictEqual(leakedSecrets(parts[0].text!), []);
    assert.strictEqual(parts.length, 2);
  });
});

describe('outbound gate: sealing', () => {
  const secret = PLANTED_SECRETS[0];

  it('redacts every text field a request can carry', () => {
    const { passage } = gate().admit({ job: 'inline' });
    const sealed = passage.seal({
      prompt: secret.line,
      suffix: secret.line,
      prediction: secret.line,
      inputPrefix: secret.line,
      inputSuffix: secret.line,
      inputExtra: [{ filename: 'src/a.ts', text: secret.line }],
      messages: [{ role: 'system', content: secret.line }],
    });
    assert.deepStrictEqual(leakedSecrets(JSON.stringify(sealed)), []);
  });

  it('refuses infill context from an excluded file', () => {
    const { passage } = gate().admit({ job: 'inline' });
    assert.strictEqual(refusal(() => passage.seal({ inputPrefix: '', inputSuffix: '', inputExtra: [{ filename: '.env', text: 'A=1' }] })).reason, 'excluded');
  });

  it('stamps sealed requests; copies, spreads and hand-made requests are rejected', () => {
    const { passage } = gate().admit({ job: 'chat' });
    const sealed = passage.seal({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    assert.doesNotThrow(() => assertSealed(sealed));
    assert.throws(() => assertSealed({ ...sealed, messages: [{ role: 'user', content: secret.line }] }), /outbound gate/);
    assert.throws(() => assertSealed({ model: 'm', messages: [] }), /outbound gate/);
    assert.ok(Object.isFrozen(sealed) && Object.isFrozen(sealed.messages) && Object.isFrozen(sealed.messages![0]), 'a sealed request cannot be changed after redaction');
  });

  it('seals the built-in probe prompts too', () => {
    assert.doesNotThrow(() => assertSealed(builtInPromptPassage('probe').seal({ prompt: 'def add(a, b):' })));
  });
});
