import * as assert from 'assert';
import { codeFingerprint, firstCodeDifference, missingComments, sameCode } from '../../../src/common/refactor/codeCheck';

interface Case {
  language: string;
  before: string;
  /** The same code with documentation added in the language's style. */
  documented: string;
  /** A documented version that also changed code (which must be caught). */
  changed: string;
}

const cases: Case[] = [
  {
    language: 'typescript',
    before: "export function add(a: number, b: number): number {\n  const url = 'http://x/*y*/'; // note\n  return a + b;\n}\n",
    documented: "/**\n * Adds two numbers.\n * @param a - first\n * @returns the sum\n */\nexport function add(a: number, b: number): number {\n  const url = 'http://x/*y*/'; // note\n  return a + b;\n}\n",
    changed: "/** Adds. */\nexport function add(a: number, b: number): number {\n  const url = 'http://x/*z*/'; // note\n  return a + b;\n}\n",
  },
  {
    language: 'javascript',
    before: 'const re = /\\/\\/ not a comment/g;\nfunction f(x) { return `${x} // kept`; }\n',
    documented: '/**\n * Matches slashes.\n * @type {RegExp}\n */\nconst re = /\\/\\/ not a comment/g;\n/** @param {string} x */\nfunction f(x) { return `${x} // kept`; }\n',
    changed: '/** Matches. */\nconst re = /\\/\\/ not a comment/g;\nfunction f(x) { return `${x} // changed`; }\n',
  },
  {
    language: 'python',
    before: 'def area(r):\n    s = "# not a comment"\n    return 3.14 * r * r  # approx\n\nclass Shape:\n    def name(self):\n        return "shape"\n',
    documented: 'def area(r):\n    """Return the area of a circle.\n\n    Args:\n        r: The radius.\n    """\n    s = "# not a comment"\n    return 3.14 * r * r  # approx\n\nclass Shape:\n    """A shape."""\n\n    def name(self):\n        """Return the name."""\n        return "shape"\n',
    changed: 'def area(r):\n    """Return the area."""\n    s = "# not a comment"\nreturn 3.14 * r * r  # approx\n\nclass Shape:\n    def name(self):\n        return "shape"\n',
  },
  {
    language: 'go',
    before: 'package geo\n\nfunc Area(r float64) float64 {\n\tpath := `C:\\// raw`\n\t_ = path\n\treturn 3.14 * r * r\n}\n',
    documented: 'package geo\n\n// Area returns the area of a circle with radius r.\nfunc Area(r float64) float64 {\n\tpath := `C:\\// raw`\n\t_ = path\n\treturn 3.14 * r * r\n}\n',
    changed: 'package geo\n\n// Area returns the area.\nfunc Area(r float64) float64 {\n\tpath := `C:\\// raw`\n\t_ = path\n\treturn 3.14 * r\n}\n',
  },
  {
    language: 'rust',
    before: "pub fn first<'a>(s: &'a str) -> char {\n    let raw = r#\"// \"quoted\" /* x */\"#;\n    /* outer /* nested */ still comment */\n    s.chars().next().unwrap_or('/')\n}\n",
    documented: "/// Returns the first character of `s`.\n///\n/// # Panics\n/// Never.\npub fn first<'a>(s: &'a str) -> char {\n    let raw = r#\"// \"quoted\" /* x */\"#;\n    /* outer /* nested */ still comment */\n    s.chars().next().unwrap_or('/')\n}\n",
    changed: "/// Returns the first character.\npub fn first<'a>(s: &'a str) -> char {\n    let raw = r#\"// \"quoted\" /* y */\"#;\n    /* outer /* nested */ still comment */\n    s.chars().next().unwrap_or('/')\n}\n",
  },
  {
    language: 'java',
    before: 'public class Greeter {\n    @Override\n    public String toString() {\n        return """\n            /* text block */\n            """;\n    }\n}\n',
    documented: '/**\n * Greets people.\n */\npublic class Greeter {\n    /**\n     * Returns a text block.\n     * @return the text\n     */\n    @Override\n    public String toString() {\n        return """\n            /* text block */\n            """;\n    }\n}\n',
    changed: '/** Greets. */\npublic class Greeter {\n    @Override\n    public String toString() {\n        return """\n            /* other block */\n            """;\n    }\n}\n',
  },
  {
    language: 'kotlin',
    before: 'class Repo(private val db: Db) {\n    fun find(id: Int): User? = db.get(id) /* cached /* nested */ */\n}\n',
    documented: '/**\n * A repository of users.\n *\n * @property db the database\n */\nclass Repo(private val db: Db) {\n    /**\n     * Finds the user with [id].\n     * @return the user or null\n     */\n    fun find(id: Int): User? = db.get(id) /* cached /* nested */ */\n}\n',
    changed: '/** Repo. */\nclass Repo(private val db: Db) {\n    fun find(id: Long): User? = db.get(id) /* cached /* nested */ */\n}\n',
  },
  {
    language: 'csharp',
    before: 'public class Paths {\n    public string Root() => @"C:\\temp\\// not comment";\n}\n',
    documented: '/// <summary>Path helpers.</summary>\npublic class Paths {\n    /// <summary>The root folder.</summary>\n    /// <returns>The path.</returns>\n    public string Root() => @"C:\\temp\\// not comment";\n}\n',
    changed: '/// <summary>Path helpers.</summary>\npublic class Paths {\n    public string Root() => @"C:\\tmp\\// not comment";\n}\n',
  },
  {
    language: 'c',
    before: '#include <stdio.h>\nint sum(int a, int b) {\n    printf("/* %d */", a); // trace\n    return a + b;\n}\n',
    documented: '#include <stdio.h>\n/**\n * @brief Adds two integers.\n * @param a first\n * @param b second\n * @return the sum\n */\nint sum(int a, int b) {\n    printf("/* %d */", a); // trace\n    return a + b;\n}\n',
    changed: '#include <stdio.h>\n/** @brief Adds. */\nint sum(int a, int b) {\n    printf("/* %d */", a); // trace\n    return a - b;\n}\n',
  },
  {
    language: 'cpp',
    before: 'std::string banner() {\n    return R"x(// raw /* string */)x";\n}\n',
    documented: '/**\n * @brief Returns the banner.\n * @return the banner text\n */\nstd::string banner() {\n    return R"x(// raw /* string */)x";\n}\n',
    changed: '/// @brief Banner.\nstd::string banner() {\n    return R"x(// raw /* strings */)x";\n}\n',
  },
];

describe('comment-stripped code equality', () => {
  for (const c of cases) {
    describe(c.language, () => {
      it('treats added documentation as no code change', () => {
        assert.strictEqual(codeFingerprint(c.documented, c.language), codeFingerprint(c.before, c.language));
        assert.ok(sameCode(c.before, c.documented, c.language));
      });
      it('detects a code change hidden among documentation', () => {
        assert.ok(!sameCode(c.before, c.changed, c.language));
      });
      it('keeps existing comments when only adding docs', () => {
        assert.deepStrictEqual(missingComments(c.before, c.documented, c.language), []);
      });
    });
  }

  it('ignores re-indentation and blank lines outside Python, not inside', () => {
    assert.ok(sameCode('if (a) {\n  b();\n}\n', 'if (a) {\n\n      b();\n}', 'typescript'));
    assert.ok(!sameCode('if a:\n    b()\nc()\n', 'if a:\n    b()\n    c()\n', 'python'));
  });

  it('reports an existing comment that was dropped or reworded', () => {
    const before = '// keep me\nconst a = 1;\n';
    assert.deepStrictEqual(missingComments(before, '/** Docs. */\nconst a = 1;\n', 'typescript'), ['// keep me']);
    assert.deepStrictEqual(missingComments(before, '// keep  me\n/** Docs. */\nconst a = 1;\n', 'typescript'), []);
  });

  it('treats a string after a Python def header as a docstring, not a dict value', () => {
    assert.ok(sameCode('def f():\n    return 1\n', 'def f():\n    """Doc."""\n    return 1\n', 'python'));
    assert.ok(!sameCode('d = {"k":\n  "v"}\n', 'd = {"k":\n  "w"}\n', 'python'));
  });

  it('counts whitespace inside string, template and regex literals', () => {
    const join = "export const list = (items) => items.join(', ');\n";
    assert.ok(!sameCode(join, join.replace("', '", "',  '"), 'javascript'));
    const html = 'const tag = `<a href="${url}" class="link">`;\n';
    assert.ok(!sameCode(html, html.replace('" class', '"  class'), 'typescript'));
    const regex = 'const words = /a b/g;\n';
    assert.ok(!sameCode(regex, regex.replace('/a b/', '/a  b/'), 'javascript'));
    assert.ok(sameCode(join, `/** Joins. */\n${join}`, 'javascript'), 'documentation alone is no change');
  });

  it('counts re-indentation inside a multi-line template literal, not outside literals in JS', () => {
    const before = 'function fail(name) {\n  throw new Error(`Unknown option ${name}.\n    Run --help.`);\n}\n';
    const reindented = 'function fail(name) {\n    throw new Error(`Unknown option ${name}.\n      Run --help.`);\n}\n';
    assert.ok(!sameCode(before, reindented, 'javascript'));
    assert.ok(sameCode(before, before.replace('  throw', '      throw'), 'javascript'));
  });

  it('names the line where the code really differs, not where its token first occurs', () => {
    const lines = Array.from({ length: 60 }, (_, i) => `const v${i} = compute(${i % 3});`);
    const before = `${lines.join('\n')}\n`;
    const after = `/** Values. */\n${before.replace('const v57 = compute(0);', 'const v57 = compute(1);')}`;
    assert.strictEqual(firstCodeDifference(before, after, 'typescript'), 59);
    assert.strictEqual(firstCodeDifference(before, `/** Values. */\n${before}`, 'typescript'), undefined);
    assert.strictEqual(firstCodeDifference(before, lines.slice(0, 40).join('\n'), 'typescript'), 40);
  });
});
