// Multi-line by syntax position and truncation by syntax, on snippets written here in the shapes of
// real code, with the real parser. Each case removes the text a perfect model would write (`‸…‸`
// marks it) and feeds the engine's post-processing the answer kinds a real model gives.
import * as assert from 'assert';
import { bracketsBalanced, finalizeCompletion } from '../../../src/common/inline/postprocess';
import { parseWindowStart } from '../../../src/common/inline/parseWindow';
import { completionShape, type CompletionShape } from '../../../src/common/inline/shape';
import type { SyntaxService } from '../../../src/common/syntax/types';
import { loadedSyntax } from '../syntax/helpers';
import { ctxAt, ctxFromMarked } from './helpers';

interface Case {
  kind: string;
  languageId: string;
  /** The document with the masked truth between two ‸ marks. */
  marked: string;
  multiline: boolean;
  /**
   * Asked single-line at the end of a line that may go on: an answer whose next line continues the
   * statement shows that rest of it (the whole masked truth, over several lines).
   */
  continues?: boolean;
}

const EXT: Record<string, string> = { python: 'py', typescript: 'ts', typescriptreact: 'tsx', javascript: 'js', go: 'go', rust: 'rs', java: 'java', csharp: 'cs', cpp: 'cpp' };

const CASES: Case[] = [
  {
    kind: 'empty block body (python)',
    languageId: 'python',
    marked: 'def total(rows):‸\n    result = 0\n    for row in rows:\n        result += row.price\n    return result‸\n\n\ndef main():\n    print(total([]))\n',
    multiline: true,
  },
  {
    kind: 'empty block body (typescript, closer already there)',
    languageId: 'typescript',
    marked: 'export function area(width: number, height: number): number {‸\n  const product = width * height;\n  return product;‸\n}\n\nexport const unit = 1;\n',
    multiline: true,
  },
  {
    kind: 'empty block body (go, no closer yet)',
    languageId: 'go',
    marked: 'package shop\n\nfunc Sum(values []int) int {‸\n\ttotal := 0\n\tfor _, v := range values {\n\t\ttotal += v\n\t}\n\treturn total\n}‸\n',
    multiline: true,
  },
  {
    kind: 'blank line at statement position: loop header with its body (python)',
    languageId: 'python',
    marked: 'def count(items):\n    seen = set()\n    ‸for item in items:\n        seen.add(item)‸\n    return len(seen)\n',
    multiline: true,
  },
  {
    kind: 'blank line at statement position: if/else keeps its else (python)',
    languageId: 'python',
    marked: 'def sign(x):\n    ‸if x < 0:\n        label = "neg"\n    elif x == 0:\n        label = "zero"\n    else:\n        label = "pos"‸\n    return label\n',
    multiline: true,
  },
  {
    kind: 'blank line at statement position: try/except/finally (python)',
    languageId: 'python',
    marked: 'def load(path):\n    ‸try:\n        data = read(path)\n    except OSError:\n        data = None\n    finally:\n        close(path)‸\n    return data\n',
    multiline: true,
  },
  {
    kind: 'blank line at statement position: try/catch (typescript)',
    languageId: 'typescript',
    marked: 'async function fetchAll(urls: string[]) {\n  const out: string[] = [];\n  ‸try {\n    out.push(await get(urls[0]));\n  } catch (error) {\n    log(error);\n  }‸\n  return out;\n}\n',
    multiline: true,
  },
  {
    kind: 'first line closes a bracket opened before the cursor (python)',
    languageId: 'python',
    marked: 'def widths(rows):\n    out = []\n    for idx in range(‸len(rows)):\n        out.append(len(rows[idx]))‸\n    return out\n',
    multiline: true,
  },
  {
    kind: 'unfinished statement: arguments continue (typescript)',
    languageId: 'typescript',
    marked: 'const server = createServer(‸\n  options,\n  (request, response) => handle(request, response),\n);‸\nserver.listen(8080);\n',
    multiline: true,
  },
  {
    kind: 'unfinished statement: a bracket left open before the cursor, the message goes on (python)',
    languageId: 'python',
    marked: 'def single(self):\n    if len(self.addresses) != 1:\n        raise ValueError(("value of header {} is not "‸\n                          "a single address").format(self.name))‸\n    return self.addresses[0]\n',
    multiline: true,
  },
  {
    kind: 'unfinished statement: object literal (javascript)',
    languageId: 'javascript',
    marked: 'const defaults = {‸\n  retries: 3,\n  timeout: 1000,\n};‸\nmodule.exports = defaults;\n',
    multiline: true,
  },
  {
    kind: 'unfinished statement: array literal (python)',
    languageId: 'python',
    marked: 'NAMES = [‸\n    "alpha",\n    "beta",\n]‸\nprint(NAMES)\n',
    multiline: true,
  },
  {
    kind: 'unfinished statement: chained call (typescript)',
    languageId: 'typescript',
    marked: 'const names = users\n  .filter((user) => user.active)‸\n  .map((user) => user.name)\n  .sort();‸\nconsole.log(names);\n',
    multiline: true,
  },
  {
    kind: 'unfinished statement: binary expression (typescript)',
    languageId: 'typescript',
    marked: 'function ok(a: number, b: number) {\n  return a > 0 &&‸\n    b > 0 &&\n    a + b < 100;‸\n}\n',
    multiline: true,
  },
  {
    kind: 'end of a line that looks complete: a chained call goes on below (javascript)',
    languageId: 'javascript',
    marked: 'function origins(pool) {\n  const live = pool.clients‸\n    .filter((client) => client.closed !== true)\n    .map((client) => client.origin)‸\n\n  return live\n}\n',
    multiline: false,
    continues: true,
  },
  {
    kind: 'end of a line that looks complete: an operator leads the next line (javascript)',
    languageId: 'javascript',
    marked: 'export function needsFix(patch) {\n  return Array.isArray(patch)‸\n    && patch.every((part) => part.lines.some((line) => line.endsWith("\\r")));‸\n}\n',
    multiline: false,
    continues: true,
  },
  {
    kind: 'unfinished statement: an escaped line break (python)',
    languageId: 'python',
    marked: 'class Worker:\n    def __init__(self, name=None):\n        self._name = name or type(self).__name__ + "-" + \\‸\n                     ":".join(str(i) for i in self._identity)‸\n        self._closed = False\n',
    multiline: true,
  },
  {
    kind: 'unfinished statement: an operator leads the next line inside parentheses (python)',
    languageId: 'python',
    marked: 'def header_block(self):\n    msg = (b"\\r\\n".join(self._buffer)‸\n           + b"\\r\\n")‸\n    return msg\n',
    multiline: true,
  },
  {
    kind: 'unfinished statement: JSX element and its attributes (tsx)',
    languageId: 'typescriptreact',
    marked: 'export function Save({ onSave }: Props) {\n  return (\n    <button‸\n      className="primary"\n      onClick={onSave}\n    >\n      Save\n    </button>‸\n  );\n}\n',
    multiline: true,
  },
  {
    kind: 'unfinished statement: JSX attributes go on after the first one (tsx)',
    languageId: 'typescriptreact',
    marked: 'export function Field({ value, onChange }: FieldProps) {\n  return (\n    <input\n      type="text"‸\n      value={value}\n      onChange={(event) => onChange(event.target.value)}\n    />‸\n  );\n}\n',
    multiline: true,
  },
  {
    kind: 'empty block body: a JSX element returned over several lines (tsx)',
    languageId: 'typescriptreact',
    marked: 'export function List({ items }: ListProps) {\n  ‸return (\n    <ul className="list">\n      {items.map((item) => (\n        <li key={item.id}>{item.label}</li>\n      ))}\n    </ul>\n  );‸\n}\n',
    multiline: true,
  },
  {
    kind: 'comment line describing code to write (javascript)',
    languageId: 'javascript',
    marked: 'function squares(values) {\n  // square every value‸\n  return values.map((v) => v * v);‸\n}\n',
    multiline: true,
  },
  {
    kind: 'empty block body: a comment after the statement on its line (javascript)',
    languageId: 'javascript',
    marked: "function shouldProxy(value) {\n  if (value === '*') {\n    ‸return false // never for a wildcard‸\n  }\n  return true\n}\n",
    multiline: true,
  },
  {
    kind: 'blank line at statement position: a body that starts with a comment (python)',
    languageId: 'python',
    marked: 'def handle(self):\n    # take the handle from its owner\n    ‸if self.pid == os.getpid():\n        # already ours\n        return self.handle‸\n    return steal(self.pid)\n',
    multiline: true,
  },
  {
    kind: 'empty callback body: the closers of the call come with it (javascript)',
    languageId: 'javascript',
    marked: "pool.on('disconnect', (...args) => {‸\n  const err = args[2]\n  if (err) {\n    penalize(pool)\n  }\n})‸\n\nfor (const client of clients) {\n  client.reset()\n}\n",
    multiline: true,
  },
  {
    kind: 'single-line mid-line: call argument (python)',
    languageId: 'python',
    marked: 'def parse(line):\n    parts = line.split(",")\n    total = sum(‸map(int, parts)‸)\n    return total\n',
    multiline: false,
  },
  {
    kind: 'single-line mid-line: assignment value (rust)',
    languageId: 'rust',
    marked: 'fn area(w: u32, h: u32) -> u32 {\n    let product = ‸w * h‸;\n    product\n}\n',
    multiline: false,
  },
];

type Answer = (truth: string, after: string, indent: string, linePrefix: string) => string | undefined;

/**
 * The answer kinds of the issue: exact, plus a repeat of what follows, plus an unrelated statement
 * (at the indentation of the code that follows: the block's), led by a newline, plus extra closers.
 */
const ANSWERS: Record<string, Answer> = {
  exact: (truth) => truth,
  'repeats the following lines': (truth, after) => `${truth}\n${after.split('\n').filter((l) => l.trim()).slice(0, 2).join('\n')}`,
  'adds an unrelated statement': (truth, after) => `${truth}\n${/^[ \t]*/.exec(after.split('\n').find((l, i) => i > 0 && l.trim()) ?? '')?.[0] ?? ''}unrelated_call(42)`,
  // A fresh line first, indented like the cursor's where the cursor sits in indentation.
  'starts with a newline': (truth, _after, _indent, linePrefix) => `\n${linePrefix.trim() === '' ? linePrefix : ''}${truth}`,
  // (After a trailing comment they would be comment text, not code: no such answer there.)
  'adds extra closing brackets': (truth) => (/\/\/[^\n]*$/.test(truth) ? undefined : `${truth})]`),
};

/**
 * What the request manager keeps of a streamed answer: it asks the shape after every chunk and,
 * once the shape says complete, stops the stream and keeps the whole lines received so far.
 */
function streamedUntilComplete(raw: string, shape: CompletionShape, chunk = 4): string {
  for (let received = chunk; received < raw.length; received += chunk) {
    const partial = raw.slice(0, received);
    if (shape.truncate(partial, false).complete) return partial.slice(0, partial.lastIndexOf('\n') + 1) || partial;
  }
  return raw;
}

describe('inline shape by syntax (real parser)', () => {
  let syntax: SyntaxService;
  before(async () => {
    syntax = await loadedSyntax();
  });

  it("drops a statement the model adds at the cursor's own indentation once the node is complete", () => {
    const endOfBody = ctxAt('function f(a) {\n  const b = a * 2;\n  \n}\n', 'function f(a) {\n  const b = a * 2;\n  '.length, 'javascript', 'file:///one.js');
    assert.strictEqual(finalizeCompletion("return b;\n  console.log('done');", endOfBody, completionShape(endOfBody, syntax)), 'return b;');
    // An empty body takes several statements, but not one that names nothing around it.
    const loop = ctxAt('function total(rows) {\n  let sum = 0;\n  for (const row of rows) {\n    \n  }\n  return sum;\n}\n', 'function total(rows) {\n  let sum = 0;\n  for (const row of rows) {\n    '.length, 'javascript', 'file:///three.js');
    const body = 'const price = row.price * row.count;\n    sum += price;';
    assert.strictEqual(finalizeCompletion(`${body}\n    console.log('done');`, loop, completionShape(loop, syntax)), body);
    // An empty body takes several statements, but nothing after its return.
    const empty = ctxAt('function g() {\n  \n}\n', 'function g() {\n  '.length, 'javascript', 'file:///two.js');
    assert.strictEqual(finalizeCompletion("const x = 1;\n  return x;\n  console.log('done');", empty, completionShape(empty, syntax)), 'const x = 1;\n  return x;');
  });

  it('fills an empty callback body with the closers the call needs when the model adds one too many', () => {
    const ctx = ctxFromMarked("class Balancer {\n  add (pool) {\n    pool.on('connectionError', () => {\n      pool[kWeight] = Math.max(1, pool[kWeight] - this[kPenalty])\n      this._update()\n    })\n\n    pool.on('disconnect', (...args) => {‸\n\n    for (const client of this[kClients]) {\n      client[kWeight] = this[kMax]\n    }\n\n    return this\n  }\n}\n", 'javascript', 'file:///watch.js');
    const body = "\n      const err = args[2]\n      if (err && err.code === 'SOCKET') {\n        // lower the pool's weight\n        pool[kWeight] = Math.max(1, pool[kWeight] - this[kPenalty])\n        this._update()\n      }\n    })";
    const shape = completionShape(ctx, syntax);
    assert.strictEqual(finalizeCompletion(`${body})`, ctx, shape), body);
    assert.strictEqual(finalizeCompletion(streamedUntilComplete(`${body})\n\n    for (const client of this[kClients]) {`, shape), ctx, shape), body);
  });

  it('at the end of a line that looks complete, an answer going on with a new statement shows nothing', () => {
    const ctx = ctxFromMarked('function origins(pool) {\n  const live = pool.clients‸\n\n  return live\n}\n', 'javascript', 'file:///origins.js');
    const shape = completionShape(ctx, syntax);
    assert.strictEqual(shape.lineMayContinue, true);
    // Only the next line's start tells: a lone line break is not the end yet.
    assert.deepStrictEqual(shape.truncate('\n', false), { text: '', complete: false });
    assert.deepStrictEqual(shape.truncate('\n  .', false), { text: '', complete: false });
    assert.deepStrictEqual(shape.truncate('\n  retu', false), { text: '', complete: true });
    // However the stream is chunked, the chain comes whole.
    const chain = '\n    .filter((client) => client.closed !== true)\n    .map((client) => client.origin)';
    for (let chunk = 1; chunk <= 6; chunk++) {
      const streamed = completionShape(ctx, syntax);
      assert.strictEqual(finalizeCompletion(streamedUntilComplete(`${chain}\n\n  return live`, streamed, chunk), ctx, streamed), chain, `chunks of ${chunk}`);
    }
    assert.strictEqual(finalizeCompletion('\n  console.log(live)', ctx, shape), undefined);
    // A leading `-` or `+` that starts a statement (`--count`) is no operator going on.
    assert.strictEqual(finalizeCompletion('\n  --pool.size', ctx, shape), undefined);
  });

  it('parses the window from its first outermost line: a window starting inside a docstring does not put the cursor in a string', () => {
    const getters = Array.from({ length: 6 }, (_, i) => `    def get_${i}(self):\n        return self._${i}`).join('\n');
    const before = `class Message:\n${getters}\n    def set_type(self, ctype):\n        """Set the content type.\n\n        ctype should be "text/plain" or "message/rfc822"; this\n        is not enforced.\n        """\n        self._type = ctype\n\n    def find_start(self, part):\n        candidate = None\n        start = part.get_param("start")\n        `;
    const after = '\n        if candidate is None:\n            candidate = part\n        return candidate\n\n    def get_payload(self):\n        """Return the payload."""\n        return self._payload\n';
    const body = 'if start:\n            for sub in part.iter_parts():\n                if sub["content-id"] == start:\n                    candidate = sub\n                    break';
    // The 16-line window grid starts this prefix inside set_type's docstring: parsed from there, its
    // closing quotes would open a string running to the next docstring, over the cursor.
    const ctx = ctxAt(before + after, before.length, 'python', 'file:///message.py', { prefixChars: 300, suffixChars: 600 });
    assert.match(ctx.prefix, /^ {8}ctype should be/);
    assert.strictEqual(ctx.prefix.slice(parseWindowStart(ctx.prefix)).split('\n')[0], '    def find_start(self, part):');
    const shape = completionShape(ctx, syntax);
    assert.strictEqual(shape.multiline, true);
    assert.strictEqual(finalizeCompletion(streamedUntilComplete(body, shape), ctx, shape), body);
  });

  it("parses the window from below a class docstring whose text sits at the members' indentation", () => {
    const docstring = Array.from({ length: 18 }, (_, i) => `    Line ${i} of what a header subclass must define and how it folds.`).join('\n');
    const before = `class Header(str):\n    """Base class for message headers.\n\n${docstring}\n    """\n\n    def __init__(self, name, defects):\n        self._name = name\n        self._defects = defects\n\n    def __reduce__(self):\n        `;
    const after = '\n\n    def fold(self, policy):\n        return policy.fold(self._name, self)\n';
    const body = 'return (\n            _rebuild,\n            (\n                self.__class__.__name__,\n                str(self),\n            ),\n            self._defects)';
    // The window grid starts this prefix among the docstring's lines, at the members' indentation:
    // parsed from there, the docstring's closing quotes open a string that runs over the cursor.
    const ctx = ctxAt(before + after, before.length, 'python', 'file:///header.py', { prefixChars: 500, suffixChars: 600 });
    assert.match(ctx.prefix, /^ {4}Line \d+ of what/);
    assert.strictEqual(ctx.prefix.slice(parseWindowStart(ctx.prefix)).split('\n')[0], '    def __init__(self, name, defects):');
    const shape = completionShape(ctx, syntax);
    assert.strictEqual(shape.multiline, true);
    assert.strictEqual(finalizeCompletion(body, ctx, shape), body);
    assert.strictEqual(finalizeCompletion(streamedUntilComplete(`\n        ${body}\n        print("done")`, shape), ctx, shape), body);
    // Inside a docstring the cursor is in a string (one line of prose): the quotes opening it are
    // no reason to parse from the cursor's line, where `(` would look like an argument list going on.
    const inDocstring = 'class Header(str):\n    kind = "plain"\n\n    def fold(self, policy):\n        """Fold the header by the policy\n        and return a pair (';
    const prose = ctxAt(`${inDocstring}\n        text, length).\n        """\n        return policy.fold(self)\n`, inDocstring.length, 'python', 'file:///header.py');
    assert.strictEqual(completionShape(prose, syntax).multiline, false);
  });

  it('parses a window that starts among the members of a TypeScript class as class members', () => {
    const methods = Array.from({ length: 8 }, (_, i) => `  off${i}<Event extends keyof Events>(event: Event, listener: Listener<Event>): this {\n    this.#remove(event, listener, ${i});\n    return this;\n  }`).join('\n\n');
    const before = `export class Emitter<Events> {\n  #listeners: { [E in keyof Events]?: Array<{ listener: Listener<E>; once?: boolean }> } = {};\n\n${methods}\n\n  protected emit<Event extends keyof Events>(\n    event: Event,\n    ...args: Parameters<Events, Event>\n  ) {\n    const listeners = this.#listeners[event];\n    if (listeners) {\n      `;
    const after = '\n    }\n  }\n\n  hasListener(event: keyof Events): boolean {\n    return Boolean(this.#listeners[event]?.length);\n  }\n}\n';
    const body = 'this.#listeners[event] = listeners.filter((l) => !l.once) as any;\n      listeners.forEach(({ listener }: any) => listener(...(args as any)));';
    const ctx = ctxAt(before + after, before.length, 'typescript', 'file:///emitter.ts', { prefixChars: 700, suffixChars: 600 });
    assert.match(ctx.prefix.slice(parseWindowStart(ctx.prefix)), /^ {2}off\d</, 'the window starts at a method, its class header above it');
    const shape = completionShape(ctx, syntax);
    assert.strictEqual(shape.multiline, true);
    assert.strictEqual(finalizeCompletion(body, ctx, shape), body);
    assert.strictEqual(finalizeCompletion(streamedUntilComplete(`${body}\n    }`, shape), ctx, shape), body);
    // Mid-line in the same window: the argument keeps the parenthesis it closes itself.
    const call = `${before}${body.split('\n')[0]}\n      listeners.forEach(`;
    const midLine = ctxAt(`${call});${after}`, call.length, 'typescript', 'file:///emitter.ts', { prefixChars: 700, suffixChars: 600 });
    const argument = '({ listener }: any) => listener(...(args as any))';
    assert.strictEqual(finalizeCompletion(argument, midLine, completionShape(midLine, syntax)), argument);
  });

  it('answers the final bracket guard with the tree: a regex with brackets passes, a stray closer does not', () => {
    const ctx = ctxFromMarked('const parts = line.split(‸);\nexport default parts;\n', 'javascript', 'file:///split.js');
    const shape = completionShape(ctx, syntax);
    // The scanner does not know regex literals: it pairs `)` with `[`.
    assert.strictEqual(bracketsBalanced('/[),]/', ctx), false);
    assert.strictEqual(shape.balanced('/[),]/'), true);
    assert.strictEqual(finalizeCompletion('/[),]/', ctx, shape), '/[),]/');
    assert.strictEqual(shape.balanced('/,/]'), false);
    assert.strictEqual(shape.balanced('/,/)'), false, 'the rest of the line closes the call already');
    const python = ctxFromMarked('def f(a):\n    return g(a, ‸)\n', 'python', 'file:///g.py');
    assert.strictEqual(completionShape(python, syntax).balanced('b]'), false);
    assert.strictEqual(completionShape(python, syntax).balanced('[b]'), true);
  });

  for (const c of CASES) {
    describe(c.kind, () => {
      const first = c.marked.indexOf('‸');
      const second = c.marked.indexOf('‸', first + 1);
      const truth = c.marked.slice(first + 1, second);
      const doc = c.marked.slice(0, first) + c.marked.slice(second + 1);
      const ctx = () => ctxAt(doc, first, c.languageId, `file:///case.${EXT[c.languageId]}`);

      it(`asks for ${c.multiline ? 'multi' : 'single'}-line, decided by the tree`, () => {
        const shape = completionShape(ctx(), syntax);
        assert.strictEqual(shape.bySyntax, true);
        assert.strictEqual(shape.multiline, c.multiline);
        assert.strictEqual(shape.lineMayContinue, c.continues === true);
      });

      for (const [answerKind, make] of Object.entries(ANSWERS)) {
        const lineStart = doc.lastIndexOf('\n', first - 1) + 1;
        const linePrefix = doc.slice(lineStart, first);
        const indent = /^[ \t]*/.exec(truth.startsWith('\n') ? truth.slice(1) : linePrefix)?.[0] ?? '';
        const raw = make(truth, doc.slice(first), indent || linePrefix, linePrefix);
        if (raw === undefined) continue;
        const expected = c.multiline || c.continues ? truth.replace(/\s+$/, '') : truth.split('\n')[0];
        it(`shows exactly the masked text when the model ${answerKind}`, () => {
          const context = ctx();
          assert.strictEqual(finalizeCompletion(raw, context, completionShape(context, syntax)), expected);
        });
        it(`shows it too when the answer streams in and the stream is stopped once the shape says complete (${answerKind})`, () => {
          const context = ctx();
          const shape = completionShape(context, syntax);
          assert.strictEqual(finalizeCompletion(streamedUntilComplete(raw, shape), context, shape), expected);
        });
      }
    });
  }
});
