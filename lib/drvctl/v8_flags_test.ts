import { assertEquals } from "../testing/asserts.ts";
import { DRIVER_V8_FLAGS, driverV8Env } from "./v8_flags.ts";

Deno.test("driverV8Env(): our flags first, the user's DENO_V8_FLAGS after them (the last value wins)", () => {
  assertEquals(driverV8Env(undefined), { DENO_V8_FLAGS: DRIVER_V8_FLAGS });
  assertEquals(driverV8Env("  "), { DENO_V8_FLAGS: DRIVER_V8_FLAGS });
  assertEquals(driverV8Env("--max-semi-space-size=8"), {
    DENO_V8_FLAGS: `${DRIVER_V8_FLAGS} --max-semi-space-size=8`,
  });
});
