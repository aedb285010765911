import { assertEquals } from "../testing/asserts.ts";
import { LineFramer, TOO_LONG } from "./line_framer.ts";

Deno.test({
  name: "LineFramer joins fragments, drops the CR of a CRLF, keeps empty lines, reads bytes one to one",
  permissions: "none",
  fn() {
    const f = new LineFramer(16);
    assertEquals(f.push("OK\r\nBEG"), ["OK"]);
    assertEquals(f.pending, 3);
    assertEquals(f.push(new Uint8Array([73, 78, 10, 10, 0xe9, 0x80, 13, 10])), ["BEGIN", "", "\xe9\x80"]);
    assertEquals(f.pending, 0);
  },
});

Deno.test({
  name: "LineFramer reports a line over the limit once, when it crosses it, and skips the rest unkept",
  permissions: "none",
  fn() {
    const f = new LineFramer(4);
    assertEquals(f.push("12345\nok\n"), [TOO_LONG, "ok"]);
    assertEquals(f.push("abc"), []);
    assertEquals(f.push("de"), [TOO_LONG]);
    for (let i = 0; i < 100; i++) assertEquals(f.push("x".repeat(10_000)), []);
    assertEquals(f.pending, 0);
    assertEquals(f.push("tail\nnext\n"), ["next"]);
  },
});

Deno.test({
  name: "LineFramer measures a line without the CR of a CRLF split between chunks",
  permissions: "none",
  fn() {
    const f = new LineFramer(8);
    assertEquals(f.push("ups.load\r"), []);
    assertEquals(f.push("\n \r\n"), ["ups.load", " "]);
    const g = new LineFramer(8);
    g.push("ups.load\r");
    assertEquals(g.push("x"), [TOO_LONG]);
  },
});
