import { assertEquals } from "../../testing/asserts.ts";
import { Logger } from "../../log.ts";
import { ManualClock, sleep } from "../../os/clock.ts";
import { buildInstanceConfig } from "../../driver/instance_config.ts";
import { type RunningDriver, startDriverInstance } from "../../driver/instance.ts";
import { formatted, lookup } from "../../driver/mapping.ts";
import { HANDLER_STATUS } from "../../sock/messages.ts";
import { TransportError } from "../../transport/error.ts";
import type { HidReportType, UsbDeviceInfo, UsbHidBus, UsbHidDevice } from "../../transport/usb.ts";
import { fixture, hexBytes, recordedReports } from "../../testing/hid_fixtures.ts";
import { stringIndex } from "./conversions.ts";
import { usbhidProgram } from "./mod.ts";
import { feature, type HidSubdriver, idsMatch } from "./types.ts";

/** A few of APC's rows, enough to drive the driver through every kind of row. */
const MINI: HidSubdriver = {
  name: "Mini HID",
  version: "0.1",
  usages: "apc",
  ids: [{ vendorId: 0x051d }],
  match: (d) => idsMatch(MINI.ids, d),
  variables: [
    {
      name: "battery.charge",
      source: feature("UPS.PowerSummary.RemainingCapacity"),
      convert: formatted("%.0f"),
      flags: ["QUICK"],
    },
    {
      name: "battery.runtime",
      source: feature("UPS.PowerSummary.RunTimeToEmpty"),
      convert: formatted("%.0f"),
    },
    { name: "battery.voltage", source: feature("UPS.PowerSummary.Voltage"), convert: formatted("%.1f") },
    {
      name: "battery.charge.low",
      source: feature("UPS.PowerSummary.RemainingCapacityLimit"),
      convert: formatted("%.0f"),
      flags: ["RW", "STATIC"],
    },
    {
      name: "battery.type",
      source: feature("UPS.PowerSummary.iDeviceChemistry"),
      convert: stringIndex(),
      flags: ["STATIC"],
    },
    {
      name: "ups.test.result",
      source: feature("UPS.Battery.Test"),
      convert: lookup([[1, "Done and passed"]]),
    },
  ],
  status: [
    { source: feature("UPS.PowerSummary.ACPresent"), fact: "ONLINE", when: (r) => r === 1 },
    { source: feature("UPS.PowerSummary.ACPresent"), fact: "OFFLINE", when: (r) => r === 0 },
    { source: feature("UPS.PowerSummary.Discharging"), fact: "DISCHRG" },
    { source: feature("UPS.PowerSummary.Charging"), fact: "CHRG" },
  ],
  commands: [{ name: "load.off.delay", source: feature("UPS.PowerSummary.RemainingCapacityLimit") }],
  fixed: [{ name: "ups.delay.shutdown", value: "$offdelay", flags: ["RW", "STRING"], maxLength: 10 }],
};

/** The APC Back-UPS CS 500 of the fixtures, in memory: reports, strings, an interrupt queue, unplug/replug. */
function memoryUps(clock: ManualClock) {
  const f = fixture("apc-back-ups-cs-500_051d-0002");
  const reports = recordedReports(f.reports!);
  const strings = new Map([[1, "Back-UPS 500 FW: 6.5.I USB FW: c1 "], [2, "AB0427******"], [
    3,
    "American Power Conversion",
  ], [4, "PbAc"]]);
  const sets: string[] = [];
  const interrupts: Uint8Array[] = [];
  let plugged = true;
  let address = 2;
  let hung = false;
  const resets: number[] = [];
  const info = (): UsbDeviceInfo => ({
    vendorId: 0x051d,
    productId: 0x0002,
    bcdDevice: 0x0100,
    bus: 1,
    address,
    busPort: 1,
    portPath: [1],
    manufacturer: strings.get(3),
    product: strings.get(1),
    serial: strings.get(2),
  });
  const gone = () => new TransportError("DISCONNECTED", "unplugged");
  const timeout = () => new TransportError("TIMEOUT", "no answer in 2000 ms");
  const device = (at: number): UsbHidDevice => {
    const alive = () => plugged && address === at;
    const dev: UsbHidDevice = {
      info: info(),
      interruptPacketSize: 8,
      reportDescriptor: () => hung ? Promise.reject(timeout()) : Promise.resolve(hexBytes(f.rdesc!)),
      getReport: (_t: HidReportType, id: number) =>
        !alive()
          ? Promise.reject(gone())
          : hung
          ? Promise.reject(timeout())
          : Promise.resolve(reports.get(id) ?? new Uint8Array([id])),
      setReport: (_t, id, data) => {
        if (!alive()) return Promise.reject(gone());
        sets.push([...data].map((b) => b.toString(16).padStart(2, "0")).join(" "));
        reports.set(id, data.slice());
        return Promise.resolve();
      },
      // As libusb: data at once when some waits, else nothing once the timeout has passed (on the clock).
      readInterrupt: async (_length, timeoutMs) => {
        for (let waited = 0; alive() && interrupts.length === 0 && waited < timeoutMs; waited += 50) {
          await sleep(clock, 50);
        }
        if (!alive()) throw gone();
        return interrupts.shift();
      },
      getString: (i) => Promise.resolve(strings.get(i)),
      // A port reset restarts hung firmware (the handle stays valid, as when the descriptors are the same).
      reset: () => (resets.push(clock.now()), hung = false, Promise.resolve()),
      close: () => Promise.resolve(),
      [Symbol.asyncDispose]: () => Promise.resolve(),
    };
    return dev;
  };
  const bus: UsbHidBus = {
    list: () => Promise.resolve(plugged ? [info()] : []),
    open: (i) =>
      i.address === address && plugged
        ? Promise.resolve(device(address))
        : Promise.reject(new TransportError("NOT_FOUND", "no such device")),
  };
  return {
    bus,
    reports,
    sets,
    interrupts,
    resets,
    hang: () => hung = true,
    unplug: () => plugged = false,
    replug: () => (plugged = true, address++),
  };
}

async function start(
  ups: ReturnType<typeof memoryUps>,
  clock: ManualClock,
  extra: [string, string][] = [],
): Promise<RunningDriver> {
  const program = usbhidProgram([MINI]);
  const dir = await Deno.makeTempDir({ prefix: "nut-usbhid-" });
  const config = buildInstanceConfig({
    program,
    upsName: "apc",
    extra: [["port", "auto"], ["pollinterval", "2"], ["pollfreq", "10"], ...extra].map(([key, value]) => ({
      key,
      value,
      origin: "-x" as const,
    })),
  });
  return await startDriverInstance({
    program,
    config,
    statePath: dir,
    confPath: dir,
    takeOver: false,
    clock,
    log: new Logger({ sink: () => {}, timestamps: false }),
    transports: { usbHid: () => ups.bus },
  });
}

Deno.test({
  name: "usbhid-ups: start-up publishes the table's values, strings, fixed values, identity and status",
  async fn() {
    const clock = new ManualClock(0);
    const ups = memoryUps(clock);
    await using drv = await start(ups, clock);
    const v = (n: string) => drv.state.getValue(n);
    assertEquals(
      [
        "battery.charge",
        "battery.runtime",
        "battery.voltage",
        "battery.charge.low",
        "battery.type",
        "ups.status",
      ].map(v),
      ["100", "2580", "13.6", "10", "PbAc", "OL"],
    );
    assertEquals([v("ups.mfr"), v("ups.model"), v("ups.serial")], [
      "American Power Conversion",
      "Back-UPS 500 FW: 6.5.I USB FW: c1",
      "AB0427******",
    ]);
    assertEquals([v("ups.vendorid"), v("ups.productid"), v("driver.version.data")], [
      "051d",
      "0002",
      "Mini HID 0.1",
    ]);
    assertEquals(v("ups.delay.shutdown"), "20");
    assertEquals(drv.state.get("battery.charge.low")?.flags, ["RW"]);
    assertEquals(drv.state.commands().includes("load.off.delay"), true);
    assertEquals(v("ups.test.result"), undefined, "a path the device lacks publishes nothing");
  },
});

Deno.test({
  name:
    "usbhid-ups: quick passes read the status and quick values, full passes every pollfreq, interrupts at once",
  async fn() {
    const clock = new ManualClock(0);
    const ups = memoryUps(clock);
    await using drv = await start(ups, clock);
    ups.reports.set(0x0c, new Uint8Array([0x0c, 50, 0, 0, 0x08, 0x07])); // charge 50, runtime 1800
    ups.reports.set(0x09, new Uint8Array([0x09, 0xb0, 0x04])); // battery voltage 12.0
    await clock.advance(2_000);
    assertEquals([drv.state.getValue("battery.charge"), drv.state.getValue("battery.runtime")], [
      "50",
      "2580",
    ]);
    assertEquals(drv.state.getValue("battery.voltage"), "13.6", "not a quick value");
    // On battery, told by the interrupt pipe (an Input report of ACPresent and of Discharging).
    ups.interrupts.push(new Uint8Array([0x13, 0x00]), new Uint8Array([0x06, 0x00, 0x01, 0x08]));
    ups.reports.set(0x13, new Uint8Array([0x13, 0x00]));
    ups.reports.set(0x06, new Uint8Array([0x06, 0x00, 0x01, 0x08]));
    // The interrupt reader asks for a pass at once: long before the next poll.
    await clock.advance(100);
    assertEquals(drv.state.getValue("ups.status"), "OB DISCHRG");
    await clock.advance(1_900);
    await clock.advance(6_200); // 10 s since start-up: a full pass (the polls moved 100 ms with the wake)
    assertEquals([drv.state.getValue("battery.runtime"), drv.state.getValue("battery.voltage")], [
      "1800",
      "12.0",
    ]);
  },
});

/** Sends one request on the driver's socket and waits for its TRACKING answer. */
async function ask(socket: string, request: string, id: string): Promise<string> {
  const conn = await Deno.connect({ transport: "unix", path: socket });
  try {
    await conn.write(new TextEncoder().encode(`${request} TRACKING ${id}\n`));
    const buf = new Uint8Array(65536);
    let text = "";
    for (let i = 0; i < 200 && !text.includes(`TRACKING ${id} `); i++) {
      const n = await conn.read(buf);
      if (n === null) break;
      text += new TextDecoder().decode(buf.subarray(0, n));
    }
    return /TRACKING \S+ (-?\d+)/.exec(text.slice(text.indexOf(`TRACKING ${id} `)))?.[1] ?? "none";
  } finally {
    conn.close();
  }
}

Deno.test({
  name: "usbhid-ups: SET and instant commands go out as SET_REPORTs through the table; refusals are NUT's",
  async fn() {
    const clock = new ManualClock(0);
    const ups = memoryUps(clock);
    await using drv = await start(ups, clock);
    assertEquals(await ask(drv.socketPath, "SET battery.charge.low 20", "a"), String(HANDLER_STATUS.HANDLED));
    assertEquals(ups.sets, ["11 14 00 00"]);
    assertEquals(drv.state.getValue("battery.charge.low"), "20");
    assertEquals(
      await ask(drv.socketPath, "SET battery.charge.low low", "b"),
      String(HANDLER_STATUS.INVALID),
    );
    assertEquals(await ask(drv.socketPath, "SET battery.runtime 5", "c"), String(HANDLER_STATUS.UNKNOWN));
    // load.off.delay without a parameter takes ups.delay.shutdown (20 s), as NUT does.
    assertEquals(await ask(drv.socketPath, "INSTCMD load.off.delay", "d"), String(HANDLER_STATUS.HANDLED));
    assertEquals(ups.sets.at(-1), "11 14 00 00");
    assertEquals(await ask(drv.socketPath, "SET ups.delay.shutdown 30", "e"), String(HANDLER_STATUS.HANDLED));
    assertEquals(await ask(drv.socketPath, "INSTCMD load.off.delay", "f"), String(HANDLER_STATUS.HANDLED));
    assertEquals(ups.sets.at(-1), "11 1e 00 00");
    assertEquals(await ask(drv.socketPath, "INSTCMD test.panel.start", "g"), String(HANDLER_STATUS.INVALID));
  },
});

Deno.test({
  name:
    "usbhid-ups: unplugged, the data is stale at once; replugged (a new address), fresh again without a restart",
  async fn() {
    const clock = new ManualClock(0);
    const ups = memoryUps(clock);
    await using drv = await start(ups, clock);
    ups.unplug();
    await clock.advance(2_000);
    assertEquals(drv.state.stale, true);
    await clock.advance(4_000); // retries while it is away
    assertEquals(drv.state.stale, true);
    ups.reports.set(0x0c, new Uint8Array([0x0c, 25, 0, 0, 0x84, 0x03]));
    ups.replug();
    await clock.advance(2_000);
    assertEquals(drv.state.stale, false);
    assertEquals([drv.state.getValue("battery.charge"), drv.state.getValue("battery.runtime")], [
      "25",
      "900",
    ]);
  },
});

Deno.test({
  name:
    "usbhid-ups: a device that is there but does not answer goes stale, is reset after 2 failures in a row, and heals",
  async fn() {
    const clock = new ManualClock(0);
    const ups = memoryUps(clock);
    await using drv = await start(ups, clock, [["pollonly", ""]]);
    ups.hang();
    await clock.advance(2_000); // the pass times out (1), opening it again times out too (2)
    assertEquals([drv.state.stale, drv.state.getValue("driver.state"), ups.resets], [
      true,
      "reconnect.trying",
      [],
    ]);
    await clock.advance(500); // the retry: reset, opened, read: fresh
    assertEquals([drv.state.stale, drv.state.getValue("driver.state"), ups.resets], [false, "quiet", [
      2_500,
    ]]);
    ups.hang();
    await clock.advance(2_000);
    assertEquals(drv.state.stale, true);
    await clock.advance(500);
    assertEquals([drv.state.stale, ups.resets], [false, [2_500, 5_000]], "counted again from zero");
  },
});
