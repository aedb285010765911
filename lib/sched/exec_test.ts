import { assertEquals } from "../testing/asserts.ts";
import { join } from "node:path";
import { Logger } from "../log.ts";
import { runScript, scriptCommandLine } from "./exec.ts";

Deno.test({
  name: "scriptCommandLine() appends the argument as one word; NUT 2.8.0's spaced CMDSCRIPT goes through sh",
  permissions: "none",
  fn() {
    assertEquals(scriptCommandLine(["/x/cmd"], "a b", () => true), ["/x/cmd", "a b"]);
    assertEquals(scriptCommandLine(["/x/my cmd"], "t", () => true), ["/x/my cmd", "t"]);
    assertEquals(scriptCommandLine(["/x/cmd --v"], "t", () => false), ["/bin/sh", "-c", "/x/cmd --v t"]);
  },
});

Deno.test("runScript() passes the argument and environment, unsets variables, logs failures as NUT", async () => {
  const dir = await Deno.makeTempDir({ prefix: "nut-sched-exec-" });
  const lines: string[] = [];
  const log = new Logger({ sink: (s, m) => lines.push(`${s}: ${m}`) });
  try {
    const script = join(dir, "cmd.sh");
    await Deno.writeTextFile(
      script,
      `#!/bin/sh\necho "$*|$UPSNAME|\${NOTIFYTYPE-unset}|\${NUT_ARGV0-none}" > "${dir}/out"\nexit 3\n`,
    );
    await Deno.chmod(script, 0o755);
    Deno.env.set("NOTIFYTYPE", "FROM-PARENT");
    Deno.env.set("NUT_ARGV0", "upssched");
    try {
      const code = await runScript([script], "timer name", {
        env: { UPSNAME: "ups1", NOTIFYTYPE: undefined },
        stdio: "null",
        log,
      });
      assertEquals(code, 3);
    } finally {
      Deno.env.delete("NOTIFYTYPE");
      Deno.env.delete("NUT_ARGV0");
    }
    assertEquals(await Deno.readTextFile(join(dir, "out")), "timer name|ups1|unset|none\n");
    assertEquals(lines, [`info: exec_cmd(${script} timer name) returned 3`]);
    assertEquals(await runScript([join(dir, "missing")], "x", { stdio: "null", log }), -1);
    assertEquals(lines[1].startsWith(`error: Execute command failure: ${join(dir, "missing")} x`), true);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
