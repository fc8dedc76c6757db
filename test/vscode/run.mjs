// `npm run test:vscode` — see runner/main.ts. The runner is TypeScript (type-checked with the
// tests); tsx's loader compiles it on the fly.
import 'tsx';
await import('./runner/main.ts');
