import { assert, assertEquals } from "../../../testing/asserts.ts";
import type { RawValue } from "../../../driver/mapping.ts";
import { fixtureDevice, loggedDevice } from "../_test_tables.ts";
import type { HidIdentity, HidSource } from "../types.ts";
import type { HidDeviceView } from "./_hid2nut.ts";
import { commandsOf, startUp, unreadablePaths } from "./_hid2nut_bed.ts";
import { MGE_ALARMS, mgeContext, mgeSubdriver, mgeSubdriverFor } from "./mge.ts";
import { mgeModel } from "./mge_models.ts";
import issue2380 from "../../../../tests/fixtures/hid/logs/eaton-issue-2380_0463-ffff.log" with {
  type: "text",
};

/**
 * The variables of NUT's dump of an Eaton 5P 650 (NUT 2.7.4; nut-ddl Eaton/Eaton__5P_650__usbhid-ups__2.7.4__01.dev)
 * that the MGE tables map (driver.*, device.*, the USB ids' and ups.status aside), with the two values
 * compared here.
 */
const EATON_5P_650 = [
  "battery.capacity",
  "battery.charge",
  "battery.charge.low",
  "battery.charge.restart",
  "battery.charger.status",
  "battery.energysave",
  "battery.energysave.delay",
  "battery.energysave.load",
  "battery.protection",
  "battery.runtime",
  "battery.type",
  "battery.voltage",
  "battery.voltage.nominal",
  "input.current",
  "input.frequency",
  "input.frequency.extended",
  "input.frequency.nominal",
  "input.sensitivity",
  "input.transfer.boost.low",
  "input.transfer.high",
  "input.transfer.low",
  "input.transfer.trim.high",
  "input.voltage",
  "input.voltage.extended",
  "input.voltage.nominal",
  "outlet.1.autoswitch.charge.low",
  "outlet.1.delay.shutdown",
  "outlet.1.delay.start",
  "outlet.1.desc",
  "outlet.1.id",
  "outlet.1.status",
  "outlet.1.switchable",
  "outlet.2.autoswitch.charge.low",
  "outlet.2.delay.shutdown",
  "outlet.2.delay.start",
  "outlet.2.desc",
  "outlet.2.id",
  "outlet.2.status",
  "outlet.2.switchable",
  "outlet.desc",
  "outlet.id",
  "outlet.switchable",
  "output.current",
  "output.frequency",
  "output.frequency.nominal",
  "output.powerfactor",
  "output.voltage",
  "output.voltage.nominal",
  "ups.beeper.status",
  "ups.delay.shutdown",
  "ups.delay.start",
  "ups.efficiency",
  "ups.firmware",
  "ups.load",
  "ups.load.high",
  "ups.power",
  "ups.power.nominal",
  "ups.realpower",
  "ups.realpower.nominal",
  "ups.shutdown",
  "ups.start.auto",
  "ups.start.battery",
  "ups.start.reboot",
  "ups.test.interval",
  "ups.test.result",
  "ups.timer.shutdown",
  "ups.timer.start",
  "ups.type",
];

const EATON: HidIdentity = { vendorId: 0x0463, productId: 0xffff, bcdDevice: 0x0100, manufacturer: "EATON" };

/**
 * A fixture device with the USB strings NUT's log printed, its descriptor telling which paths it has.
 * @param name the fixture
 * @param identity its USB identity
 * @param strings its string descriptors, by index
 * @returns the device
 */
function fixture(name: string, identity: HidIdentity, strings = new Map<number, string>()): HidDeviceView {
  const dev = fixtureDevice(name, mgeSubdriver, strings);
  return {
    identity,
    read: dev.read,
    strings,
    has: (s: HidSource) => dev.descriptor.findByPath(s.path, s.type ?? "Feature") !== undefined,
  };
}

/**
 * A device of given Feature values, with a descriptor's paths.
 * @param has the paths it has
 * @param values its values by path
 * @returns the device
 */
function synthetic(has: (s: HidSource) => boolean, values: Record<string, RawValue>): HidDeviceView {
  return { identity: EATON, read: (s) => values[s.path], has, strings: new Map() };
}

/** String descriptors the fixtures' logs do not give (battery.type, ups.firmware, device.usb.version). */
const UNKNOWN_STRINGS = ["battery.type", "device.usb.version", "ups.firmware"];

Deno.test({
  name: "mgeSubdriver: every path reads with MGE's usage names; NUT's rows, facts, commands and fixed values",
  permissions: "none",
  fn() {
    assertEquals(unreadablePaths(mgeSubdriver), []);
    const s = mgeSubdriver;
    assertEquals(
      [s.variables.length, s.status.length, s.commands.length, s.fixed?.length, MGE_ALARMS.length],
      [
        164,
        32,
        31,
        6,
        6,
      ],
    );
    assertEquals([s.name, s.version, s.usages], ["MGE HID", "1.59", "mge"]);
  },
});

Deno.test({
  name: "mgeSubdriver: NUT's claim (AEG only by its strings on Phoenixtec's id, KSTAR by its vendor string)",
  permissions: "none",
  fn() {
    const claims = (vendorId: number, productId: number, manufacturer?: string, product?: string) =>
      mgeSubdriver.match({ vendorId, productId, bcdDevice: 0, manufacturer, product });
    assertEquals(
      [
        claims(0x0463, 0xffff),
        claims(0x0463, 0x0001),
        claims(0x0463, 0x1234),
        claims(0x047c, 0xffff),
        claims(0x06da, 0xffff, "PHOENIXTEC"),
        claims(0x06da, 0xffff, "AEG POWER SOLUTIONS"),
        claims(0x06da, 0x0002, undefined, "PROTECT NAS AEG"),
        claims(0x09d6, 0x0001, "MicroPower"),
        claims(0x09d6, 0x0002, "KSTAR"),
        claims(0x051d, 0x0002),
      ],
      [true, true, false, true, false, true, true, false, true, false],
    );
  },
});

Deno.test({
  name: "mgeSubdriverFor: the Eaton 3S 850 of NUT 2.8.1's debug log publishes what NUT's table gives",
  permissions: "none",
  fn() {
    // NUT printed "get_model_name(Eaton 3S, 850 )": iProduct "Eaton 3S", the iModel string (index 12) "850 ".
    const device = fixture(
      "eaton-3s-850_0463-ffff",
      { ...EATON, product: "Eaton 3S" },
      new Map([[12, "850 "]]),
    );
    const got = startUp(mgeSubdriverFor(device), device);
    for (const name of UNKNOWN_STRINGS) got.delete(name);
    assertEquals(Object.fromEntries(got), {
      "battery.charge": "100",
      "battery.charge.low": "20",
      "battery.runtime": "3840",
      "input.transfer.high": "264",
      "input.transfer.low": "161",
      "outlet.1.desc": "PowerShare Outlet 1",
      "outlet.1.id": "1",
      "outlet.1.protect.status": "not protected",
      "outlet.1.status": "on",
      "outlet.1.switchable": "no",
      "outlet.desc": "Main Outlet",
      "outlet.id": "0",
      "outlet.switchable": "yes",
      "output.frequency.nominal": "50",
      "output.voltage": "230.0",
      "output.voltage.nominal": "230",
      "ups.beeper.status": "enabled",
      "ups.delay.shutdown": "20",
      "ups.delay.start": "30",
      "ups.load": "4",
      "ups.mfr": "EATON",
      // Not in NUT's model table ("3S" rows name iProduct "3S"): "<iProduct> <iModel>", its space kept.
      "ups.model": "Eaton 3S 850 ",
      "ups.power.nominal": "850",
      // NUT's log: "eaton_compute_realpower_fun(27)" (4 % of 850 VA at 0.8).
      "ups.realpower": "27",
      // Charging at battery.charge 100: no CHRG.
      "ups.status": "OL",
      "ups.timer.shutdown": "-1",
      "ups.timer.start": "-1",
      "ups.type": "offline / line interactive",
    });
    // NUT's log: "Adding command" for exactly these (beeper.mute/disable/enable twice, by both paths).
    assertEquals(commandsOf(mgeSubdriverFor(device), device), [
      "beeper.disable",
      "beeper.enable",
      "beeper.mute",
      "beeper.off",
      "beeper.on",
      "load.off.delay",
      "load.on.delay",
      "shutdown.stop",
    ]);
  },
});

Deno.test({
  name: "mgeSubdriverFor: the Eaton 3S 700 and the Santak TG-BOX 850 (reports without a NUT log)",
  permissions: "none",
  fn() {
    // No iModel string known: NUT falls back to ConfigApparentPower (700) for the model.
    const e700 = fixture("eaton-3s-700_0463-ffff", { ...EATON, product: "Eaton 3S" });
    const got = startUp(mgeSubdriverFor(e700), e700);
    const picked = [
      "battery.runtime",
      "ups.beeper.status",
      "ups.load",
      "ups.model",
      "ups.power.nominal",
      "ups.realpower",
    ];
    assertEquals(picked.map((n) => got.get(n)), ["3360", "disabled", "5", "Eaton 3S 700", "700", "28"]);
    // The TG-BOX's ten reports: no BatterySystem beeper report (the PowerSummary row answers), no
    // RemainingCapacityLimitSetting (the read-only RemainingCapacityLimit row answers), no outlet ids.
    const tgbox = fixture("eaton-santak-tg-box-850_0463-ffff", EATON);
    const tg = startUp(mgeSubdriverFor(tgbox), tgbox);
    assertEquals(Object.fromEntries(tg), {
      "battery.charge": "100",
      "battery.charge.low": "20",
      "battery.runtime": "1248",
      "input.transfer.high": "264",
      "input.transfer.low": "184",
      "outlet.1.desc": "PowerShare Outlet 1",
      "outlet.1.protect.status": "not protected",
      "outlet.1.status": "on",
      "outlet.desc": "Main Outlet",
      "output.frequency.nominal": "50",
      "output.voltage": "230.0",
      "output.voltage.nominal": "220",
      "ups.beeper.status": "enabled",
      "ups.delay.shutdown": "20",
      "ups.delay.start": "30",
      "ups.load": "24",
      "ups.mfr": "EATON",
      "ups.model": "unknown 850",
      "ups.power.nominal": "850",
      "ups.realpower": "163",
      "ups.status": "OL",
    });
  },
});

Deno.test({
  name:
    "mgeSubdriverFor: the Eaton 5P descriptor has a row for every variable of NUT's 5P 650 dump but its outlets' and input's",
  permissions: "none",
  fn() {
    const dev = fixtureDevice("eaton-5p_0463-ffff", mgeSubdriver);
    const has = (s: HidSource) => dev.descriptor.findByPath(s.path, s.type ?? "Feature") !== undefined;
    // ABM on through Charger.Mode, as the dump's battery.charger.status says.
    const sub = mgeSubdriverFor(synthetic(has, { "UPS.BatterySystem.Charger.ABMEnable": 1 }));
    const rows = new Set([
      ...sub.variables.filter((r) => has(r.source)).map((r) => r.name),
      ...(sub.fixed ?? []).map((r) => r.name),
    ]);
    const missing = EATON_5P_650.filter((n) => !rows.has(n));
    // This 5P's descriptor (another unit than the dump's, from an ESP32 bridge's diagnostics) has no
    // PowerConverter.Input collection and no OutletSystem: those rows have no path on it.
    assertEquals(missing.filter((n) => !/^(input|outlet)\./.test(n)), [
      "battery.energysave",
      "battery.energysave.delay",
      "battery.energysave.load",
      "battery.voltage",
      "battery.voltage.nominal",
      "ups.load.high",
      "ups.start.auto",
      "ups.start.battery",
    ]);
    // battery.voltage(.nominal) are rows of the 5P family (PowerSummary.Voltage/ConfigVoltage): with
    // the model known they resolve.
    const family = mgeSubdriverFor({
      ...synthetic(has, { "UPS.PowerSummary.iModel": 2, "UPS.BatterySystem.Charger.ABMEnable": 1 }),
      identity: { ...EATON, product: "Eaton 5P" },
      strings: new Map([[2, "650"]]),
    });
    const names = family.variables.filter((r) => has(r.source)).map((r) => r.name);
    assert(names.includes("battery.voltage") && names.includes("battery.voltage.nominal"));
    const formatModel = family.formatModel as (d: HidIdentity) => string | undefined;
    assertEquals(formatModel({ ...EATON, product: "Eaton 5P" }), "5P 650"); // the dump's ups.model
  },
});

Deno.test({
  name: "mgeSubdriverFor: ABM on through Charger.Mode gives battery.charger.status and CHRG/DISCHRG from it",
  permissions: "none",
  fn() {
    const dev = fixtureDevice("eaton-5p_0463-ffff", mgeSubdriver);
    const has = (s: HidSource) => dev.descriptor.findByPath(s.path, s.type ?? "Feature") !== undefined;
    const at = (mode: number, charging: number, charge: number) => {
      const device = synthetic(has, {
        "UPS.BatterySystem.Charger.ABMEnable": 1,
        "UPS.BatterySystem.Charger.Mode": mode,
        "UPS.PowerSummary.PresentStatus.ACPresent": mode === 2 ? 0 : 1,
        "UPS.PowerSummary.PresentStatus.Charging": charging,
        "UPS.PowerSummary.RemainingCapacity": charge,
      });
      const got = startUp(mgeSubdriverFor(device), device);
      return [got.get("battery.charger.status"), got.get("ups.status")];
    };
    // NUT's 5P 650 dump: floating; resting (4) sets no charger fact whatever PresentStatus.Charging says.
    assertEquals(at(3, 1, 90), ["floating", "OL CHRG"]);
    assertEquals(at(4, 1, 90), ["resting", "OL"]);
    assertEquals(at(2, 0, 90), ["discharging", "OB DISCHRG"]);
    // ABM off: PresentStatus.Charging, and no battery.charger.status.
    const off = synthetic(has, {
      "UPS.BatterySystem.Charger.ABMEnable": 0,
      "UPS.BatterySystem.Charger.Mode": 4,
      "UPS.PowerSummary.PresentStatus.ACPresent": 1,
      "UPS.PowerSummary.PresentStatus.Charging": 1,
      "UPS.PowerSummary.RemainingCapacity": 90,
    });
    const got = startUp(mgeSubdriverFor(off), off);
    assertEquals([got.get("battery.charger.status"), got.get("ups.status")], [undefined, "OL CHRG"]);
  },
});

Deno.test({
  name: "mgeSubdriverFor: NUT's Path lines and SETINFOs of an ABM-on Eaton (NUT issue 2380)",
  permissions: "none",
  fn() {
    const logged = loggedDevice(issue2380, EATON);
    // The excerpt has no ABMEnable line; the charger status NUT published says ABM was on.
    const device: HidDeviceView = {
      identity: EATON,
      read: (s) => s.path === "UPS.BatterySystem.Charger.ABMEnable" ? 1 : logged.read(s),
    };
    const got = startUp(mgeSubdriverFor(device), device);
    const setinfo = [...issue2380.matchAll(/send_to_all: SETINFO (\S+) "([^"]*)"/g)].map((m) => [m[1], m[2]]);
    assertEquals(setinfo.length, 5);
    for (const [name, value] of setinfo) assertEquals([name, got.get(name)], [name, value]);
    // Input.[3] not used and Input.[1] used: NUT's "online" twice.
    assertEquals(got.get("ups.status"), "OL");
  },
});

Deno.test({
  name: "mgeModel(): NUT's model table (names, families) and its concatenation",
  permissions: "none",
  fn() {
    assertEquals(mgeModel("Eaton 5P", "650"), { name: "5P 650", family: "5P" });
    assertEquals(mgeModel("Ellipse PRO", "1200 "), { name: "Eaton 5S1200", family: "5P" });
    assertEquals(mgeModel("Ellipse PRO", "1200"), { name: "Ellipse PRO 1200", family: "DEFAULT" });
    assertEquals(mgeModel("Evolution", "650"), { name: "Evolution 650", family: "EVOLUTION_650" });
    assertEquals(mgeModel("Evolution", "500"), { name: "Pulsar Evolution 500", family: "DEFAULT" });
    assertEquals(mgeModel("Protection Station", "650"), {
      name: "Protection Station 650",
      family: "PEGASUS",
    });
    assertEquals(mgeModel("3S", "700"), { name: "3S 700", family: "3S" });
    assertEquals(mgeModel("unknown", "2000"), { name: "9E2000i (presumed)", family: "9E" });
    assertEquals(mgeModel("PULSAR M", "3000 XL"), { name: "PULSAR M 3000 XL", family: "PULSAR_M" });
  },
});

Deno.test({
  name: "mgeSubdriverFor: the Protection Station rows (outlet.power threshold, writable outlet switchable)",
  permissions: "none",
  fn() {
    const values: Record<string, RawValue> = {
      "UPS.PowerSummary.iModel": 3,
      "UPS.OutletSystem.Outlet.[1].ConfigApparentPower": 25,
      "UPS.OutletSystem.Outlet.[1].ApparentPower": 104,
      "UPS.OutletSystem.Outlet.[3].PresentStatus.Switchable": 0,
    };
    const device = (product: string, country?: number): HidDeviceView => ({
      identity: { ...EATON, product },
      read: (s) => s.path === "UPS.PowerSummary.Country" ? country : values[s.path],
      strings: new Map([[3, product === "3S" ? "700" : "650"]]),
    });
    const station = mgeSubdriverFor(device("Protection Station"));
    const got = startUp(station, device("Protection Station"));
    assertEquals([got.get("outlet.power"), got.get("outlet.2.switchable")], ["25", "no"]);
    const power = station.variables.find((r) => r.name === "outlet.power")!;
    assertEquals([power.flags, power.convert.values, power.convert.fromNut!("60")], [[
      "RW",
      "STRING",
      "STATIC",
      "ENUM",
    ], [
      "10",
      "25",
      "60",
    ], 60]);
    // A European 3S has no ECO control: outlet.power is the apparent power; elsewhere it has.
    assertEquals(startUp(mgeSubdriverFor(device("3S", 0)), device("3S", 0)).get("outlet.power"), "104");
    assertEquals(startUp(mgeSubdriverFor(device("3S", 1)), device("3S", 1)).get("outlet.power"), "25");
    // Before NUT knows the model, the base tables have no threshold row.
    assertEquals(startUp(mgeSubdriver, device("Protection Station")).get("outlet.power"), "104");
  },
});

Deno.test({
  name:
    "mgeSubdriverFor: the nominal output voltages a model accepts (and offers), as NUT's first value says",
  permissions: "none",
  fn() {
    const offer = (family: string, first: number) => {
      const values = { "UPS.Flow.[4].ConfigVoltage": first, "UPS.PowerSummary.iModel": 1 };
      const product = family === "offline" ? "ELLIPSE" : "Eaton 5P";
      const d: HidDeviceView = {
        identity: { ...EATON, product },
        read: (s) => (values as Record<string, RawValue>)[s.path],
        strings: new Map([[1, "650"]]),
      };
      const row = mgeSubdriverFor(d).variables.find((r) => r.name === "output.voltage.nominal")!;
      return [row.convert.values, row.convert.toNut(208), row.convert.toNut(120), row.flags];
    };
    assertEquals(offer("5p", 230), [["200", "208", "220", "230", "240"], "208", undefined, [
      "RW",
      "STRING",
      "STATIC",
      "ENUM",
    ]]);
    assertEquals(offer("offline", 230), [["220", "230", "240"], undefined, undefined, [
      "RW",
      "STRING",
      "STATIC",
      "ENUM",
    ]]);
    assertEquals(offer("5p", 120), [["100", "110", "120", "127"], undefined, "120", [
      "RW",
      "STRING",
      "STATIC",
      "ENUM",
    ]]);
    assertEquals(mgeContext({ identity: EATON, read: () => undefined }), { family: "DEFAULT" });
  },
});

Deno.test({
  name:
    "mgeSubdriver: ups.date and ups.time from UPS.PowerSummary.Time (local time), ECO mode words, ampere-hours",
  permissions: "none",
  fn() {
    const row = (name: string) => mgeSubdriver.variables.find((r) => r.name === name)!.convert;
    const t = 1735732800; // 2025-01-01 12:00:00 UTC: that date in every time zone within 11 hours of UTC
    const local = new Date(t * 1000);
    assertEquals(row("ups.date").toNut(t), "2025/01/01");
    assertEquals(
      row("ups.time").toNut(t),
      [local.getHours(), local.getMinutes(), local.getSeconds()].map((n) => String(n).padStart(2, "0")).join(
        ":",
      ),
    );
    const eco = row("input.eco.switchable");
    assertEquals([eco.toNut(0), eco.toNut(1), eco.toNut(2), eco.toNut(3)], [
      "normal",
      "ECO",
      "ESS",
      undefined,
    ]);
    assertEquals([eco.fromNut!("ESS"), eco.fromNut!("vendor:mge-hid:ECO"), eco.fromNut!("eco")], [
      2,
      1,
      undefined,
    ]);
    assertEquals(row("battery.capacity").toNut(32400), "9.00");
    assertEquals(row("output.powerfactor").toNut(53), "0.53");
  },
});
