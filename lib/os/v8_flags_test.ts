import { assertEquals } from "../testing/asserts.ts";
import { DEFAULT_V8_FLAGS, v8Env } from "./v8_flags.ts";

Deno.test("v8Env(): the default when DENO_V8_FLAGS is not set or empty; the user's own otherwise", () => {
  assertEquals(v8Env(undefined), { DENO_V8_FLAGS: DEFAULT_V8_FLAGS });
  assertEquals(v8Env(""), { DENO_V8_FLAGS: DEFAULT_V8_FLAGS });
  assertEquals(v8Env("--max-semi-space-size=8"), { DENO_V8_FLAGS: "--max-semi-space-size=8" });
});
