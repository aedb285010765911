/**
 * The monitor and NUT 2.8.0 together: NUT's upsmon (primary, then secondary beside our primary) against
 * our upsd, and our upsmon against NUT's upsd and dummy-ups. Skipped without the reference NUT.
 * @module
 */
import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "../lib/testing/asserts.ts";
import { NutClient } from "../lib/client/mod.ts";
import { SDMAGIC } from "../lib/monitor/power_down_flag.ts";
import { nutPeerMissing } from "./helpers.ts";
import { type RunningMonitor, startBed } from "./monitor_helpers.ts";

const ignore = nutPeerMissing() !== undefined;

async function upsStatus(port: number, ups = "ups1"): Promise<string> {
  await using c = await NutClient.connect("127.0.0.1", port, { timeoutMs: 5000 });
  return await c.getVar(ups, "ups.status");
}

async function waitExit(m: RunningMonitor, timeoutMs = 20_000): Promise<number> {
  const timer = setTimeout(() => m.proc.kill("SIGKILL"), timeoutMs);
  try {
    return (await m.proc.status).code;
  } finally {
    clearTimeout(timer);
  }
}

Deno.test({
  name: "NUT 2.8.0's upsmon as primary against our upsd: power cut, FSD set, SHUTDOWNCMD run",
  ignore,
  async fn() {
    await using bed = await startBed("ours", "ours");
    const m = await bed.startMonitor("nutprimary", `MONITOR ${bed.ups()} 1 mon pw primary`, { impl: "nut" });
    await bed.power("power_cut.seq");
    await m.waitEvent("SHUTDOWN");
    assertEquals(await waitExit(m), 0, m.proc.stderr);
    // NUT 2.8.0 notifies FSD only when it sees it in a status, which its primary never polls again.
    assertEquals(await m.events(), [`ONBATT ${bed.ups()}`, `LOWBATT ${bed.ups()}`, "SHUTDOWN"]);
    assertEquals((await m.shutdowns()).length, 1);
    assertEquals(await Deno.readTextFile(join(m.confPath, "killpower")), SDMAGIC);
    assertStringIncludes(await upsStatus(bed.port), "FSD");
  },
});

Deno.test({
  name:
    "NUT 2.8.0's upsmon as secondary beside our primary, both on our upsd: it follows FSD, ours waits for it",
  ignore,
  async fn() {
    await using bed = await startBed("ours", "ours");
    const p = await bed.startMonitor("primary", `MONITOR ${bed.ups()} 1 mon pw primary`, {
      extra: "HOSTSYNC 60\n",
    });
    const s = await bed.startMonitor("nutsecondary", `MONITOR ${bed.ups()} 1 sec pw secondary`, {
      impl: "nut",
    });
    {
      await using c = await NutClient.connect("127.0.0.1", bed.port);
      assertEquals(await c.getNumLogins("ups1"), 2);
    }
    await bed.power("power_cut.seq");
    assertEquals(await waitExit(s), 0, s.proc.stderr);
    const sec = await s.events();
    assert(sec.includes(`FSD ${bed.ups()}`), sec.join(", "));
    assertEquals(sec.at(-1), "SHUTDOWN");
    assertEquals((await s.shutdowns()).length, 1);
    assertEquals(await waitExit(p), 0, p.proc.stderr);
    const prim = await p.events();
    assert(prim.includes("SHUTDOWN_HOSTSYNC"), prim.join(", "));
    assertEquals(prim.at(-1), "SHUTDOWN");
    assert(!p.proc.stderr.includes("Host sync timer expired"), "NUT's secondary logged out in time");
  },
});

Deno.test({
  name: "our upsmon against NUT 2.8.0's upsd and dummy-ups: power cut, FSD set, SHUTDOWNCMD run",
  ignore,
  async fn() {
    await using bed = await startBed("nut", "nut");
    const m = await bed.startMonitor("primary", `MONITOR ${bed.ups()} 1 mon pw primary`);
    await bed.power("power_cut.seq");
    assertEquals(await waitExit(m), 0, m.proc.stderr);
    assertEquals(await m.events(), [
      `ONBATT ${bed.ups()}`,
      `LOWBATT ${bed.ups()}`,
      `FSD ${bed.ups()}`,
      "SHUTDOWN",
    ]);
    assertEquals((await m.shutdowns()).length, 1);
    assertStringIncludes(await upsStatus(bed.port), "FSD");
  },
});

Deno.test({
  name: "our upsmon as secondary beside NUT 2.8.0's upsmon as primary, on NUT's upsd",
  ignore,
  async fn() {
    await using bed = await startBed("nut", "nut");
    const p = await bed.startMonitor("nutprimary", `MONITOR ${bed.ups()} 1 mon pw primary`, {
      impl: "nut",
      extra: "HOSTSYNC 60\n",
    });
    const s = await bed.startMonitor("secondary", `MONITOR ${bed.ups()} 1 sec pw secondary`);
    await bed.power("power_cut.seq");
    assertEquals(await waitExit(s), 0, s.proc.stderr);
    assertEquals((await s.events()).at(-1), "SHUTDOWN");
    assert((await s.events()).includes(`FSD ${bed.ups()}`));
    assertEquals(await waitExit(p), 0, p.proc.stderr);
    assertEquals((await p.events()).at(-1), "SHUTDOWN");
    assert(!p.proc.stderr.includes("Host sync timer expired"), "our secondary logged out in time");
  },
});
