// `npm run test:electron` — see runner/electron.ts (TypeScript, compiled on the fly by tsx).
import 'tsx';
await import('./runner/electron.ts');
