// Our upsd under the attack mix of issue 7 (tests/attack_mix.ts): 50 connections that ask LIST VAR
// without end and never read, 500 idle ones, 50 endless lines, 50 garbage senders, a connect/disconnect
// loop and wrong passwords, all at once for 10 s. A legitimate client asking GET VAR in a closed loop
// gets every answer quickly, never DATA-STALE (the driver's link is served), and the server's memory
// stays within twice what it was before the attack. (NUT 2.8.0's upsd blocks on the first full socket:
// bench/attack_bench.ts has its figures beside ours.)
import { join } from "node:path";
import { assert, assertEquals } from "../lib/testing/asserts.ts";
import { EATON_5P_650_DEV } from "../lib/demo/eaton_5p_650.ts";
import { DEFAULT_V8_FLAGS } from "../lib/os/v8_flags.ts";
import { runAttack } from "./attack_mix.ts";
import { nutSetup, runScript, startOurDummy, startOurUpsd, waitServing } from "./server_harness.ts";

Deno.test({
  name:
    "upsd under attack (non-readers, idle, endless lines, garbage, churn, wrong passwords): a legitimate client gets every answer, p99 < 50 ms, never DATA-STALE, RSS <= 2x idle",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using setup = await nutSetup("[eaton]\n driver = dummy-ups\n port = eaton.dev\n");
    await Deno.writeTextFile(join(setup.confPath, "eaton.dev"), EATON_5P_650_DEV);
    await using _driver = await startOurDummy(setup, "eaton");
    // As installed: the launcher gives our programs their V8 settings (lib/os/v8_flags.ts).
    await using server = await startOurUpsd(setup, "MAXCONN 2048\n", [], { DENO_V8_FLAGS: DEFAULT_V8_FLAGS });
    await waitServing(server.port, "eaton");
    const r = await runAttack({ port: server.port, ups: "eaton", serverPid: server.proc.pid, seconds: 10 });
    const figures = JSON.stringify(r);
    assert((r.attackers.connected ?? 0) >= 650, `the attackers were all connected: ${figures}`);
    assertEquals([r.stale, r.errors, r.timeouts], [0, 0, 0], `no DATA-STALE, error or timeout: ${figures}`);
    assert(r.answers > 1000, `the client kept being answered: ${figures}`);
    assert(r.p99 < 50, `p99 ${r.p99.toFixed(1)} ms < 50 ms: ${figures}`);
    assert(r.rssMaxKb <= 2 * r.rssIdleKb, `RSS ${r.rssMaxKb} kB <= 2 x ${r.rssIdleKb} kB: ${figures}`);
    // The attack is over: the server answers as before.
    const after = await runScript(server.port, ["GET VAR eaton ups.status"]);
    assert(after[1]?.startsWith("VAR eaton ups.status "), after.join("\n"));
  },
});
