// Realistic FAKE credentials, assembled at run time from pieces so no scanner flags this repository.
// Each is planted in the shape it has in real files (unquoted in .env, inside a template literal,
// in an .npmrc line…): those shapes are what decides whether a rule sees them.

const join = (...parts: string[]): string => parts.join('');

export interface PlantedSecret {
  name: string;
  /** The value that must never leave the machine. */
  secret: string;
  /** A line (or lines) of code or config holding it. */
  line: string;
}

const awsSecret = join('wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCYzq8Rk3Lm2N');
const pemBody = [
  join('MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj', ''),
  join('MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu', ''),
  join('NMoSfm76oqFvAp8Gy0iz5sxjZmSnXyCdPEovGhLa0VzMaQ8s+CLOyS56YyCFGeJZ', ''),
];
const pem = [join('-----BEGIN ', 'PRIVATE KEY-----'), ...pemBody, join('-----END ', 'PRIVATE KEY-----')].join('\n');

export const PLANTED_SECRETS: readonly PlantedSecret[] = [
  { name: 'unquoted AWS secret key', secret: awsSecret, line: `aws_secret_access_key = ${awsSecret}` },
  { name: 'AWS access key id', secret: join('AKIA', 'ZQ3W7RTX5YB2NK4P'), line: `const accessKeyId = '${join('AKIA', 'ZQ3W7RTX5YB2NK4P')}';` },
  { name: 'PEM body in a template literal', secret: pemBody[1], line: `const signingKey = \`${pem}\`;` },
  { name: 'npm token in .npmrc', secret: join('npm_', 'a8Kx2Lq9Zt4Wm7Rb3Nc6Vd1Hf5Jg0Ps8Ye2U'), line: `//registry.npmjs.org/:_authToken=${join('npm_', 'a8Kx2Lq9Zt4Wm7Rb3Nc6Vd1Hf5Jg0Ps8Ye2U')}` },
  { name: 'unquoted Stripe secret key', secret: join('sk_', 'live_', '51Hx8QmLk2Zp7Rt4Wn9Cv3Bd6Fg1Jk'), line: `STRIPE_SECRET_KEY=${join('sk_', 'live_', '51Hx8QmLk2Zp7Rt4Wn9Cv3Bd6Fg1Jk')}` },
  { name: 'database URL password', secret: join('Pg', 'Pass', '9x!Q2w'), line: `DATABASE_URL=postgres://app_user:${join('Pg', 'Pass', '9x!Q2w')}@db.internal:5432/orders` },
  { name: 'GitLab token', secret: join('glpat-', 'x7Yq2Lm9Kp4Rt8Wz3Nb6'), line: `const gitlab = new Gitlab({ token: process.env.T ?? '${join('glpat-', 'x7Yq2Lm9Kp4Rt8Wz3Nb6')}' });` },
  { name: 'Hugging Face token', secret: join('hf_', 'kQ8xL2mZ9pR4tW7yB3nC6vD1fG5jH0sE'), line: `HF_TOKEN=${join('hf_', 'kQ8xL2mZ9pR4tW7yB3nC6vD1fG5jH0sE')}` },
  { name: 'hex Bearer token', secret: join('9f8e7d6c5b4a', '39281706f5e4d3c2b1a0'), line: `headers: { Authorization: 'Bearer ${join('9f8e7d6c5b4a', '39281706f5e4d3c2b1a0')}' },` },
  { name: 'OpenAI key', secret: join('sk-', 'proj-', 'Q2w3E4r5T6y7U8i9O0pAsDfGhJkL'), line: `openai.apiKey = "${join('sk-', 'proj-', 'Q2w3E4r5T6y7U8i9O0pAsDfGhJkL')}"` },
  { name: 'Anthropic key', secret: join('sk-', 'ant-', 'api03-Zx9Cv8Bn7Mq6Wl5Ek4Rj3Th2'), line: `ANTHROPIC_API_KEY=${join('sk-', 'ant-', 'api03-Zx9Cv8Bn7Mq6Wl5Ek4Rj3Th2')}` },
  { name: 'GitHub token', secret: join('ghp_', 'R7tY2uI9oP4aS8dF3gH6jK1lZ5xC0vB7nM2q'), line: `git clone https://x:${join('ghp_', 'R7tY2uI9oP4aS8dF3gH6jK1lZ5xC0vB7nM2q')}@github.com/acme/app` },
  { name: 'Slack token', secret: join('xoxb-', '2048-4096-', 'Qz8Wx7Ec6Rv5Tb4Yn3'), line: `slack_bot: ${join('xoxb-', '2048-4096-', 'Qz8Wx7Ec6Rv5Tb4Yn3')}` },
  { name: 'Google API key', secret: join('AIza', 'Sy', 'B3x9Q2w7E4r1T6y8U5i0OpAsDfGhJkLzQ'), line: `const mapsKey = '${join('AIza', 'Sy', 'B3x9Q2w7E4r1T6y8U5i0OpAsDfGhJkLzQ')}';` },
  {
    name: 'JWT',
    secret: join('eyJhbGciOiJIUzI1NiJ9', '.', 'eyJzdWIiOiJhZG1pbiJ9', '.', 'Qm9ndXNTaWduYXR1cmVGb3JUZXN0cw'),
    line: `session = ${join('eyJhbGciOiJIUzI1NiJ9', '.', 'eyJzdWIiOiJhZG1pbiJ9', '.', 'Qm9ndXNTaWduYXR1cmVGb3JUZXN0cw')}`,
  },
  { name: 'generic unquoted password', secret: join('Tr0ub4dor', '-and-3'), line: `DB_PASSWORD=${join('Tr0ub4dor', '-and-3')}` },
  { name: 'generic unquoted api_key', secret: join('a1b2c3', 'd4e5f6g7'), line: `api_key = ${join('a1b2c3', 'd4e5f6g7')}` },
  { name: 'quoted password', secret: join('hunter', '2!x'), line: `password = "${join('hunter', '2!x')}"` },
];

/** A file holding every planted secret, one per line, between ordinary code. */
export function fileWithSecrets(): string {
  return ['// settings loader', 'export function load() {', ...PLANTED_SECRETS.map((planted) => planted.line), '  return true;', '}', ''].join('\n');
}

/** The planted secrets found in `text` (what must stay empty for anything sent). */
export function leakedSecrets(text: string): string[] {
  return PLANTED_SECRETS.filter((planted) => text.includes(planted.secret)).map((planted) => planted.name);
}
