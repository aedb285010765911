/**
 * Server benchmark, run on demand (`make bench`), never in CI: NUT 2.8.0's upsd and ours side by side on
 * this machine, each serving the same device dump through its own dummy-ups, driven by 1, 10, 100 and
 * 1,000 persistent clients issuing GET VAR and LIST VAR; then 50 UPS sections started by upsdrvctl and
 * served by one server. Prints req/s, p50/p99 latency, server RSS and the ratio ours/NUT.
 *
 * Both stacks run at once; every measurement is repeated `--reps` times, alternating the servers, and the
 * medians are printed (a shared machine is noisy). The load comes from bench/load_worker.ts processes, the
 * same for both servers. `--pin` puts each server on the last CPU and the load on the others.
 *
 *   deno run -A bench/server_bench.ts [--seconds 5] [--clients 1,10,100,1000] [--reps 3] [--pin]
 *     [--loaders 1] [--skip-scale] [--skip-load] [--v8-flags "<flags for our server>"]
 * @module
 */
import { join } from "node:path";
import { parseArgs } from "../lib/cli/getopt.ts";
import { stdio } from "../lib/cli/io.ts";
import { NutClient } from "../lib/client/client.ts";
import { freePort, nutCommand, Proc, run, waitFor } from "../tests/helpers.ts";
import { EATON_5P_650_DEV } from "../lib/demo/eaton_5p_650.ts";
import { type LoadMode, type LoadResult, runLoad } from "./load.ts";
import { pidsWithEnv, rssKb, totalRssMb, totalSmapsMb } from "./procs.ts";

interface Stack {
  name: "NUT" | "ours";
  port: number;
  serverPid: () => number;
  stop: () => Promise<void>;
}

async function writeConf(dir: string, port: number, sections: number): Promise<void> {
  await Deno.mkdir(join(dir, "state"), { recursive: true, mode: 0o777 });
  await Deno.chmod(join(dir, "state"), 0o777);
  await Deno.writeTextFile(join(dir, "ups.dev"), EATON_5P_650_DEV);
  let ups = "maxstartdelay = 120\n";
  for (let i = 0; i < sections; i++) {
    ups += `[ups${i}]\n driver = dummy-ups\n port = ups.dev\n desc = "bench ${i}"\n`;
  }
  await Deno.writeTextFile(join(dir, "ups.conf"), ups);
  await Deno.writeTextFile(join(dir, "upsd.conf"), `LISTEN 127.0.0.1 ${port}\nMAXCONN 4096\n`);
  await Deno.writeTextFile(join(dir, "upsd.users"), "[admin]\n password = x\n");
  for (const f of ["ups.conf", "upsd.conf", "upsd.users", "ups.dev"]) await Deno.chmod(join(dir, f), 0o644);
}

function envFor(dir: string): Record<string, string> {
  return {
    NUT_CONFPATH: dir,
    NUT_STATEPATH: join(dir, "state"),
    NUT_ALTPIDPATH: join(dir, "state"),
    NUT_QUIET_INIT_BANNER: "true",
  };
}

/** Starts a stack: drivers via upsdrvctl (NUT's /sbin/upsdrvctl or ours), then the server in the foreground. */
async function startStack(
  name: Stack["name"],
  sections: number,
  cpu?: string,
  v8Flags?: string,
): Promise<Stack & { startMs: number; dir: string }> {
  const pinned = (argv: string[]) => cpu === undefined ? argv : ["taskset", "-c", cpu, ...argv];
  const dir = await Deno.makeTempDir({ prefix: `nut-bench-${name}-` });
  await Deno.chmod(dir, 0o755);
  const port = await freePort();
  await writeConf(dir, port, sections);
  const env = envFor(dir);
  const t0 = performance.now();
  let server: Proc;
  if (name === "NUT") {
    const r = await run("/sbin/upsdrvctl", ["-u", "root", "start"], { env, timeoutMs: 600_000 });
    if (r.code !== 0) throw new Error(`NUT upsdrvctl failed: ${r.stderr}`);
    const argv = pinned(["/lib/nut/upsd", "-F", "-u", "root"]);
    server = new Proc(argv[0], argv.slice(1), { env });
  } else {
    const c = nutCommand("upsdrvctl");
    const r = await run(c.cmd, [...c.args, "-u", "root", "start"], {
      env: { ...env, ...c.env },
      timeoutMs: 600_000,
    });
    if (r.code !== 0) throw new Error(`our upsdrvctl failed: ${r.stderr}`);
    const s = nutCommand("upsd");
    const argv = pinned([s.cmd, ...s.args, "-F", "-u", "root"]);
    const flags: Record<string, string> = v8Flags ? { DENO_V8_FLAGS: v8Flags } : {};
    server = new Proc(argv[0], argv.slice(1), { env: { ...env, ...s.env, ...flags } });
  }
  // Every UPS answering with data.
  await waitFor(
    async () => {
      await using c = await NutClient.connect("127.0.0.1", port, { timeoutMs: 2000 });
      for (let i = 0; i < sections; i++) await c.getVar(`ups${i}`, "ups.status");
      return true;
    },
    `${name}: all ${sections} UPS answering`,
    300_000,
  );
  const startMs = performance.now() - t0;
  const stop = async () => {
    await server.stop();
    const drvctl = name === "NUT" ? ["/sbin/upsdrvctl"] : (() => {
      const c = nutCommand("upsdrvctl");
      return [c.cmd, ...c.args];
    })();
    await run(drvctl[0], [...drvctl.slice(1), "stop"], {
      env: { ...env, NUT_ARGV0: "upsdrvctl" },
      timeoutMs: 120_000,
    });
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  return { name, port, serverPid: () => server.pid, stop, startMs, dir };
}

/** Medians of repeated runs (RSS: the largest seen). */
function summary(runs: (LoadResult & { rss: number })[]): LoadResult & { rss: number } {
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  return {
    requests: median(runs.map((r) => r.requests)),
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    rss: Math.max(...runs.map((r) => r.rss)),
  };
}

/** RSS of a process split into its own memory (anonymous) and mapped files (the executable's pages). */
function memoryBreakdown(pid: number): string {
  try {
    const t = Deno.readTextFileSync(`/proc/${pid}/status`);
    const mb = (k: string) => fmt(Number(new RegExp(`${k}:\\s+(\\d+)`).exec(t)?.[1] ?? NaN) / 1024, 1);
    return `RSS ${mb("VmRSS")} MB = anonymous ${mb("RssAnon")} MB + files ${mb("RssFile")} MB; peak ${
      mb("VmHWM")
    } MB`;
  } catch {
    return "gone";
  }
}

function fmt(n: number, digits = 0): string {
  return Number.isFinite(n) ? n.toFixed(digits) : "-";
}

async function main(): Promise<number> {
  const p = parseArgs(Deno.args, {
    long: [
      "seconds=",
      "clients=",
      "skip-scale",
      "skip-load",
      "sections=",
      "reps=",
      "pin",
      "loaders=",
      "v8-flags=",
    ],
  });
  const seconds = Number(p.value("seconds") ?? 5);
  const reps = Number(p.value("reps") ?? 3);
  const loaders = Number(p.value("loaders") ?? 1);
  const cpus = navigator.hardwareConcurrency;
  const pin = p.has("pin") && cpus >= 2
    ? { server: String(cpus - 1), load: cpus === 2 ? "0" : `0-${cpus - 2}` }
    : undefined;
  const clientCounts = (p.value("clients") ?? "1,10,100,1000").split(",").map(Number);
  const sections = Number(p.value("sections") ?? 50);
  const out = (s: string) => stdio.out(s + "\n");
  out(
    `# nut server benchmark, ${
      new Date().toISOString()
    }, ${Deno.build.os}/${Deno.build.arch}, ${navigator.hardwareConcurrency} cores`,
  );
  out(
    `# device: the Eaton 5P 650 dump of lib/demo; ${seconds} s per measurement; closed loop, one request in flight per client`,
  );

  if (!p.has("skip-load")) {
    out(
      `# ${reps} runs per cell, servers alternating, medians shown; load: ${loaders} generator process(es)` +
        (pin ? `, servers pinned to CPU ${pin.server}, load to CPU ${pin.load}` : ", nothing pinned"),
    );
    out("");
    out(
      "| mode | clients | NUT req/s | ours req/s | ratio | NUT p50 ms | ours p50 ms | NUT p99 ms | ours p99 ms | NUT RSS MB | ours RSS MB |",
    );
    out("|---|---|---|---|---|---|---|---|---|---|---|");
    const stacks = [
      await startStack("NUT", 1, pin?.server),
      await startStack("ours", 1, pin?.server, p.value("v8-flags")),
    ];
    let ourMemory = "";
    try {
      for (const mode of ["GET", "LIST"] as LoadMode[]) {
        for (const clients of clientCounts) {
          const runs = new Map<Stack["name"], (LoadResult & { rss: number })[]>([["NUT", []], ["ours", []]]);
          for (let rep = 0; rep < reps; rep++) {
            for (const stack of rep % 2 === 0 ? stacks : [...stacks].reverse()) {
              const r = await runLoad({
                host: "127.0.0.1",
                port: stack.port,
                clients,
                mode,
                ups: "ups0",
                varName: "ups.status",
                durationMs: seconds * 1000,
                loaders,
                cpus: pin?.load,
              });
              runs.get(stack.name)!.push({ ...r, rss: rssKb(stack.serverPid()) / 1024 });
            }
          }
          const n = summary(runs.get("NUT")!), o = summary(runs.get("ours")!);
          out(
            `| ${mode} | ${clients} | ${fmt(n.rps)} | ${fmt(o.rps)} | ${fmt(o.rps / n.rps, 2)} | ${
              fmt(n.p50, 2)
            } | ${fmt(o.p50, 2)} | ${fmt(n.p99, 2)} | ${fmt(o.p99, 2)} | ${fmt(n.rss, 1)} | ${
              fmt(o.rss, 1)
            } |` +
              (n.errors || o.errors ? ` errors NUT ${n.errors} ours ${o.errors}` : ""),
          );
        }
      }
      ourMemory = memoryBreakdown(stacks[1].serverPid());
    } finally {
      for (const stack of stacks) await stack.stop();
    }
    out("");
    out(`# ours at the end: ${ourMemory}`);
  }

  if (!p.has("skip-scale")) {
    out("");
    out(`## ${sections} UPS sections started by upsdrvctl, served by one upsd`);
    out(
      "| stack | all UPS answering after (s) | processes | total RSS MB | total PSS MB | total anonymous MB |",
    );
    out("|---|---|---|---|---|---|");
    for (const name of ["NUT", "ours"] as const) {
      const stack = await startStack(name, sections);
      try {
        await new Promise((r) => setTimeout(r, 1000));
        const pids = pidsWithEnv(`NUT_CONFPATH=${stack.dir}`);
        out(
          `| ${name} | ${fmt(stack.startMs / 1000, 2)} | ${pids.length} | ${fmt(totalRssMb(pids), 1)} | ${
            fmt(totalSmapsMb(pids, "Pss"), 1)
          } | ${fmt(totalSmapsMb(pids, "Anonymous"), 1)} |`,
        );
      } finally {
        await stack.stop();
      }
    }
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main());
