// The typing bench's model (test/support/typingOracle.ts) must find the cursor in whatever
// fill-in-the-middle request each server profile gets, or `npm run bench -- inline --profile <server>` measures the
// oracle instead of the engine. The hard case is llama.cpp: /infill has no room for input_extra in a
// 2,048-token slot, so the engine folds other files into input_prefix as comments, and near the top
// of a file the prefix's last characters are mostly those comments.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ContextChunk } from '../../src/common/inline/context';
import { generationRequests, startMockServer } from '../support/mockServer';
import { engineFor, rigFor, stdlibTextwrap } from '../support/profileRig';
import { PROFILE_MODELS, PROFILE_NAMES, serverProfile, type ProfileName } from '../support/profiles';
import { createTypingOracle } from '../support/typingOracle';
import { ctxAt } from '../unit/inline/helpers';

/** Every profile: a raw template, /infill, or (OpenRouter, OpenAI) a chat model asked to fill the middle. */
const FIM_PROFILES: ProfileName[] = [...PROFILE_NAMES];

/** shlex.split from python3's own standard library: another file's code as inline context. */
function shlexChunk(): ContextChunk {
  const stdlib = execFileSync('python3', ['-c', 'import sysconfig;print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
  const source = fs.readFileSync(path.join(stdlib, 'shlex.py'), 'utf8');
  const start = source.indexOf('def split(');
  return { kind: 'definition', path: 'lib/shlex.py', startLine: 1, text: source.slice(start, source.indexOf('\ndef ', start + 1)), score: 1 };
}

describe('typing oracle: the bench model finds the cursor in every profile\'s FIM request', function () {
  this.timeout(20_000);
  for (const name of FIM_PROFILES) {
    it(`${name}: near the top of textwrap.py, with another file as context, it answers the true text`, async () => {
      const truth = stdlibTextwrap();
      // The cursor after `import ` (about 190 characters into the file); `re` is what is missing.
      const cursor = truth.indexOf('import re\n') + 'import '.length;
      const document = truth.slice(0, cursor) + truth.slice(cursor + 're'.length);
      const oracle = createTypingOracle({ truths: [truth], pRight: 1, seed: 1, ttftMs: 0, tokensPerSecond: 0 });
      const server = await startMockServer({ profile: serverProfile(name) });
      const rig = rigFor(server, PROFILE_MODELS[name]);
      // A loaded test machine must not turn this into a timeout: the oracle's answer is what is judged.
      rig.config.timeouts.inlineMs = 20_000;
      try {
        server.setResponder((request) => oracle.respond(request));
        await rig.servers.ensure(rig.endpoint, [PROFILE_MODELS[name]]);
        const engine = engineFor(rig);
        const suggestion = await engine.provide({
          // The window the editor would cut around the cursor.
          ctx: ctxAt(document, cursor, 'python', 'file:///textwrap.py', engine.windowBudget()),
          signal: new AbortController().signal,
          manual: true,
          context: () => [shlexChunk()],
        });
        assert.equal(generationRequests(server).length, 1);
        assert.deepEqual(oracle.answered, { right: 1, wrong: 0, unknown: 0 });
        assert.equal(suggestion?.text, 're');
      } finally {
        await rig.client.dispose();
        await server.close();
      }
    });
  }
});
