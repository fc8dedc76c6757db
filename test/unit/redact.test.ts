import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REDACTED, redactSecrets } from '../../src/common/redact';

// Fake credentials assembled at run time so this file does not itself look like a leak to scanners.
const fake = (...parts: string[]): string => parts.join('');
const jwt = fake('eyJhbGciOiJIUzI1NiJ9', '.', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', '.', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U');
const pem = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun', 'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK', '-----END RSA PRIVATE KEY-----'].join('\n');

const secrets: Record<string, string> = {
  'OpenAI key': fake('sk-', 'abcdefghijklmnopqrstuvwxyz0123456789ABCD'),
  'OpenAI project key': fake('sk-proj-', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z_-Ab3dEf6hIj9k'),
  'GitHub token': fake('ghp_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'),
  'GitHub fine-grained token': fake('github_pat_', '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ'),
  'AWS access key id': fake('AKIA', 'IOSFODNN7EXAMPLE'),
  'Slack token': fake('xoxb-', '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'),
  'Google API key': fake('AIza', 'SyA-1234567890abcdefghijklmnopqrstu'),
  'JWT': jwt,
  'private key block': pem,
  'EC private key block': pem.replace(/RSA/g, 'EC'),
  'PKCS#8 private key block': pem.replace(/RSA /g, ''),
  'OPENSSH private key block': pem.replace(/RSA/g, 'OPENSSH'),
};

describe('redactSecrets: finds secrets', () => {
  for (const [name, secret] of Object.entries(secrets)) {
    it(`redacts a bare ${name}`, () => {
      const text = `before ${secret} after`;
      const redacted = redactSecrets(text);
      assert.strictEqual(redacted, `before ${REDACTED} after`);
    });
    it(`redacts a ${name} inside code`, () => {
      const redacted = redactSecrets(`const client = new Client({ token: "${secret}" });\n`);
      assert.ok(!redacted.includes(secret), redacted);
      assert.ok(redacted.includes(REDACTED));
      assert.ok(redacted.startsWith('const client = new Client({ token: "'));
    });
  }

  const assignments: [string, string][] = [
    ['password = "hunter2!"', 'password = "[REDACTED]"'],
    ["DB_PASSWORD='s3cr3t-value'", "DB_PASSWORD='[REDACTED]'"],
    ['"clientSecret": "q8Zx-77yy"', '"clientSecret": "[REDACTED]"'],
    ['api_key: "0123456789abcdef"', 'api_key: "[REDACTED]"'],
    ['export AUTH_TOKEN="abcd1234efgh"', 'export AUTH_TOKEN="[REDACTED]"'],
    ['apiKey="xyzw9876"', 'apiKey="[REDACTED]"'],
  ];
  for (const [input, expected] of assignments) {
    it(`redacts the value of ${input}`, () => assert.strictEqual(redactSecrets(input), expected));
  }
});

describe('redactSecrets: leaves ordinary code alone', () => {
  const ordinary = [
    'const password = getPassword();',
    'if (password.length < 8) throw new Error("too short");',
    "const passwordLabel = 'Your password';",
    "const passwordField = 'password';",
    'placeholder: "Enter your API key"',
    'const apiKey = process.env.OPENAI_API_KEY;',
    'password: "${DB_PASSWORD}"',
    'const task = "sk-learn is a library"; // scikit',
    'def risk_score(x): return x * 2',
    'const token = tokens[i]; const skip = true;',
    'ghp_short = 1',
    'const AKIA = "prefix only";',
    'import { createHash } from "crypto"; const sha = createHash("sha256").update(data).digest("hex");',
    'eyJ is how base64 JSON starts',
    '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----',
    '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
    'const uuid = "550e8400-e29b-41d4-a716-446655440000";',
    'const hash = "d41d8cd98f00b204e9800998ecf8427e";',
    'export function skipWhitespace(text: string): number { return 0; }',
  ];
  for (const code of ordinary) {
    it(`keeps: ${code.split('\n')[0]}`, () => assert.strictEqual(redactSecrets(code), code));
  }

  it('keeps a realistic source file byte for byte', () => {
    const source = [
      "import * as fs from 'fs';",
      '',
      'export async function readSecretsFile(path: string, passwordPrompt: () => Promise<string>) {',
      '  const password = await passwordPrompt();',
      "  const text = await fs.promises.readFile(path, 'utf8');",
      '  return decrypt(text, password);',
      '}',
    ].join('\n');
    assert.strictEqual(redactSecrets(source), source);
  });

  it('leaves 1 MB of real code (the TypeScript compiler) unchanged', () => {
    const file = path.join(__dirname, '../../node_modules/typescript/lib/typescript.js');
    const code = fs.readFileSync(file, 'utf8').slice(0, 1_000_000);
    assert.ok(redactSecrets(code) === code);
  });
});
