/** `make install`: the launcher and NUT's program names as symlinks, each behaving as that program. */
import { join } from "node:path";
import { assertEquals, assertStringIncludes } from "../lib/testing/asserts.ts";
import { Proc, ROOT, run, tempDir } from "./helpers.ts";
import { DEFAULT_V8_FLAGS } from "../lib/os/v8_flags.ts";

Deno.test("make install PREFIX=... installs nut and NUT's program names, each answering as that program", async () => {
  await using dir = await tempDir("nut-install-");
  const prefix = join(dir.path, "usr");
  const r = await run("make", ["-s", "-C", ROOT, "install", `PREFIX=${prefix}`], { timeoutMs: 120_000 });
  assertEquals(r.code, 0, r.stderr);
  const env = { NUT_CONFPATH: join(dir.path, "etc"), NUT_QUIET_INIT_BANNER: "true" };
  const nut = await run(join(prefix, "bin", "nut"), ["--version"], { env });
  assertEquals([nut.code, nut.stdout.startsWith("nut ")], [0, true]);
  for (const name of ["upsd", "upsdrvctl", "dummy-ups", "upsc", "upscmd", "upsrw"]) {
    const link = await Deno.readLink(join(prefix, "sbin", name));
    assertEquals(link, "../bin/nut");
  }
  const upsc = await run(join(prefix, "bin", "upsc"), ["-h"], { env });
  assertStringIncludes(upsc.stdout, "upsc <ups>");
  const upsd = await run(join(prefix, "sbin", "upsd"), ["-h"], { env });
  assertStringIncludes(upsd.stdout, "usage: upsd [OPTIONS]");
  const dummy = await run(join(prefix, "sbin", "dummy-ups"), ["-h"], { env });
  assertStringIncludes(dummy.stdout, "usage: dummy-ups");
  const drvctl = await run(join(prefix, "sbin", "upsdrvctl"), ["-h"], { env });
  assertStringIncludes(drvctl.stdout, "usage: upsdrvctl [OPTIONS]");
  // The launcher gives the programs (and what they start) a small young generation, unless
  // DENO_V8_FLAGS says otherwise.
  const v8Flags = async (extra: Record<string, string>) => {
    await using demo = new Proc(join(prefix, "bin", "nut"), [
      "demo",
      "--port",
      "0",
      "--plain",
      "--duration",
      "5",
    ], {
      env: { ...env, DENO_NO_UPDATE_CHECK: "", ...extra },
    });
    await demo.waitForOutput(/served on 127\.0\.0\.1/);
    const environ = (await Deno.readTextFile(`/proc/${demo.pid}/environ`)).split("\0");
    // Offline by construction: the launcher turns Deno's update check off, for the program and what it
    // starts (the test's own value, empty, is replaced).
    assertEquals(environ.includes("DENO_NO_UPDATE_CHECK=1"), true);
    return environ.find((v) => v.startsWith("DENO_V8_FLAGS="));
  };
  assertEquals(await v8Flags({}), `DENO_V8_FLAGS=${DEFAULT_V8_FLAGS}`);
  assertEquals(
    await v8Flags({ DENO_V8_FLAGS: "--max-semi-space-size=8" }),
    "DENO_V8_FLAGS=--max-semi-space-size=8",
  );
  const un = await run("make", ["-s", "-C", ROOT, "uninstall", `PREFIX=${prefix}`], { timeoutMs: 60_000 });
  assertEquals(un.code, 0, un.stderr);
  assertEquals([...Deno.readDirSync(join(prefix, "sbin"))].length, 0);
});
