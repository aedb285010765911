/** `nut demo`: the README's first command, end to end. */
import { assert, assertEquals, assertStringIncludes } from "../lib/testing/asserts.ts";
import { runNut, spawnNut, waitFor } from "./helpers.ts";

Deno.test("nut demo serves a simulated UPS on 127.0.0.1 that upsc can query, and plays a power cut", async () => {
  await using demo = spawnNut("nut", ["demo", "--duration", "12", "--step", "1", "--port", "0", "--plain"]);
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
  await waitFor(
    async () => (await runNut("upsc", [`demo@127.0.0.1:${port}`])).code !== 0,
    "the server to be gone",
  );
});
