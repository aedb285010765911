/**
 * Our genericups against NUT 2.8.0's, on ptys whose modem lines are faked by tests/rigs/modem_lines.c
 * (a folder of lines files: each port its own UPS). Every upstype and a set of ups.conf overrides:
 * NUT's `-d 1` dump beside what our drivers (all in one upsdrvctl process) serve on their sockets, in
 * two states of the input lines, and the output lines each set (cable power). `-k` for each way of
 * shutting down (lines, lines held `sdtime`, break, none) and NUT's refusals of bad options: the same
 * exit, words and lines. Then what NUT 2.8.0 cannot do: a port that goes away (the pty hung up) makes
 * the data stale, and the driver opens the port again when it is back and powers the cable again.
 * A pty has no break (the kernel ignores it), so a break shutdown shows only as an exit without a line
 * change here; the break itself is proven by lib/drivers/genericups/driver_test.ts and ffi/termios_test.ts.
 * Skipped, saying why, without NUT's genericups or a C compiler.
 * @module
 */
import { join } from "node:path";
import { assert, assertEquals } from "../lib/testing/asserts.ts";
import { within } from "../lib/testing/within.ts";
import { NUT_SBIN, nutCommand, Proc, run, runNut, tempDir, waitFor } from "./helpers.ts";
import { pool, SockPeer, VERSION_VARS } from "./driver_helpers.ts";
import { Pty } from "./rigs/pty.ts";
import { modemLinesLibrary, modemOutputs, portLinesFile, setModemInputs } from "./rigs/modem_lines.ts";
import { CABLE_TYPES, type InputLine } from "../lib/drivers/genericups/cables.ts";

const GENERICUPS = join(NUT_SBIN, "genericups");
const nutMissing = (() => {
  try {
    Deno.statSync(GENERICUPS);
    return undefined;
  } catch {
    return `${GENERICUPS} missing (tests/setup_peers.sh installs nut-server)`;
  }
})();
const lib = nutMissing ? undefined : await modemLinesLibrary();
const why = nutMissing ?? (lib && "missing" in lib ? lib.missing : undefined);
const shim = () => (lib as { path: string }).path;
const ROOT_ARGS = Deno.uid() === 0 ? ["-u", "root"] : [];

/** Variables only we publish (NUT 2.8.1+'s lifecycle, and when the data was read) or that differ by nature. */
const OURS_ONLY = new Set(["driver.state", "driver.lastupdate"]);

const LINES: readonly InputLine[] = ["CTS", "DCD", "RNG", "DSR"];
const linesOf = (bits: number) => LINES.filter((_, k) => (bits & (1 << k)) !== 0);

interface Case {
  name: string;
  options: Record<string, string>;
  /** Input line states (bit k: LINES[k] asserted), before and after. */
  states: [number, number];
}

const CASES: readonly Case[] = [
  ...CABLE_TYPES.map((_, t) => ({
    name: `t${t}`,
    options: { upstype: String(t) },
    states: [(t * 5) % 16, (t * 11 + 7) % 16] as [number, number],
  })),
  { name: "names", options: { upstype: "0", mfr: "Acme", model: "Box 1", serial: "X-1" }, states: [0, 15] },
  {
    name: "inputs",
    options: { upstype: "1", OL: "-DSR", LB: "NULL", RB: "RNG", BYPASS: "-CTS" },
    states: [0, 12],
  },
  { name: "cp", options: { upstype: "2", CP: "DTR" }, states: [3, 5] },
  { name: "nocp", options: { upstype: "3", CP: "NULL" }, states: [6, 9] },
];

function section(name: string, port: string, options: Record<string, string>): string {
  return `[${name}]\n  driver = genericups\n  port = ${port}\n  pollinterval = 1\n` +
    Object.entries(options).map(([k, v]) => `  ${k} = "${v}"\n`).join("");
}

/** `name: value` lines of a -d dump, or SETINFO lines of a socket dump, as a map without versions. */
function values(lines: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const l of lines) {
    const m = /^SETINFO (\S+) "(.*)"$/.exec(l) ?? /^([a-z][A-Za-z0-9_.]*): (.*)$/.exec(l);
    if (m && !VERSION_VARS.has(m[1]) && !OURS_ONLY.has(m[1])) out.set(m[1], m[2].replace(/\\(.)/g, "$1"));
  }
  return new Map([...out].sort(([a], [b]) => a < b ? -1 : 1));
}

Deno.test({
  name:
    `genericups vs NUT 2.8.0: every upstype and the overrides serve the same values and power the same lines${
      why ? ` (skipped: ${why})` : ""
    }`,
  ignore: why !== undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using dir = await tempDir("nut-genericups-vs-");
    const state = join(dir.path, "state");
    const nutLines = join(dir.path, "nut-lines"), ourLines = join(dir.path, "our-lines");
    for (const d of [state, nutLines, ourLines]) await Deno.mkdir(d);
    await Deno.chmod(state, 0o777);
    const ptys = CASES.map(() => new Pty());
    await dir.write("ups.conf", CASES.map((c, i) => section(c.name, ptys[i].path, c.options)).join(""));
    const env = { NUT_CONFPATH: dir.path, NUT_STATEPATH: state };
    try {
      // NUT: one -d 1 run per case and state.
      const nut = await pool(CASES, 4, async (c, i) => {
        const file = portLinesFile(nutLines, ptys[i].path);
        const got: Map<string, string>[] = [];
        for (const bits of c.states) {
          await setModemInputs(file, linesOf(bits));
          const r = await run(GENERICUPS, ["-a", c.name, ...ROOT_ARGS, "-d", "1"], {
            env: { ...env, MODEMLINES: nutLines, LD_PRELOAD: shim() },
          });
          assertEquals(r.code, 0, `NUT's genericups ${c.name}: ${r.stderr}`);
          got.push(values(r.stdout.split("\n")));
        }
        return { values: got, outputs: await modemOutputs(file) };
      });
      // Ours: every case in one upsdrvctl process.
      for (const [i, c] of CASES.entries()) {
        await setModemInputs(portLinesFile(ourLines, ptys[i].path), linesOf(c.states[0]));
      }
      const drvctl = nutCommand("upsdrvctl");
      await using ours = new Proc(drvctl.cmd, [...drvctl.args, ...ROOT_ARGS, "-F", "start"], {
        env: { ...drvctl.env, ...env, MODEMLINES: ourLines, NUT_TS_MODEM_LINES_LIBRARY: shim() },
      });
      await within(
        (async () => {
          const peers = await Promise.all(
            CASES.map((c) =>
              waitFor(() => SockPeer.connect(join(state, `genericups-${c.name}`)), c.name, 30_000).catch(
                (e) => {
                  throw new Error(`${(e as Error).message}\n${ours.stdout}${ours.stderr}`);
                },
              )
            ),
          );
          try {
            const served = async () => await Promise.all(peers.map(async (p) => values(await p.dumpAll())));
            let got = await served();
            for (const [i, c] of CASES.entries()) {
              assertEquals(got[i], nut[i].values[0], `${c.name}, lines ${linesOf(c.states[0])}`);
              assertEquals(
                await modemOutputs(portLinesFile(ourLines, ptys[i].path)),
                nut[i].outputs,
                `${c.name}: the cable's power lines`,
              );
            }
            for (const [i, c] of CASES.entries()) {
              await setModemInputs(portLinesFile(ourLines, ptys[i].path), linesOf(c.states[1]));
            }
            const want = nut.map((n) => n.values[1].get("ups.status"));
            await waitFor(
              async () => {
                got = await served();
                return got.every((g, i) => g.get("ups.status") === want[i]);
              },
              "the second state of the lines",
              10_000,
            ).catch(() => {});
            for (const [i, c] of CASES.entries()) {
              assertEquals(got[i], nut[i].values[1], `${c.name}, lines ${linesOf(c.states[1])}`);
            }
          } finally {
            for (const p of peers) p[Symbol.dispose]();
          }
        })(),
        60_000,
        "our genericups beside NUT's",
      );
    } finally {
      await Promise.all(ptys.map((p) => p.close()));
    }
  },
});

interface KillCase {
  name: string;
  options: Record<string, string>;
  /** The seconds the signal is held (both must take at least that). */
  holdS?: number;
}

const KILL_CASES: readonly KillCase[] = [
  { name: "lines", options: { upstype: "0" } },
  { name: "held", options: { upstype: "2", sdtime: "1" }, holdS: 1 },
  { name: "none", options: { upstype: "8" } },
  { name: "break", options: { upstype: "11" } },
  { name: "sd", options: { upstype: "0", SD: "DTR", CP: "RTS" } },
  { name: "sdnull", options: { upstype: "1", SD: "NULL" } },
  { name: "badtype", options: { upstype: "99" } },
  { name: "notype", options: {} },
  { name: "cpinput", options: { upstype: "1", CP: "CTS" } },
  { name: "sdinput", options: { upstype: "1", SD: "DSR" } },
];

Deno.test({
  name:
    `genericups vs NUT 2.8.0: -k shuts down alike (lines, held, break, none) and bad options are refused alike${
      why ? ` (skipped: ${why})` : ""
    }`,
  ignore: why !== undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using dir = await tempDir("nut-genericups-k-");
    const state = join(dir.path, "state");
    const linesDir = join(dir.path, "lines");
    for (const d of [state, linesDir]) await Deno.mkdir(d);
    const ptys = KILL_CASES.map(() => new Pty());
    await dir.write("ups.conf", KILL_CASES.map((c, i) => section(c.name, ptys[i].path, c.options)).join(""));
    const env = { NUT_CONFPATH: dir.path, NUT_STATEPATH: state, MODEMLINES: linesDir };
    try {
      await within(
        pool(KILL_CASES, 2, async (c, i) => {
          const file = portLinesFile(linesDir, ptys[i].path);
          const out = [];
          for (const who of ["NUT", "ours"] as const) {
            await setModemInputs(file, []);
            await Deno.remove(`${file}.out`).catch(() => {});
            const args = ["-a", c.name, ...ROOT_ARGS, "-k"];
            const t0 = performance.now();
            const r = who === "NUT"
              ? await run(GENERICUPS, args, { env: { ...env, LD_PRELOAD: shim() } })
              : await runNut("genericups", args, { env: { ...env, NUT_TS_MODEM_LINES_LIBRARY: shim() } });
            const s = (performance.now() - t0) / 1000;
            if (c.holdS) assert(s >= c.holdS, `${who} ${c.name}: held ${s} s`);
            out.push({ who, code: r.code, stderr: r.stderr, lines: await modemOutputs(file) });
          }
          const [nut, ours] = out;
          assertEquals([ours.code, ours.lines], [nut.code, nut.lines], `${c.name}: exit and lines`);
          // NUT's last words are ours too (ours may say which option).
          const last = nut.stderr.trim().split("\n").filter(Boolean).at(-1)!;
          const said = last.startsWith("UPS type:") || last === "Initiating UPS shutdown" ? undefined : last;
          if (said) {
            assert(ours.stderr.includes(said), `${c.name}: NUT said "${said}"; ours:\n${ours.stderr}`);
          }
        }),
        90_000,
        "genericups -k cases",
      );
    } finally {
      await Promise.all(ptys.map((p) => p.close()));
    }
  },
});

Deno.test({
  name:
    `genericups: a port that goes away is stale at once; when it is back the driver opens it and powers the cable${
      why ? ` (skipped: ${why})` : ""
    }`,
  ignore: why !== undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using dir = await tempDir("nut-genericups-replug-");
    const state = join(dir.path, "state");
    const linesDir = join(dir.path, "lines");
    for (const d of [state, linesDir]) await Deno.mkdir(d);
    // The port is a name that points at a pty; replugging is a new pty under the same name.
    const port = join(dir.path, "ttyUPS");
    let pty = new Pty();
    await Deno.symlink(pty.path, port);
    await dir.write("ups.conf", section("cc", port, { upstype: "1" }));
    await setModemInputs(portLinesFile(linesDir, pty.path), ["RNG"]);
    const c = nutCommand("genericups");
    await using drv = new Proc(c.cmd, [...c.args, "-a", "cc", ...ROOT_ARGS, "-F"], {
      env: {
        ...c.env,
        NUT_CONFPATH: dir.path,
        NUT_STATEPATH: state,
        MODEMLINES: linesDir,
        NUT_TS_MODEM_LINES_LIBRARY: shim(),
      },
    });
    try {
      await within(
        (async () => {
          using peer = await waitFor(() => SockPeer.connect(join(state, "genericups-cc")), "socket", 20_000)
            .catch((e) => {
              throw new Error(`${(e as Error).message}\n${drv.stdout}${drv.stderr}`);
            });
          const status = async () => values(await peer.dumpAll()).get("ups.status");
          assertEquals(await status(), "OB");
          assertEquals(await modemOutputs(portLinesFile(linesDir, pty.path)), ["DTR"]);
          await pty.close();
          await peer.until((l) => l === "DATASTALE", 10_000);
          pty = new Pty();
          await Deno.remove(port);
          await Deno.symlink(pty.path, port);
          await setModemInputs(portLinesFile(linesDir, pty.path), []);
          await peer.until((l) => l === "DATAOK", 15_000);
          assertEquals(await status(), "OL");
          assertEquals(await modemOutputs(portLinesFile(linesDir, pty.path)), ["DTR"]);
        })(),
        40_000,
        "unplug and replug of a genericups port",
      );
    } finally {
      await pty.close();
    }
  },
});
