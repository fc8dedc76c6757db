// Loads a built extension bundle and runs activate() with a stand-in `vscode` module, then prints
// {"activate_ms": n, "load_ms": n} on stdout. It measures OUR code only (module evaluation and the
// composition root); VS Code's own extension-host work is not included. Plain JavaScript on
// purpose: no transpiler hook may sit in the measured process.
'use strict';
const Module = require('module');
const os = require('os');
const path = require('path');
const fs = require('fs');

/** Any property, call or construction yields another stand-in; not thenable, iterates as empty; assignments stick. */
function standIn() {
  const cache = new Map();
  const target = function () {};
  return new Proxy(target, {
    set(_target, property, value) {
      cache.set(property, value);
      return true;
    },
    get(_target, property) {
      if (cache.has(property)) return cache.get(property);
      if (property === 'then') return undefined;
      if (property === Symbol.iterator) return function* () {};
      if (property === Symbol.toPrimitive) return () => '';
      if (property === 'get') return (_key, fallback) => fallback; // WorkspaceConfiguration.get
      if (!cache.has(property)) cache.set(property, standIn());
      return cache.get(property);
    },
    apply: () => standIn(),
    construct: () => standIn(),
  });
}

/**
 * The module object: every top-level name of the real API (read from @types/vscode) as a stand-in,
 * so bundles that copy the module's own properties (esbuild's ESM interop) see them.
 */
function vscodeStandIn() {
  const declarations = fs.readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  const api = {};
  for (const [, name] of declarations.matchAll(/^\texport (?:namespace|class|enum|const|function|let) (\w+)/gm)) api[name] = standIn();
  return api;
}

const vscode = vscodeStandIn();
const originalResolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : originalResolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };

const bundle = path.resolve(process.argv[2]);
const extensionRoot = path.dirname(path.dirname(bundle));
const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'gearshift-activate-'));
const memento = { get: (_key, fallback) => fallback, update: async () => undefined, keys: () => [], setKeysForSync: () => undefined };
const context = {
  subscriptions: [],
  extensionPath: extensionRoot,
  extensionUri: vscode.Uri.file(extensionRoot),
  globalStorageUri: { fsPath: storage, scheme: 'file', path: storage },
  storageUri: undefined,
  logUri: { fsPath: storage },
  extensionMode: 1,
  asAbsolutePath: (relative) => path.join(extensionRoot, relative),
  globalState: memento,
  workspaceState: memento,
  secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: vscode.EventEmitter },
  environmentVariableCollection: vscode.EnvironmentVariableCollection,
  extension: { id: 'gearshift.gearshift', packageJSON: {} },
};

(async () => {
  const started = performance.now();
  const extension = require(bundle);
  const loaded = performance.now();
  await extension.activate(context);
  const activated = performance.now();
  process.stdout.write(`${JSON.stringify({ activate_ms: activated - started, load_ms: loaded - started })}\n`);
  fs.rmSync(storage, { recursive: true, force: true });
  process.exit(0);
})().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
  process.exit(1);
});
