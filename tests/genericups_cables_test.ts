/**
 * The genericups cable table (lib/drivers/genericups/cables.ts) against NUT 2.8.0's genericups itself: its `-h` list of types, and, for every upstype
 * and each of the 16 states of the four input lines (faked on ptys by tests/rigs/modem_lines.c), the
 * `ups.status` it serves, derived here from the table (LB, OL|OB, RB, BYPASS, in NUT's order). Skipped,
 * saying why, without NUT's genericups or a C compiler.
 * @module
 */
import { join } from "node:path";
import { assertEquals } from "../lib/testing/asserts.ts";
import { within } from "../lib/testing/within.ts";
import { NUT_SBIN, Proc, run, tempDir, waitFor } from "./helpers.ts";
import { SockPeer } from "./driver_helpers.ts";
import { Pty } from "./rigs/pty.ts";
import { modemLinesLibrary, setModemInputs } from "./rigs/modem_lines.ts";
import { CABLE_TYPES, type InputLine, signalHolds } from "../lib/drivers/genericups/cables.ts";

const GENERICUPS = join(NUT_SBIN, "genericups");
const nutMissing = (() => {
  try {
    Deno.statSync(GENERICUPS);
    return undefined;
  } catch {
    return `${GENERICUPS} missing (tests/setup_peers.sh installs nut-server)`;
  }
})();

const LINES: readonly InputLine[] = ["CTS", "DCD", "RNG", "DSR"];

/** ups.status of a cable type for the asserted lines, in genericups' word order. */
function statusOf(type: number, asserted: Record<InputLine, boolean>): string {
  const c = CABLE_TYPES[type];
  const online = Object.keys(c.online).length === 0 || signalHolds(c.online, asserted);
  return [
    signalHolds(c.lowBattery, asserted) ? "LB" : "",
    online ? "OL" : "OB",
    signalHolds(c.replaceBattery, asserted) ? "RB" : "",
    signalHolds(c.bypass, asserted) ? "BYPASS" : "",
  ].filter(Boolean).join(" ");
}

Deno.test("cable table: every condition reads the lines it names, in their state", () => {
  const all = { CTS: true, DCD: true, RNG: true, DSR: true };
  const none = { CTS: false, DCD: false, RNG: false, DSR: false };
  assertEquals(CABLE_TYPES.length, 24);
  assertEquals([statusOf(0, none), statusOf(0, all)], ["OL", "LB OB"]);
  assertEquals([statusOf(23, none), statusOf(23, all)], ["LB OB RB BYPASS", "OL"]);
  assertEquals(signalHolds({}, all), false);
});

Deno.test({
  name: `cable table: descriptions as NUT 2.8.0's genericups -h lists them${
    nutMissing ? ` (skipped: ${nutMissing})` : ""
  }`,
  ignore: nutMissing !== undefined,
  async fn() {
    const out = await run(GENERICUPS, ["-h"]);
    const listed = (out.stdout + out.stderr).split("\n").filter((l) => /^\d+: /.test(l));
    assertEquals(listed, CABLE_TYPES.map((c, i) => `${i}: ${c.description}`));
  },
});

const lib = nutMissing ? undefined : await modemLinesLibrary();
const why = nutMissing ?? (lib && "missing" in lib ? lib.missing : undefined);

Deno.test({
  name:
    `cable table: NUT 2.8.0's genericups serves the status the table gives, every upstype, all 16 line states${
      why ? ` (skipped: ${why})` : ""
    }`,
  ignore: why !== undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const shim = (lib as { path: string }).path;
    await using dir = await tempDir("nut-genericups-");
    const state = join(dir.path, "state");
    await Deno.mkdir(state);
    await Deno.chmod(state, 0o777);
    const ptys = CABLE_TYPES.map(() => new Pty());
    const linesFile = join(dir.path, "lines");
    await setModemInputs(linesFile, []);
    await dir.write(
      "ups.conf",
      ptys.map((p, i) =>
        `[t${i}]\n  driver = genericups\n  port = ${p.path}\n  upstype = ${i}\n  pollinterval = 1\n`
      )
        .join(""),
    );
    const root = Deno.uid() === 0 ? ["-u", "root"] : [];
    const procs = CABLE_TYPES.map((_, i) =>
      new Proc(GENERICUPS, ["-a", `t${i}`, ...root, "-F"], {
        env: { NUT_CONFPATH: dir.path, NUT_STATEPATH: state, MODEMLINES: linesFile, LD_PRELOAD: shim },
      })
    );
    try {
      await within(
        (async () => {
          const peers = await Promise.all(
            CABLE_TYPES.map((_, i) =>
              waitFor(() => SockPeer.connect(join(state, `genericups-t${i}`)), `genericups-t${i}`, 20_000)
            ),
          );
          try {
            for (let bits = 0; bits < 16; bits++) {
              const asserted = Object.fromEntries(
                LINES.map((l, k) => [l, (bits & (1 << k)) !== 0]),
              ) as Record<
                InputLine,
                boolean
              >;
              await setModemInputs(linesFile, LINES.filter((l) => asserted[l]));
              const want = CABLE_TYPES.map((_, i) => statusOf(i, asserted));
              const statusNow = async () =>
                await Promise.all(peers.map(async (p) => {
                  const dump = await p.dumpAll();
                  const line = dump.findLast((l) => l.startsWith("SETINFO ups.status "));
                  return line?.slice('SETINFO ups.status "'.length, -1);
                }));
              let got: (string | undefined)[] = [];
              await waitFor(
                async () => {
                  got = await statusNow();
                  return got.every((s, i) => s === want[i]);
                },
                `the status of every type with ${LINES.filter((l) => asserted[l]).join(" ") || "no line"}`,
                5_000,
              )
                .catch(() => assertEquals(got, want, `lines ${JSON.stringify(asserted)}`));
            }
          } finally {
            for (const p of peers) p[Symbol.dispose]();
          }
        })(),
        90_000,
        "24 genericups through 16 line states",
      );
    } finally {
      await Promise.all(procs.map((p) => p.stop(3000)));
      await Promise.all(ptys.map((p) => p.close()));
    }
  },
});
