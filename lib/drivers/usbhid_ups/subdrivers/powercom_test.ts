import { assertEquals } from "../../../testing/asserts.ts";
import { HANDLER_STATUS } from "../../../sock/messages.ts";
import { type RawValue, runCommand } from "../../../driver/mapping.ts";
import type { DriverParams } from "../../../driver/types.ts";
import { fixtureDevice } from "../_test_tables.ts";
import type { HidSource } from "../types.ts";
import type { HidDeviceView } from "./_hid2nut.ts";
import { startUp, unreadablePaths } from "./_hid2nut_bed.ts";
import { POWERCOM_VARS, powercomOptions, powercomSubdriver, powercomSubdriverFor } from "./powercom.ts";

/**
 * The variables of NUT's dumps of PowerCOM 0d9f:0004 devices (nut-ddl: Vanguard 2.6.5, RPT-600AP 2.7.2,
 * Raptor 2000 2.7.4, Imperial IMD-825AP LCD 2.6.4) but the USB strings' (ups.mfr, ups.model, ups.serial),
 * the ids' and ups.status; their battery.date is battery.mfr.date since NUT 2.8.
 */
const POWERCOM_0004 = [
  "battery.charge",
  "battery.charge.low",
  "battery.charge.warning",
  "battery.mfr.date",
  "battery.runtime",
  "battery.type",
  "input.frequency",
  "input.voltage",
  "input.voltage.nominal",
  "output.frequency",
  "output.voltage",
  "output.voltage.nominal",
  "ups.beeper.status",
  "ups.date",
  "ups.delay.shutdown",
  "ups.delay.start",
  "ups.load",
  "ups.test.result",
  "ups.timer.shutdown",
  "ups.timer.start",
];

/**
 * The SPD-750U's descriptor (no reports recorded) and the rows whose paths it has.
 * @returns whether it has a source
 */
function spd750u(): (s: HidSource) => boolean {
  const dev = fixtureDevice("powercom-spd-750u_0d9f-0004", powercomSubdriver);
  return (s) => dev.descriptor.findByPath(s.path, s.type ?? "Feature") !== undefined;
}

Deno.test({
  name:
    "powercomSubdriver: every path reads with PowerCOM's usage names; NUT's rows, facts, commands, options",
  permissions: "none",
  fn() {
    const s = powercomSubdriver;
    assertEquals(unreadablePaths(s), []);
    assertEquals([s.variables.length, s.status.length, s.commands.length, s.fixed?.length], [35, 33, 12, 3]);
    assertEquals(POWERCOM_VARS.map((v) => [v.kind, v.name]), [
      ["FLAG", "powercom_sdcmd_byte_order_fallback"],
      ["FLAG", "powercom_sdcmd_discrete_delay"],
    ]);
    assertEquals([
      s.match({ vendorId: 0x0d9f, productId: 0x0004, bcdDevice: 0 }),
      s.match({ vendorId: 0x0d9f, productId: 0x0002, bcdDevice: 0 }),
    ], [
      true,
      false,
    ]);
  },
});

Deno.test({
  name: "powercomSubdriver: the SPD-750U descriptor has a row for every variable of NUT's 0d9f:0004 dumps",
  permissions: "none",
  fn() {
    const has = spd750u();
    const s = powercomSubdriver;
    const names = new Set([
      ...s.variables.filter((r) => has(r.source)).map((r) => r.name),
      ...(s.fixed ?? []).filter((r) => !r.source || has(r.source)).map((r) => r.name),
    ]);
    assertEquals(POWERCOM_0004.filter((n) => !names.has(n)), []);
    // Beyond the dumps: battery.temperature (UPS.Battery.Temperature), which NUT added since.
    assertEquals([...names].filter((n) => !POWERCOM_0004.includes(n)), ["battery.temperature"]);
    // Its commands (the PCM* and vendor-collection rows are other models').
    assertEquals([...new Set(s.commands.filter((c) => has(c.source)).map((c) => c.name))], [
      "beeper.toggle",
      "beeper.enable",
      "beeper.disable",
      "test.battery.start.quick",
      "load.on.delay",
      "shutdown.return",
      "shutdown.stayoff",
    ]);
    // NUT's walk: every status row but the vendor collection's has its path there.
    assertEquals(s.status.filter((r) => !has(r.source)).length, 9);
  },
});

Deno.test({
  name: "powercomSubdriver: its delays as NUT reads them (the dumps' ups.timer.start 740160 and 971220)",
  permissions: "none",
  fn() {
    const row = (name: string, path: string, sub = powercomSubdriver) =>
      sub.variables.find((r) => r.name === name && r.source.path === path)!.convert;
    const start = row("ups.timer.start", "UPS.PowerSummary.DelayBeforeStartup");
    // Minutes in a byte-swapped word: 0x3030 is 12336 minutes, 0x3b3f 16187 (Vanguard, Raptor 2000).
    assertEquals([start.toNut(0x3030), start.toNut(0x3b3f), start.toNut(0x0100), start.toNut(0)], [
      "740160",
      "971220",
      "60",
      "0",
    ]);
    const shutdown = row("ups.timer.shutdown", "UPS.PowerSummary.DelayBeforeShutdown");
    // Minutes in the high byte, seconds in the low one (the old byte order: the other way round).
    assertEquals([shutdown.toNut(0x0214), shutdown.toNut(0)], ["140", "0"]);
    const legacy = powercomSubdriverFor({ byteOrderFallback: true });
    assertEquals(
      row("ups.timer.shutdown", "UPS.PowerSummary.DelayBeforeShutdown", legacy).toNut(0x0214),
      "1202",
    );
  },
});

Deno.test({
  name:
    "powercomSubdriverFor: shutdown.return / stayoff / load.on.delay words, both byte orders, the discrete table",
  permissions: "none",
  async fn() {
    const written = async (sub = powercomSubdriver, name: string, param?: string) => {
      let got: [string, RawValue] | undefined;
      // The SPD-750U's rows (the driver runs the rows of the device's paths).
      const has = spd750u();
      const status = await runCommand(sub.commands.filter((c) => has(c.source)), name, param, (s, raw) => {
        got = [s.path, raw];
        return Promise.resolve();
      });
      return [status, got?.[1]];
    };
    const H = HANDLER_STATUS.HANDLED;
    // 20 s default (ups.delay.shutdown as first published): 0 min 20 s, AC restart enabled (0x40) or not (0x80).
    assertEquals(await written(powercomSubdriver, "shutdown.return"), [H, 0x0014 | 0x0040]);
    assertEquals(await written(powercomSubdriver, "shutdown.return", "130"), [H, 0x020a | 0x0040]);
    assertEquals(await written(powercomSubdriver, "shutdown.stayoff", "0"), [H, 0x0001 | 0x0080]);
    assertEquals(await written(powercomSubdriverFor({ offdelay: 90 }), "shutdown.stayoff"), [
      H,
      0x011e | 0x0080,
    ]);
    const legacy = powercomSubdriverFor({ byteOrderFallback: true });
    assertEquals(await written(legacy, "shutdown.return", "130"), [H, 0x0a02 | 0x4000]);
    const discrete = powercomSubdriverFor({ discreteDelay: true });
    assertEquals(await written(discrete, "shutdown.return", "20"), [H, 3]);
    assertEquals(await written(discrete, "shutdown.return", "100"), [H, 10]);
    assertEquals(await written(discrete, "shutdown.return", "600"), [H, 18]);
    // load.on.delay: whole minutes, byte-swapped unless discrete (then minutes as they are).
    assertEquals(await written(powercomSubdriver, "load.on.delay"), [H, 0x0100]);
    assertEquals(await written(powercomSubdriver, "load.on.delay", "180"), [H, 0x0300]);
    assertEquals(await written(discrete, "load.on.delay", "180"), [H, 3]);
    assertEquals(await written(powercomSubdriver, "shutdown.return", "70000"), [H, 0]);
  },
});

Deno.test({
  name: "powercomOptions(): the two flags and the delays of a driver instance",
  permissions: "none",
  fn() {
    const params = (values: Record<string, string>): DriverParams => ({
      get: (n) => values[n],
      has: (n) => n in values,
    });
    assertEquals(powercomOptions(params({ powercom_sdcmd_discrete_delay: "", offdelay: "60" })), {
      byteOrderFallback: false,
      discreteDelay: true,
      offdelay: 60,
      ondelay: undefined,
    });
  },
});

Deno.test({
  name: "powercomSubdriver: the vendor collection's status bits, beeper values and 4 V units",
  permissions: "none",
  fn() {
    const vendor = "PowercomUPS.PowercomPowerConverter.PowercomOutput";
    const at = (values: Record<string, RawValue>) => {
      const device: HidDeviceView = {
        identity: { vendorId: 0x0d9f, productId: 0x00a4, bcdDevice: 0, product: "WOW-850U" },
        read: (s) => values[s.path],
      };
      return startUp(powercomSubdriver, device);
    };
    const status = (charge: number, battery: number) =>
      at({
        [`${vendor}.PowercomInternalChargeController`]: charge,
        [`${vendor}.PowercomPrimaryBatterySupport`]: battery,
      }).get("ups.status");
    assertEquals(
      [
        status(0, 0),
        status(0, 0x08),
        status(0, 0x18),
        status(0, 0x01 | 0x02),
        status(0x04, 0),
        status(0x02, 0x20),
      ],
      ["OL", "OL TRIM", "OL BOOST", "LB", "CAL OL", "ALARM OL RB OVER"],
    );
    const got = at({
      "UPS.PowerSummary.AudibleAlarmControl": 2,
      "PowercomUPS.PowercomPowerConverter.PowercomInput.PowercomVoltage": 57,
    });
    assertEquals([got.get("ups.beeper.status"), got.get("input.voltage")], ["disabled", "228"]);
  },
});
