// The syntax service for the extension host: web-tree-sitter is its own bundle (dist/syntax.js),
// loaded on the first syntax question instead of at activation; until it is loaded, parse() answers
// undefined (callers use their fallback) and loading starts.
import { grammarFor } from '../common/syntax/languages';
import type { SyntaxService } from '../common/syntax/types';
import { lazy } from './lazy';
import { requireSeparateBundle } from './separateBundle';

export function createLazySyntax(): SyntaxService {
  const service = lazy(async () => requireSeparateBundle<typeof import('../node/syntax/treeSitter')>('syntax', '../node/syntax/treeSitter').createTreeSitterSyntax());
  return {
    hasGrammar: (languageId) => grammarFor(languageId) !== undefined,
    load: async (languageId) => grammarFor(languageId) !== undefined && (await service.get()).load(languageId),
    parse(text, languageId, key) {
      if (service.current) return service.current.parse(text, languageId, key);
      if (grammarFor(languageId)) void service.get().then((loaded) => loaded.load(languageId), () => undefined);
      return undefined;
    },
  };
}
