import { assertEquals } from "../testing/asserts.ts";
import { WordParser } from "../words/parser.ts";
import { MAX_REQUEST_LINE, RequestReader } from "./reader.ts";

const pure = { permissions: "none" } as const;

function feed(reader: RequestReader, chunks: string[]): [string, string[]][] {
  const out: [string, string[]][] = [];
  for (const c of chunks) for (const l of reader.push(c)) out.push([l.error ?? "", l.words]);
  return out;
}

Deno.test({
  ...pure,
  name: "RequestReader reports empty and comment-only lines as lines without words (NUT answers them)",
  fn() {
    assertEquals(feed(new RequestReader(), ["\n\n  \r\nVER\r\n# note\n"]), [
      ["", []],
      ["", []],
      ["", []],
      ["", ["VER"]],
      ["", []],
    ]);
  },
});

Deno.test({
  ...pure,
  name: "RequestReader assembles lines split anywhere, quoted newlines and backslash-newlines included",
  fn() {
    const text = 'GET VAR ups1 ups.status\n\nSET VAR u x "a\nb"\nGET \\\nVER x\n';
    const want: [string, string[]][] = [
      ["", ["GET", "VAR", "ups1", "ups.status"]],
      ["", []],
      ["", ["SET", "VAR", "u", "x", "ab"]],
      ["", ["GET", "VER", "x"]],
    ];
    for (let size = 1; size <= text.length; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      assertEquals(feed(new RequestReader(), chunks), want, `chunk size ${size}`);
    }
  },
});

Deno.test({
  ...pure,
  name: "RequestReader reports a line over the limit once as TOO-LONG and goes on with the next line",
  fn() {
    const r = new RequestReader({ maxLineLength: 20 });
    const got = feed(r, ["GET VAR ups1 " + "x".repeat(30), "y".repeat(100), "\nVER\n"]);
    assertEquals(got, [["TOO-LONG", []], ["", ["VER"]]]);
  },
});

Deno.test({
  ...pure,
  name: "RequestReader drops bytes outside printable ASCII and reports a # inside quotes",
  fn() {
    const r = new RequestReader();
    assertEquals(feed(r, ["GET VAR ups1 ups.st\xffat\x00us\n"]), [["", [
      "GET",
      "VAR",
      "ups1",
      "ups.status",
    ]]]);
    assertEquals(feed(r, ['GET VAR ups1 "a#b"\nVER\n']), [["HASH-IN-QUOTES", []], ["", ["VER"]]]);
  },
});

Deno.test({
  ...pure,
  name: "RequestReader gives each line the offset just past its newline",
  fn() {
    const r = new RequestReader();
    assertEquals(r.push("VER\nSTARTTLS\nxyz").map((l) => l.end), [4, 13]);
  },
});

Deno.test({
  ...pure,
  name: "RequestReader's fast path for plain lines gives the parser's words, limits included",
  fn() {
    const plain = [
      "GET VAR ups1 ups.status",
      "  LIST\tVAR \vups1\f \r",
      "",
      "\r",
      "x".repeat(512),
      "x".repeat(513),
      Array.from({ length: 32 }, (_, i) => `w${i}`).join(" "),
      Array.from({ length: 40 }, (_, i) => `w${i}`).join(" "),
      "a=b c#d",
      'GET "VAR" ups\\ 1',
      "caf\xe9 \x7f \x01x",
    ];
    for (const line of plain) {
      const parsed = new WordParser({ maxLineLength: MAX_REQUEST_LINE }).push(line + "\n")
        .map((l) => [l.error ?? "", l.words]);
      const fast = new RequestReader().push(line + "\n").map((l) => [l.error ?? "", l.words]);
      assertEquals(fast, parsed.length ? parsed : [["", []]], JSON.stringify(line));
    }
    assertEquals(
      new RequestReader({ maxLineLength: 10 }).push("GET VAR ups1\nVER\n").map((l) => l.error ?? l.words),
      ["TOO-LONG", ["VER"]],
    );
  },
});

Deno.test({
  ...pure,
  name: "RequestReader answers a repeated chunk from its cache only when it stands for whole lines",
  fn() {
    const r = new RequestReader();
    assertEquals(feed(r, ["VER\n", "VER\n", "GET", " VAR u x\n", " VAR u x\n", "\n", "\n", "VER\n"]), [
      ["", ["VER"]],
      ["", ["VER"]],
      ["", ["GET", "VAR", "u", "x"]],
      ["", ["VAR", "u", "x"]],
      ["", []],
      ["", []],
      ["", ["VER"]],
    ]);
  },
});
