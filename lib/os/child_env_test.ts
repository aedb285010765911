import { assertEquals } from "../testing/asserts.ts";
import { childEnv, DENO_RUN_FLAGS, OFFLINE_ENV } from "./child_env.ts";
import { DEFAULT_V8_FLAGS } from "./v8_flags.ts";

Deno.test("childEnv(): no update check, and the V8 flags (the user's own when set)", () => {
  assertEquals(childEnv(() => undefined), { DENO_NO_UPDATE_CHECK: "1", DENO_V8_FLAGS: DEFAULT_V8_FLAGS });
  const user: Record<string, string> = { DENO_V8_FLAGS: "--max-semi-space-size=8", DENO_NO_UPDATE_CHECK: "" };
  assertEquals(childEnv((n) => user[n]), {
    DENO_NO_UPDATE_CHECK: "1",
    DENO_V8_FLAGS: "--max-semi-space-size=8",
  });
});

Deno.test("OFFLINE_ENV and DENO_RUN_FLAGS cannot be changed by a caller", () => {
  assertEquals(Object.isFrozen(OFFLINE_ENV) && Object.isFrozen(DENO_RUN_FLAGS), true);
  assertEquals(DENO_RUN_FLAGS.includes("--cached-only"), true);
});
