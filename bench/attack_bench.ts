/**
 * Attack benchmark, run on demand (`make bench-attack`), never in CI: the attack mix of issue 7
 * (tests/attack_mix.ts: 50 connections asking LIST VAR without end and never reading, 500 idle ones, 50
 * endless lines, 50 garbage senders, a connect/disconnect loop and wrong passwords) against NUT 2.8.0's
 * upsd and against ours, one after the other, each serving the Eaton 5P 650 dump through its own
 * dummy-ups. A legitimate client asks `GET VAR` in a closed loop through the attack; printed: its
 * answers, timeouts (5 s without an answer), DATA-STALE, p50/p99/max latency, and the server's RSS
 * before and during the attack.
 *
 *   deno run -A bench/attack_bench.ts [--seconds 10] [--reps 1] [--only ours|NUT]
 * @module
 */
import { join } from "node:path";
import { parseArgs } from "../lib/cli/getopt.ts";
import { stdio } from "../lib/cli/io.ts";
import { EATON_5P_650_DEV } from "../lib/demo/eaton_5p_650.ts";
import { DEFAULT_V8_FLAGS } from "../lib/os/v8_flags.ts";
import { type AttackResult, runAttack } from "../tests/attack_mix.ts";
import { nutPeerMissing } from "../tests/helpers.ts";
import {
  nutSetup,
  type RunningServer,
  startNutDummy,
  startNutUpsd,
  startOurDummy,
  startOurUpsd,
  waitServing,
} from "../tests/server_harness.ts";

type Name = "NUT" | "ours";

async function measure(name: Name, seconds: number): Promise<AttackResult> {
  // NUT's dummy-ups runs as a copy named refdummy (tests/server_harness.ts), which checks its name.
  const driver = name === "NUT" ? "refdummy" : "dummy-ups";
  await using setup = await nutSetup(`[eaton]\n driver = ${driver}\n port = eaton.dev\n`);
  await Deno.writeTextFile(join(setup.confPath, "eaton.dev"), EATON_5P_650_DEV);
  await using _driver = name === "NUT"
    ? await startNutDummy(setup, "eaton")
    : await startOurDummy(setup, "eaton");
  // Both with MAXCONN above the attack's connections; ours with the V8 settings its launcher gives it.
  const conf = "MAXCONN 2048\n";
  await using server: RunningServer = name === "NUT"
    ? await startNutUpsd(setup, conf)
    : await startOurUpsd(setup, conf, [], { DENO_V8_FLAGS: DEFAULT_V8_FLAGS });
  await waitServing(server.port, "eaton");
  return await runAttack({ port: server.port, ups: "eaton", serverPid: server.proc.pid, seconds });
}

function row(name: Name, r: AttackResult): string {
  const mb = (kb: number) => (kb / 1024).toFixed(1);
  return `| ${name} | ${r.answers} | ${r.timeouts} | ${r.stale} | ${r.p50.toFixed(2)} | ${
    r.p99.toFixed(2)
  } | ${r.max.toFixed(0)} | ${mb(r.rssIdleKb)} | ${mb(r.rssMaxKb)} | ${
    (r.rssMaxKb / r.rssIdleKb).toFixed(2)
  } | ${r.attackers.connected ?? "?"} | ${r.attackers.refused ?? "?"} |`;
}

const p = parseArgs(Deno.args, { long: ["seconds=", "reps=", "only="] });
const seconds = Number(p.value("seconds") ?? 10);
const reps = Number(p.value("reps") ?? 1);
const only = p.value("only");
const names: Name[] = only === "ours" ? ["ours"] : only === "NUT" ? ["NUT"] : ["NUT", "ours"];
const missing = nutPeerMissing();
if (missing && names.includes("NUT")) {
  stdio.err(`attack_bench: ${missing}\n`);
  Deno.exit(1);
}
stdio.out(
  "| server | answers | timeouts | DATA-STALE | p50 ms | p99 ms | max ms | idle RSS MB | attack RSS MB | ratio | attacker connections | refused or timed out |\n" +
    "| ------ | ------- | -------- | ---------- | ------ | ------ | ------ | ----------- | ------------- | ----- | -------------------- | -------------------- |\n",
);
for (let i = 0; i < reps; i++) {
  for (const name of names) stdio.out(row(name, await measure(name, seconds)) + "\n");
}
