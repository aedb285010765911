/**
 * usbhid-ups benchmark, run on demand (`make bench-usb`), never in CI: NUT 2.8.0's C usbhid-ups and ours,
 * each alone in its process, on the same emulated APC Back-UPS CS 500 (tests/rigs/: umockdev, the real
 * libusb, the device's real report descriptor and reports). The driver's CPU time is read from
 * /proc/<pid>/stat (the handler's own is not counted); the work from the rig's log (every GET_REPORT and
 * every interrupt report delivered).
 *
 * - polls: pollinterval 1, pollfreq 1 (a full pass as often as each driver does one) for `--seconds`:
 *   CPU per second, GET_REPORTs answered per second, CPU per GET_REPORT, and CPU per full poll (CPU per
 *   second divided by full passes per second, a full pass reading each report id once);
 * - interrupts: pollinterval 2, pollfreq 30 (the defaults), `--seconds` idle, then as long with reports
 *   on the interrupt pipe (charge and runtime changing), the next once the driver has read the last: CPU
 *   per interrupt report is the difference divided by the reports delivered;
 * - replug: `--replugs` times unplug (until the socket says DATASTALE) and replug: ms from the replug to
 *   DATAOK on the driver's socket;
 * - memory: RSS of the driver process at the end; then `--ups 10` identical emulated UPSes (the rig's
 *   `--copies`, each its own serial) in one ups.conf: NUT's 10 usbhid-ups processes (RSS summed) beside
 *   our upsdrvctl hosting the 10 drivers in one process, after every socket answered DUMPALL with DATAOK.
 *
 *   deno run -A bench/usbhid_bench.ts [--seconds 20] [--replugs 3] [--ups 10] [--impls nut,ours]
 * @module
 */
import { parseArgs } from "../lib/cli/getopt.ts";
import { stdio } from "../lib/cli/io.ts";
import { SockPeer } from "../tests/driver_helpers.ts";
import { join } from "node:path";
import { nutCommand, tempDir, waitFor } from "../tests/helpers.ts";
import {
  hidDevice,
  NUT_USBHID_UPS,
  type NutUsbhid,
  nutUsbhidMissing,
  startNutUsbhid,
  UsbRig,
  usbRigMissing,
} from "../tests/rigs/usb.ts";
import { pidsWithEnv, rssKb } from "./procs.ts";

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS = 100;

/** CPU seconds (user + system) a process has used. */
function cpuSeconds(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / TICKS;
}

/** The driver's process among those of the rig (the handler is python). */
function driverPid(nut: NutUsbhid): number {
  for (const pid of pidsWithEnv(`NUT_CONFPATH=${nut.confPath}`)) {
    const comm = Deno.readTextFileSync(`/proc/${pid}/comm`).trim();
    if (comm === "usbhid-ups" || comm === "deno") return pid;
  }
  throw new Error("the driver's process was not found");
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Counts of the rig's log lines of a kind. */
async function logCount(nut: NutUsbhid, kind: string): Promise<number> {
  return (await nut.rig.log()).filter((l) => l.kind === kind).length;
}

/** Starts a driver and waits for its first DATAOK. */
async function start(
  impl: "nut" | "ours",
  conf: Record<string, string>,
  maxSeconds: number,
): Promise<{ nut: NutUsbhid; peer: SockPeer; pid: number }> {
  const device = hidDevice("apc-back-ups-cs-500_051d-0002");
  const nut = await startNutUsbhid(device, { ups: "apc", conf, maxSeconds, ours: impl === "ours" });
  const peer = await waitFor(() => SockPeer.connect(nut.socket), `socket ${nut.socket}`, 30_000);
  await peer.until((l) => l === "DATAOK", 30_000).catch(() => peer.dumpAll());
  return { nut, peer, pid: driverPid(nut) };
}

/** Figures of one implementation. */
interface Figures {
  cpuPerSecondMs: number;
  getsPerSecond: number;
  cpuPerGetUs: number;
  getsPerFullPass: number;
  cpuPerFullPollMs: number;
  idleCpuPerSecondMs: number;
  cpuPerInterruptUs: number;
  interrupts: number;
  replugMs: number[];
  rssMb: number;
  manyRssMb: number;
  manyProcesses: number;
}

async function polls(impl: "nut" | "ours", seconds: number): Promise<Partial<Figures>> {
  const { nut, peer, pid } = await start(impl, { pollinterval: "1", pollfreq: "1" }, seconds + 60);
  try {
    // A full pass reads each report once: as many GET_REPORTs as report ids read.
    const getsPerFullPass = new Set(
      (await nut.rig.log()).filter((l) => l.kind === "get").map((l) => l.rest.slice(0, 2)),
    ).size;
    await sleep(3000);
    const cpu0 = cpuSeconds(pid), gets0 = await logCount(nut, "get"), t0 = performance.now();
    await sleep(seconds * 1000);
    const cpu1 = cpuSeconds(pid), gets1 = await logCount(nut, "get"), t1 = performance.now();
    const s = (t1 - t0) / 1000;
    const cpuPerSecondMs = (cpu1 - cpu0) * 1000 / s;
    const getsPerSecond = (gets1 - gets0) / s;
    return {
      cpuPerSecondMs,
      getsPerSecond,
      cpuPerGetUs: (cpu1 - cpu0) * 1e6 / Math.max(1, gets1 - gets0),
      getsPerFullPass,
      cpuPerFullPollMs: cpuPerSecondMs / Math.max(1e-9, getsPerSecond / getsPerFullPass),
    };
  } finally {
    peer[Symbol.dispose]();
    await nut[Symbol.asyncDispose]();
  }
}

async function interruptsAndReplug(
  impl: "nut" | "ours",
  seconds: number,
  replugs: number,
): Promise<Partial<Figures>> {
  const { nut, peer, pid } = await start(impl, {}, 2 * seconds + 30 * replugs + 60);
  try {
    await sleep(3000);
    const c0 = cpuSeconds(pid), t0 = performance.now();
    await sleep(seconds * 1000);
    const c1 = cpuSeconds(pid), t1 = performance.now();
    const idle = (c1 - c0) / ((t1 - t0) / 1000);
    // One report at a time, the next once the driver has read it: each driver reads at its own pace
    // (ours at once, NUT's once per pollinterval).
    const ints0 = await logCount(nut, "int");
    const end = performance.now() + seconds * 1000;
    for (let i = 0; performance.now() < end; i++) {
      // RemainingCapacity and RunTimeToEmpty (report 0x0c) alternate between two values.
      await nut.rig.send(i % 2 ? "push 0c 64 00 00 10 0e" : "push 0c 63 00 00 f0 0d");
      while (performance.now() < end && (await logCount(nut, "int")) - ints0 <= i) await sleep(20);
    }
    const c2 = cpuSeconds(pid), t2 = performance.now();
    const interrupts = (await logCount(nut, "int")) - ints0;
    const busy = (c2 - c1) - idle * ((t2 - t1) / 1000);
    const replugMs: number[] = [];
    for (let i = 0; i < replugs; i++) {
      await peer.drain(0);
      await nut.rig.send("unplug");
      await peer.until((l) => l === "DATASTALE", 30_000);
      await sleep(1000);
      const r0 = performance.now();
      await nut.rig.send("replug");
      await peer.until((l) => l === "DATAOK", 30_000);
      replugMs.push(performance.now() - r0);
      await sleep(1000);
    }
    return {
      idleCpuPerSecondMs: idle * 1000,
      interrupts,
      cpuPerInterruptUs: busy * 1e6 / Math.max(1, interrupts),
      replugMs,
      rssMb: rssKb(pid) / 1024,
    };
  } finally {
    peer[Symbol.dispose]();
    await nut[Symbol.asyncDispose]();
  }
}

/** RSS of `count` emulated UPSes: NUT's one process each, ours one upsdrvctl for all. */
async function manyUps(impl: "nut" | "ours", count: number): Promise<{ rssMb: number; processes: number }> {
  const base = hidDevice("apc-back-ups-cs-500_051d-0002");
  const device = { ...base, strings: { ...base.strings, [base.iSerialNumber]: "BENCH" } };
  await using dir = await tempDir("nut-usbbench-");
  const state = join(dir.path, "state");
  await Deno.mkdir(state);
  await Deno.chmod(state, 0o777);
  const names = Array.from({ length: count }, (_, k) => `apc${k}`);
  await dir.write(
    "ups.conf",
    names.map((n, k) =>
      `[${n}]\n  driver = usbhid-ups\n  port = auto\n  vendorid = 051d\n  serial = "BENCH${
        k ? `-${k}` : ""
      }"\n`
    ).join(""),
  );
  const root = Deno.uid() === 0 ? ["-u", "root"] : [];
  const ours = nutCommand("upsdrvctl");
  const command = impl === "ours" ? [ours.cmd, ...ours.args, ...root, "-F", "start"] : [
    // One after the other: libusb inits at the same moment collide under umockdev ("Address already in use").
    "/bin/sh",
    "-c",
    `${names.map((n) => `${NUT_USBHID_UPS} -a ${n} ${root.join(" ")} -F & sleep 0.5;`).join(" ")} wait`,
  ];
  await using rig = await UsbRig.start({
    device,
    command,
    copies: count,
    maxSeconds: 180,
    env: {
      NUT_CONFPATH: dir.path,
      NUT_STATEPATH: state,
      NUT_ALTPIDPATH: state,
      NUT_QUIET_INIT_BANNER: "true",
      ...(impl === "ours" ? ours.env : {}),
    },
  });
  for (const n of names) {
    const socket = join(state, `usbhid-ups-${n}`);
    const peer = await waitFor(() => SockPeer.connect(socket), `socket ${socket}`, 60_000).catch((e) => {
      throw new Error(`${(e as Error).message}\n${rig.stderr}`);
    });
    await waitFor(async () => (await peer.dumpAll()).includes("DATAOK"), `${n} DATAOK`, 30_000);
    peer[Symbol.dispose]();
  }
  await sleep(5000);
  const pids = pidsWithEnv(`NUT_CONFPATH=${dir.path}`).filter((pid) => {
    const comm = Deno.readTextFileSync(`/proc/${pid}/comm`).trim();
    return comm === "usbhid-ups" || comm === "deno";
  });
  const rssMb = pids.reduce((sum, pid) => sum + rssKb(pid), 0) / 1024;
  return { rssMb, processes: pids.length };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
}

async function main(): Promise<number> {
  const p = parseArgs(Deno.args, { long: ["seconds=", "replugs=", "impls=", "ups="] });
  const ups = Number(p.value("ups") ?? 10);
  const seconds = Number(p.value("seconds") ?? 20);
  const replugs = Number(p.value("replugs") ?? 3);
  const impls = (p.value("impls") ?? "nut,ours").split(",") as ("nut" | "ours")[];
  if (!(seconds >= 5 && seconds <= 300) || !(replugs >= 0 && replugs <= 20) || !(ups >= 0 && ups <= 30)) {
    stdio.err(
      "usage: usbhid_bench.ts [--seconds 5..300] [--replugs 0..20] [--ups 0..30] [--impls nut,ours]\n",
    );
    return 2;
  }
  const missing = usbRigMissing() ?? (impls.includes("nut") ? nutUsbhidMissing() : undefined);
  if (missing) {
    stdio.err(`usbhid_bench: ${missing}\n`);
    return 1;
  }
  const out = (s: string) => stdio.out(s + "\n");
  out(
    `# usbhid-ups on the emulated APC Back-UPS CS 500, ${
      new Date().toISOString()
    }, ${navigator.hardwareConcurrency} cores`,
  );
  const rows: [string, Figures][] = [];
  for (const impl of impls) {
    stdio.err(`${impl}: polls for ${seconds} s\n`);
    const a = await polls(impl, seconds);
    stdio.err(`${impl}: idle and interrupts for ${seconds} s each, ${replugs} replugs\n`);
    const b = await interruptsAndReplug(impl, seconds, replugs);
    let many = { rssMb: NaN, processes: 0 };
    if (ups > 1) {
      stdio.err(`${impl}: ${ups} UPSes\n`);
      many = await manyUps(impl, ups);
    }
    rows.push([impl, { ...a, ...b, manyRssMb: many.rssMb, manyProcesses: many.processes } as Figures]);
  }
  out("");
  out(
    `| driver | CPU/s, full polls | GET_REPORT/s | CPU per GET_REPORT | CPU per full poll | CPU/s idle | CPU per interrupt report | replug to fresh (median, all) | RSS, 1 UPS | RSS, ${ups} UPSes |`,
  );
  out("|---|---|---|---|---|---|---|---|---|---|");
  for (const [impl, f] of rows) {
    out(
      `| ${impl === "nut" ? "NUT 2.8.0" : "ours"} | ${f.cpuPerSecondMs.toFixed(1)} ms | ${
        f.getsPerSecond.toFixed(1)
      } | ${f.cpuPerGetUs.toFixed(0)} µs | ${
        f.cpuPerFullPollMs.toFixed(2)
      } ms (${f.getsPerFullPass} GETs) | ${f.idleCpuPerSecondMs.toFixed(1)} ms | ${
        f.cpuPerInterruptUs > 0 ? `${f.cpuPerInterruptUs.toFixed(0)} µs` : "below the noise"
      } (${f.interrupts} reports) | ${median(f.replugMs).toFixed(0)} ms (${
        f.replugMs.map((x) => x.toFixed(0)).join(", ")
      }) | ${f.rssMb.toFixed(1)} MB | ${f.manyRssMb.toFixed(1)} MB (${f.manyProcesses} processes) |`,
    );
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main());
