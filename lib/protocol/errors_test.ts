import { assertEquals } from "../testing/asserts.ts";
import { NutError, nutErrorText } from "./errors.ts";

const pure = { permissions: "none" } as const;

Deno.test({
  ...pure,
  name: "nutErrorText() maps NUT's words and reads any other word as Unknown error",
  fn() {
    assertEquals(nutErrorText("DATA-STALE"), "Data stale");
    assertEquals(nutErrorText("INVALID-ARGUMENT"), "Unknown error");
    assertEquals(nutErrorText("data-stale"), "Unknown error");
  },
});

Deno.test({
  ...pure,
  name: "nutErrorText() does not read properties of Object.prototype (found by make fuzz: ERR constructor)",
  fn() {
    for (const word of ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"]) {
      assertEquals(nutErrorText(word), "Unknown error", word);
      assertEquals(new NutError(word).message, "Unknown error", word);
    }
  },
});
