/** `nut demo`: the README's first command, end to end. */
import { assert, assertEquals, assertStringIncludes } from "../lib/testing/asserts.ts";
import { runNut, spawnNut, waitFor } from "./helpers.ts";

Deno.test("nut demo serves a simulated UPS on 127.0.0.1 that upsc can query, plays a power cut, and upsmon rehearses the shutdown", async () => {
  await using demo = spawnNut("nut", ["demo", "--duration", "20", "--step", "1", "--port", "0", "--plain"]);
  await demo.waitForOutput(/served on 127\.0\.0\.1:(\d+)/);
  const port = /served on 127\.0\.0\.1:(\d+)/.exec(demo.stdout)![1];
  const model = await runNut("upsc", [`demo@127.0.0.1:${port}`, "device.model"]);
  assertEquals([model.code, model.stdout], [0, "5P 650\n"]);
  await demo.waitForOutput(/LOWBATT: ups.status "OB DISCHRG LB"/, 20_000);
  const status = await demo.status;
  assertEquals(status.code, 0, demo.stderr);
  const events = [...demo.stdout.matchAll(/^\S+ {2}(\w+)/gm)].map((m) => m[1]);
  assert(events.indexOf("ONBATT") < events.indexOf("LOWBATT"), demo.stdout);
  assertStringIncludes(demo.stdout, "ONLINE");
  // upsmon (a rehearsal, through status push) on the same power cut: the whole shutdown, reported only.
  const upsmon = [...demo.stdout.matchAll(/^\S+ {2}upsmon: (.*)$/gm)].map((m) => m[1]);
  const at = (re: RegExp) => upsmon.findIndex((l) => re.test(l));
  const sequence = [
    /^notify ONBATT \(demo@127\.0\.0\.1:\d+\)/,
    /^notify LOWBATT/,
    /^would set FSD on UPS demo@/,
    /^notify SHUTDOWN:/,
    /^would write POWERDOWNFLAG \/etc\/killpower$/,
    /^would run SHUTDOWNCMD: \/sbin\/shutdown -h \+0/,
  ].map(at);
  assert(sequence.every((i, n) => i >= 0 && (n === 0 || i > sequence[n - 1])), demo.stdout);
  // The power came back: a new rehearsal watched the next cut.
  assert(upsmon.filter((l) => l.startsWith("notify ONBATT")).length >= 2, demo.stdout);
  await waitFor(
    async () => (await runNut("upsc", [`demo@127.0.0.1:${port}`])).code !== 0,
    "the server to be gone",
  );
});
