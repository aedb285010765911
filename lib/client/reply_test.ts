import { assertEquals, assertThrows } from "../testing/asserts.ts";
import { NutError } from "../protocol/errors.ts";
import { ClientError } from "./errors.ts";
import {
  echoes,
  formatRequest,
  ListReader,
  parseGetReply,
  parseOkReply,
  parseVarType,
  replyWords,
  throwIfError,
} from "./reply.ts";
import { LineSplitter } from "./line_splitter.ts";
import { formatEnumLine, formatVarLine } from "../protocol/reply.ts";

const pure = { permissions: "none" } as const;

Deno.test({
  name: "replyWords() unescapes quotes and backslashes as upsd encodes them",
  ...pure,
  fn() {
    assertEquals(replyWords('VAR odd ups.mfr "Quote \\"inside\\" here"'), [
      "VAR",
      "odd",
      "ups.mfr",
      'Quote "inside" here',
    ]);
    assertEquals(replyWords('VAR odd ups.model "back\\\\slash"'), ["VAR", "odd", "ups.model", "back\\slash"]);
    assertEquals(replyWords('VAR odd ups.id ""'), ["VAR", "odd", "ups.id", ""]);
    assertEquals(replyWords('VAR odd x "  two  spaces "'), ["VAR", "odd", "x", "  two  spaces "]);
    // A stray quote inside a word stays part of it, as with NUT's parseconf.
    assertEquals(replyWords('VAR odd b" "20"'), ["VAR", "odd", 'b"', "20"]);
    // An unbalanced quote keeps what was read (NUT's pconf_line never fails).
    assertEquals(replyWords('VAR odd x "abc'), ["VAR", "odd", "x", "abc"]);
  },
});

Deno.test({
  name: "throwIfError() raises NutError with NUT's client text and keeps unknown words",
  ...pure,
  fn() {
    const e = assertThrows(() => throwIfError(["ERR", "DATA-STALE"]), NutError);
    assertEquals([e.code, e.message], ["DATA-STALE", "Data stale"]);
    const u = assertThrows(() => throwIfError(["ERR", "SOMETHING-NEW", "x"]), NutError);
    assertEquals([u.code, u.extra, u.message], ["SOMETHING-NEW", ["x"], "Unknown error"]);
    throwIfError(["OK"]);
  },
});

Deno.test({
  name: "echoes() compares the echoed query without regard to case",
  ...pure,
  fn() {
    assertEquals(echoes(["VAR", "UPS1"], ["var", "ups1", "x"]), true);
    assertEquals(echoes(["VAR", "ups1"], ["VAR", "ups2"]), false);
    assertEquals(echoes(["VAR", "ups1"], ["VAR"]), false);
  },
});

Deno.test({
  name: "formatRequest() quotes only what needs it and refuses line breaks",
  ...pure,
  fn() {
    assertEquals(formatRequest(["GET", "VAR", "ups1", "ups.status"]), "GET VAR ups1 ups.status");
    assertEquals(formatRequest(["SET", "VAR", "u", "ups.id", ""]), 'SET VAR u ups.id ""');
    assertEquals(formatRequest(["SET", "VAR", "u", "ups.id", "a\\b #1"]), 'SET VAR u ups.id "a\\\\b \\#1"');
    assertEquals(formatRequest(["SET", "VAR", "u", "x", "k=v"]), 'SET VAR u x "k=v"');
    assertThrows(() => formatRequest(["USERNAME", "a\nFSD ups"]), RangeError);
    // What we send splits back into the same words.
    const words = ["SET", "VAR", "u", "x", 'q"uote \\ # = end '];
    assertEquals(replyWords(formatRequest(words)), words);
  },
});

Deno.test({
  name: "parseGetReply() checks the echo and maps ERR",
  ...pure,
  fn() {
    assertEquals(parseGetReply(["VAR", "su700", "ups.status"], 'VAR su700 ups.status "OL"'), [
      "VAR",
      "su700",
      "ups.status",
      "OL",
    ]);
    assertEquals(parseGetReply(["TYPE", "u", "x"], "TYPE u x RW STRING:32").slice(3), ["RW", "STRING:32"]);
    assertThrows(
      () => parseGetReply(["VAR", "u", "x"], "ERR VAR-NOT-SUPPORTED"),
      NutError,
      "Variable not supported by UPS",
    );
    const p = assertThrows(
      () => parseGetReply(["VAR", "u", "x"], 'VAR u y "1"'),
      ClientError,
      "Protocol error",
    );
    assertEquals(p.kind, "PROTOCOL");
    assertThrows(() => parseGetReply(["VAR", "u", "x"], ""), ClientError, "Protocol error");
  },
});

Deno.test({
  name: "parseOkReply() returns the words after OK",
  ...pure,
  fn() {
    assertEquals(parseOkReply("OK"), []);
    assertEquals(parseOkReply("OK TRACKING 1bd31808-cb49-4aec-9d75-d056e6f018d2"), [
      "TRACKING",
      "1bd31808-cb49-4aec-9d75-d056e6f018d2",
    ]);
    assertThrows(() => parseOkReply("ERR ACCESS-DENIED"), NutError, "Access denied");
    assertThrows(() => parseOkReply("garbage"), ClientError, "Invalid response from server");
  },
});

Deno.test({
  name: "ListReader assembles BEGIN LIST / rows / END LIST",
  ...pure,
  fn() {
    const r = new ListReader(["RANGE", "su700", "input.transfer.low"]);
    assertEquals(r.push("BEGIN LIST RANGE su700 input.transfer.low"), false);
    assertEquals(r.push('RANGE su700 input.transfer.low "90" "100"'), false);
    assertEquals(r.push('RANGE su700 input.transfer.low "102" "105"'), false);
    assertEquals(r.push("END LIST RANGE su700 input.transfer.low"), true);
    assertEquals(r.rows.map((w) => w.slice(3)), [["90", "100"], ["102", "105"]]);
    assertEquals(r.done, true);

    const empty = new ListReader(["CLIENT", "ups1"]);
    empty.push("BEGIN LIST CLIENT ups1");
    assertEquals(empty.push("END LIST CLIENT ups1"), true);
    assertEquals(empty.rows, []);
  },
});

Deno.test({
  name: "ListReader rejects an ERR, a missing BEGIN, a row or END for another query",
  ...pure,
  fn() {
    assertThrows(() => new ListReader(["VAR", "x"]).push("ERR UNKNOWN-UPS"), NutError, "Unknown UPS");
    assertThrows(
      () => new ListReader(["VAR", "x"]).push("ERR DRIVER-NOT-CONNECTED"),
      NutError,
      "Driver not connected",
    );
    assertThrows(() => new ListReader(["VAR", "x"]).push('VAR x a "1"'), ClientError, "Protocol error");
    assertThrows(() => new ListReader(["VAR", "x"]).push("BEGIN LIST VAR y"), ClientError, "Protocol error");
    const r = new ListReader(["VAR", "x"]);
    r.push("BEGIN LIST VAR x");
    assertThrows(() => r.push('VAR y a "1"'), ClientError, "Protocol error");
    const r2 = new ListReader(["VAR", "x"]);
    r2.push("BEGIN LIST VAR x");
    assertThrows(() => r2.push("END LIST VAR y"), ClientError, "Protocol error");
    const r3 = new ListReader(["VAR", "x"], 1);
    r3.push("BEGIN LIST VAR x");
    r3.push('VAR x a "1"');
    const e = assertThrows(() => r3.push('VAR x b "2"'), ClientError);
    assertEquals(e.kind, "TOO-LONG");
  },
});

Deno.test({
  name: "parseVarType() reads RW, ENUM, RANGE, STRING:n and NUMBER",
  ...pure,
  fn() {
    const s = parseVarType(["RW", "STRING:32"]);
    assertEquals([s.rw, s.string, s.number, s.enum], [true, { maxLength: 32 }, false, false]);
    const e = parseVarType(["RW", "ENUM", "NUMBER"]);
    assertEquals([e.enum, e.number], [true, true]);
    const r = parseVarType(["RW", "RANGE"]);
    assertEquals([r.range, r.number], [true, true]);
    assertEquals(parseVarType([]).number, true);
  },
});

Deno.test({
  name: "LineSplitter joins fragments, strips CR and refuses overlong lines",
  ...pure,
  fn() {
    const s = new LineSplitter(10);
    assertEquals(s.push("OK\r\nBEG"), ["OK"]);
    assertEquals(s.push(new TextEncoder().encode("IN\n\nx\n")), ["BEGIN", "", "x"]);
    assertEquals(s.pending, 0);
    const e = assertThrows(() => s.push("0123456789AB"), ClientError, "Invalid response from server");
    assertEquals(e.kind, "TOO-LONG");
    const t = new LineSplitter(4);
    assertThrows(() => t.push("12345\n"), ClientError);
  },
});

Deno.test({
  name:
    "LineSplitter accepts a line of the longest length whose CRLF is split between chunks (found by make fuzz)",
  ...pure,
  fn() {
    const s = new LineSplitter(8);
    assertEquals(s.push("ups.load\r"), []);
    assertEquals(s.push("\n \r\n"), ["ups.load", " "]);
    assertEquals(new LineSplitter(8).push("ups.load\r\n \r\n"), ["ups.load", " "]);
    const t = new LineSplitter(8);
    t.push("ups.load\r");
    assertThrows(() => t.push("x"), ClientError);
  },
});

Deno.test({
  name: "replyWords() reads back every value lib/protocol formats (round trip)",
  ...pure,
  fn() {
    for (const value of ["", "OL", 'a "b"', "back\\slash", "a # b", "  spaces  ", "{x}", "k=v"]) {
      assertEquals(replyWords(formatVarLine("VAR", "u", "x.y", value)), ["VAR", "u", "x.y", value]);
      assertEquals(replyWords(formatEnumLine("u", "x.y", value))[3], value);
    }
  },
});
