import { assert, assertEquals, assertRejects, assertThrows } from "../../testing/asserts.ts";
import { Logger } from "../../log.ts";
import { ManualClock } from "../../os/clock.ts";
import { buildInstanceConfig } from "../../driver/instance_config.ts";
import { killPower, type RunningDriver, startDriverInstance } from "../../driver/instance.ts";
import { TransportError } from "../../transport/error.ts";
import type { ModemInputs, SerialBus, SerialPort, SerialSettings } from "../../transport/serial.ts";
import { CABLE_TYPES } from "./cables.ts";
import { cableOf, genericUps, parseUpsType, SHUTDOWN_BREAK_MS, statusWords, typeList } from "./mod.ts";
import { parseInputOverride, parseOutputOverride } from "./signals.ts";

/** A contact-closure UPS on a serial port, in memory: input lines, the outputs and breaks it saw. */
function memoryLine() {
  const inputs: { -readonly [K in keyof ModemInputs]: ModemInputs[K] } = {
    cts: false,
    dsr: false,
    dcd: false,
    ri: false,
  };
  const outputs = { dtr: false, rts: false };
  const events: string[] = [];
  let failing = false;
  let opened = 0;
  const bus: SerialBus = {
    open(path: string, settings: SerialSettings, options) {
      if (failing) return Promise.reject(new TransportError("NOT_FOUND", `${path}: no such device`));
      opened++;
      events.push(`open ${path} hupcl=${settings.hupcl} exclusive=${options?.exclusive}`);
      let closed = false;
      const live = () => {
        if (closed) throw new Error("used after close");
        if (failing) throw new TransportError("IO", "TIOCMGET: Input/output error");
      };
      const port: SerialPort = {
        path,
        configure: () => Promise.resolve(),
        write: () => Promise.reject(new Error("genericups writes no data")),
        read: () => Promise.reject(new Error("genericups reads no data")),
        flush: () => Promise.resolve(),
        sendBreak(ms) {
          live();
          events.push(`break ${ms}`);
          return Promise.resolve();
        },
        setModemLines(l) {
          live();
          if (l.dtr !== undefined) outputs.dtr = l.dtr;
          if (l.rts !== undefined) outputs.rts = l.rts;
          events.push(`lines ${outputs.dtr ? "DTR" : "-"} ${outputs.rts ? "RTS" : "-"}`);
          return Promise.resolve();
        },
        modemLines() {
          try {
            live();
          } catch (e) {
            return Promise.reject(e);
          }
          return Promise.resolve({ ...inputs });
        },
        close() {
          if (!closed) events.push("close");
          closed = true;
          return Promise.resolve();
        },
        [Symbol.asyncDispose]: () => port.close(),
      };
      return Promise.resolve(port);
    },
    list: () => Promise.resolve([]),
  };
  return {
    bus,
    inputs,
    outputs,
    events,
    get opened() {
      return opened;
    },
    fail(on: boolean) {
      failing = on;
    },
  };
}

function options(
  line: ReturnType<typeof memoryLine>,
  clock: ManualClock,
  extra: [string, string][],
  dir: string,
) {
  const program = genericUps;
  const config = buildInstanceConfig({
    program,
    upsName: "cc",
    extra: [["port", "/dev/ttyS0"], ["pollinterval", "2"], ...extra].map(([key, value]) => ({
      key,
      value,
      origin: "-x" as const,
    })),
  });
  return {
    program,
    config,
    statePath: dir,
    confPath: dir,
    takeOver: false,
    clock,
    log: new Logger({ sink: () => {}, timestamps: false }),
    transports: { serial: () => line.bus },
  };
}

async function start(
  line: ReturnType<typeof memoryLine>,
  clock: ManualClock,
  extra: [string, string][],
): Promise<RunningDriver> {
  const dir = await Deno.makeTempDir({ prefix: "nut-genericups-" });
  return await startDriverInstance(options(line, clock, extra, dir));
}

Deno.test("genericups: overrides read as NUT reads them, and say what names no line", () => {
  assertEquals(parseOutputOverride("CP", "DTR").lines, ["DTR"]);
  assertEquals(parseOutputOverride("CP", "DTR+RTS").lines, ["DTR", "RTS"]);
  assertEquals(parseOutputOverride("CP", "DTR -RTS").lines, ["DTR"]);
  assertEquals(parseOutputOverride("SD", "ST"), { lines: [], sendBreak: true, warnings: [] });
  assertEquals(parseOutputOverride("SD", "NULL").lines, []);
  assertEquals(parseOutputOverride("CP", "DTR RST").warnings, [
    'CP=DTR RST: "R" names no line (DTR, RTS, ST, NULL): ignored',
  ]);
  assertEquals(parseOutputOverride("CP", "DRT").warnings.length, 1);
  assertThrows(
    () => parseOutputOverride("CP", "CTS"),
    Error,
    "Can't override output with CTS (not an output)",
  );
  assertThrows(
    () => parseOutputOverride("SD", "DTR DSR"),
    Error,
    "Can't override output with DSR (not an output)",
  );
  assertEquals(parseInputOverride("OL", "-CTS").signal, { CTS: false });
  assertEquals(parseInputOverride("LB", "DCD").signal, { DCD: true });
  assertEquals(parseInputOverride("LB", "RNG,-DSR").signal, { RNG: true, DSR: false });
  assertEquals(parseInputOverride("RB", "none").signal, {});
  assertEquals(parseInputOverride("OL", "CTZ").warnings, [
    'OL=CTZ: "CTZ" names no line (CTS, DCD, RNG, DSR, NULL): ignored',
  ]);
  assertThrows(() => parseInputOverride("OL", "RTS"), Error, "Can't override input with RTS (not an input)");
  assertThrows(() => parseInputOverride("OL", "ST"), Error, "Can't override input with ST (not an input)");
  assertThrows(() => parseInputOverride("OL", "CTS ".repeat(60)), Error, "longer than 200");
});

Deno.test("genericups: upstype is required and must be one of the table's, listed as NUT lists them", () => {
  assertThrows(() => parseUpsType(undefined), Error, "No upstype set - see help text / man page!");
  for (const bad of ["24", "-1", "x", "", "1.5"]) {
    const e = assertThrows(() => parseUpsType(bad), Error);
    assert(e.message.startsWith("Valid UPS types:\n\n0: UPSONIC LAN Saver 600\n"), e.message);
    assert(e.message.includes("\n23: "), e.message);
    assert(e.message.includes("Fatal error: unknown UPS type number"), e.message);
  }
  assertEquals(parseUpsType(" 7 "), 7);
  assertEquals(typeList().split("\n").length, 2 + CABLE_TYPES.length);
});

Deno.test("genericups: the cable of an instance is the type with its overrides; words in NUT's order", () => {
  const notices: string[] = [];
  const params = (o: Record<string, string>) => ({
    get: (n: string) => o[n],
    has: (n: string) => n in o,
  });
  const c = cableOf(params({ upstype: "0", OL: "-DSR", CP: "DTR RTS" }), (m) => notices.push(m));
  assertEquals([c.type, c.online, c.power], [0, { DSR: false }, ["DTR", "RTS"]]);
  assertEquals(notices, ["CP: output overrides specified, but no effective difference - check for typos?"]);
  const all = { CTS: true, DCD: true, RNG: true, DSR: true };
  const none = { CTS: false, DCD: false, RNG: false, DSR: false };
  assertEquals(statusWords(CABLE_TYPES[23], none), ["LB", "OB", "RB", "BYPASS"]);
  assertEquals(statusWords(CABLE_TYPES[23], all), ["OL"]);
  // An on-line signal disabled: always on line, even with low battery.
  const noOl = cableOf(params({ upstype: "0", OL: "NULL" }), () => {});
  assertEquals(statusWords(noOl, all), ["LB", "OL"]);
  assertEquals(cableOf(params({ upstype: "11", SD: "DTR" }), () => {}).shutdown, {
    kind: "lines",
    lines: ["DTR"],
  });
  assertEquals(cableOf(params({ upstype: "1", SD: "ST" }), () => {}).shutdown, { kind: "break" });
});

Deno.test({
  name:
    "genericups: start-up powers the cable with exactly its lines, publishes its names and follows the lines",
  async fn() {
    const clock = new ManualClock(0);
    const line = memoryLine();
    line.outputs.rts = true; // left over from before: type 1 powers DTR alone
    await using drv = await start(line, clock, [["upstype", "1"]]);
    const v = (n: string) => drv.state.getValue(n);
    assertEquals(line.events.slice(0, 2), ["open /dev/ttyS0 hupcl=false exclusive=true", "lines DTR -"]);
    assertEquals(
      [v("ups.mfr"), v("ups.model"), v("ups.serial"), v("device.mfr"), v("ups.status")],
      ["APC", "Back-UPS", undefined, "APC", "OL"],
    );
    assertEquals(v("driver.version.internal"), "1.38");
    // Type 1: on battery = RNG asserted, low battery = DCD asserted.
    line.inputs.ri = true;
    await clock.advance(2000);
    assertEquals(v("ups.status"), "OB");
    line.inputs.dcd = true;
    await clock.advance(2000);
    assertEquals(v("ups.status"), "LB OB");
  },
});

Deno.test({
  name: "genericups: mfr, model and serial from ups.conf; input overrides replace the cable's",
  async fn() {
    const clock = new ManualClock(0);
    const line = memoryLine();
    await using drv = await start(line, clock, [
      ["upstype", "0"],
      ["mfr", "Acme"],
      ["model", "Box 1"],
      ["serial", "X-1"],
      ["OL", "-DSR"],
      ["LB", "NULL"],
      ["RB", "RNG"],
    ]);
    const v = (n: string) => drv.state.getValue(n);
    assertEquals([v("ups.mfr"), v("ups.model"), v("ups.serial"), v("device.serial")], [
      "Acme",
      "Box 1",
      "X-1",
      "X-1",
    ]);
    assertEquals(v("ups.status"), "OL");
    line.inputs.dcd = true; // type 0's low battery, disabled
    line.inputs.ri = true;
    line.inputs.dsr = true;
    await clock.advance(2000);
    assertEquals(v("ups.status"), "OB RB");
  },
});

Deno.test({
  name: "genericups: a port that fails goes stale at once, is opened again and its cable powered again",
  async fn() {
    const clock = new ManualClock(0);
    const line = memoryLine();
    await using drv = await start(line, clock, [["upstype", "2"]]);
    assertEquals(drv.state.stale, false);
    line.fail(true);
    await clock.advance(2000);
    assertEquals(drv.state.stale, true);
    line.fail(false);
    line.outputs.dtr = false;
    line.outputs.rts = false;
    for (let i = 0; i < 10 && drv.state.stale; i++) await clock.advance(1000);
    assertEquals(drv.state.stale, false);
    assertEquals(line.opened, 2);
    assertEquals(line.outputs, { dtr: false, rts: true });
    assertEquals(line.events.filter((e) => e === "close").length, 1);
  },
});

Deno.test({
  name:
    "genericups -k: the shutdown lines exactly, held sdtime seconds; a break; a type without shutdown refuses",
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "nut-genericups-k-" });
    try {
      // Type 0: shutdown = RTS alone (DTR dropped), held 3 s on the clock.
      const clock = new ManualClock(0);
      const line = memoryLine();
      let done = false;
      const k = killPower(options(line, clock, [["upstype", "0"], ["sdtime", "3"]], dir)).then(() =>
        done = true
      );
      for (let i = 0; i < 50 && !line.events.includes("lines - RTS"); i++) {
        await new Promise((r) => setTimeout(r, 5));
      }
      assertEquals(line.events.slice(0, 3), [
        "open /dev/ttyS0 hupcl=false exclusive=true",
        "lines DTR RTS",
        "lines - RTS",
      ]);
      await clock.advance(2900);
      assertEquals(done, false);
      await clock.advance(200);
      await k;
      assertEquals(line.outputs, { dtr: false, rts: true });
      // Type 11 (Powerware 3115): a break of NUT's length.
      const brk = memoryLine();
      await killPower(options(brk, new ManualClock(0), [["upstype", "11"]], dir));
      assert(brk.events.includes(`break ${SHUTDOWN_BREAK_MS}`), brk.events.join(", "));
      // Type 8 (Nitram Elite): none known.
      await assertRejects(
        () => killPower(options(memoryLine(), new ManualClock(0), [["upstype", "8"]], dir)),
        Error,
        "No shutdown command defined for this model!",
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
