import { assertEquals } from "../testing/asserts.ts";
import { WordParser } from "./parser.ts";
import { splitLine, splitText, splitWords } from "./split.ts";
import { encodeWord, formatLine, quoteWord } from "./encode.ts";

const pure = { permissions: "none" } as const;

Deno.test({
  ...pure,
  name: "splitWords() follows parseconf's table of examples",
  fn() {
    assertEquals(splitWords("this is a line"), ["this", "is", "a", "line"]);
    assertEquals(splitWords('this "is also" a line'), ["this", "is also", "a", "line"]);
    assertEquals(splitWords("embedded\\ space"), ["embedded space"]);
    assertEquals(splitWords("embedded\\\\backslash"), ["embedded\\backslash"]);
  },
});

Deno.test({
  ...pure,
  name: "splitWords() makes '=' a word of its own and ends words at '#'",
  fn() {
    assertEquals(splitWords("port=auto"), ["port", "=", "auto"]);
    assertEquals(splitWords("port = auto"), ["port", "=", "auto"]);
    assertEquals(splitWords("a=b=c"), ["a", "=", "b", "=", "c"]);
    assertEquals(splitWords("value#comment"), ["value"]);
    assertEquals(splitWords("  # only a comment"), []);
    assertEquals(splitWords('say "a=b"'), ["say", "a=b"]);
  },
});

Deno.test({
  ...pure,
  name: "splitWords() keeps empty quoted words and escaped quotes",
  fn() {
    assertEquals(splitWords('SET VAR u x ""'), ["SET", "VAR", "u", "x", ""]);
    assertEquals(splitWords('x "a \\"b\\" \\\\c"'), ["x", 'a "b" \\c']);
    assertEquals(splitWords('x "a\\#b"'), ["x", "a#b"]);
  },
});

Deno.test({
  ...pure,
  name: "splitLine() reports an unescaped # inside quotes and an open quote",
  fn() {
    assertEquals(splitLine('desc = "a # b"').error, "HASH-IN-QUOTES");
    const open = splitLine('desc = "open');
    assertEquals(open.error, "UNBALANCED-QUOTE");
    assertEquals(open.words, ["desc", "=", "open"]);
  },
});

Deno.test({
  ...pure,
  name: "splitWords() drops control and non-ASCII characters from words",
  fn() {
    assertEquals(splitWords("B\u00fcro x"), ["Bro", "x"]);
    assertEquals(splitWords('"a\tb"'), ["ab"]);
    assertEquals(splitWords("a\tb\r"), ["a", "b"]);
  },
});

Deno.test({
  ...pure,
  name: "WordParser enforces parseconf's word limits and reports truncation",
  fn() {
    const long = "x".repeat(600);
    const line = splitLine(`a ${long}`);
    assertEquals(line.words[1].length, 512);
    assertEquals(line.truncated, true);
    const many = splitLine(Array.from({ length: 40 }, (_, i) => `w${i}`).join(" "));
    assertEquals(many.words.length, 32);
    assertEquals(many.truncated, true);
    assertEquals(splitLine("a b").truncated, undefined);
  },
});

Deno.test({
  ...pure,
  name: "WordParser discards a line over maxLineLength as TOO-LONG and recovers on the next line",
  fn() {
    const p = new WordParser({ maxLineLength: 10 });
    const got = p.push("GET VAR aaaaaaaaaaaaaaaa bbbb\nVER\n");
    assertEquals(got.map((l) => [l.error ?? "", l.words]), [["TOO-LONG", []], ["", ["VER"]]]);
  },
});

Deno.test({
  ...pure,
  name: "WordParser assembles lines split across chunks anywhere",
  fn() {
    const text = 'SETINFO ups.status "OB LB"\nDATAOK\nSETINFO x "a\\"b"\n';
    for (let size = 1; size <= text.length; size++) {
      const p = new WordParser();
      const words: string[][] = [];
      for (let i = 0; i < text.length; i += size) {
        words.push(...p.push(text.slice(i, i + size)).map((l) => l.words));
      }
      assertEquals(
        words,
        [["SETINFO", "ups.status", "OB LB"], ["DATAOK"], ["SETINFO", "x", 'a"b']],
        `chunk ${size}`,
      );
    }
  },
});

Deno.test({
  ...pure,
  name: "splitText() numbers logical lines by their first physical line and joins backslash-newline",
  fn() {
    const lines = splitText('[ups]\n\n  driver = dummy-ups\n  desc = "two \\\nlines"\nport = x\\\n  y\nlast');
    assertEquals(lines.map((l) => [l.line, l.words]), [
      [1, ["[ups]"]],
      [3, ["driver", "=", "dummy-ups"]],
      [4, ["desc", "=", "two lines"]],
      [6, ["port", "=", "x", "y"]],
      [8, ["last"]],
    ]);
  },
});

Deno.test({
  ...pure,
  name: "splitText() goes on after a # in quotes, with the next physical line",
  fn() {
    const lines = splitText('a "b # c" d\ne f\n');
    assertEquals(lines.map((l) => [l.line, l.error ?? "", l.words]), [[1, "HASH-IN-QUOTES", ["a", "b "]], [
      2,
      "",
      [
        "e",
        "f",
      ],
    ]]);
  },
});

Deno.test({
  ...pure,
  name: "encodeWord() and quoteWord() escape what the parser unescapes (round trip)",
  fn() {
    const values = ["plain", "two words", 'a "quoted" one', "back\\slash", "hash # sign", "", "=", "x=y"];
    for (const v of values) {
      assertEquals(splitWords(`W ${quoteWord(v)}`), ["W", v]);
      assertEquals(splitWords(formatLine(["W", v])), ["W", v]);
    }
    assertEquals(encodeWord('"#\\'), '\\"\\#\\\\');
  },
});
