/**
 * The values decoded from recorded reports against what NUT made of the same devices: the upsc values of
 * NUT's dumps (.dev), through the paths and formats of NUT's subdriver tables (drivers/apc-hid.c,
 * cps-hid.c, mge-hid.c). The mapping below is a small excerpt of those tables, for this test only.
 */
import { assertEquals } from "../testing/asserts.ts";
import { devValues, fixture, hexBytes, recordedReports } from "../testing/hid_fixtures.ts";
import type { HidFixture } from "../testing/hid_fixtures.ts";
import { parseReportDescriptor } from "./descriptor.ts";
import { fixReportDescriptor } from "./fixups.ts";
import { decodeField } from "./report.ts";
import { usageNamesFor } from "./usages/subdrivers.ts";

const pure = { permissions: "none" } as const;

/** NUT's APC/CPS battery date: bits 15-9 years since 1980, 8-5 month, 4-0 day. */
function date(value: number): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${(value >> 9) + 1980}/${pad((value >> 5) & 0x0f)}/${pad(value & 0x1f)}`;
}

type Format = "%.0f" | "%.1f" | "date";

/** Reads NUT variables from a device's recorded reports: name -> [path, format], first path found wins. */
function readVariables(
  f: HidFixture,
  table: Record<string, [string[], Format]>,
  fix = true,
): Record<string, string> {
  const parsed = parseReportDescriptor(hexBytes(f.rdesc!), { names: usageNamesFor(f.subdriver) });
  const d = fix ? fixReportDescriptor(parsed, f.subdriver, f).descriptor : parsed;
  const reports = recordedReports(f.reports!);
  const out: Record<string, string> = {};
  for (const [name, [paths, format]] of Object.entries(table)) {
    for (const path of paths) {
      const field = d.findByPath(path) ?? d.findByPath(path, "Input");
      const report = field === undefined ? undefined : reports.get(field.reportId);
      if (field === undefined || report === undefined) continue;
      const value = decodeField(field, report);
      out[name] = format === "date" ? date(value) : value.toFixed(format === "%.1f" ? 1 : 0);
      break;
    }
  }
  return out;
}

/** The same variables of the .dev dump. */
function dumped(f: HidFixture, names: string[]): Record<string, string> {
  const dev = devValues(f.dev!);
  return Object.fromEntries(names.map((n) => [n, dev.get(n) ?? "(missing)"]));
}

const APC: Record<string, [string[], Format]> = {
  "battery.charge": [["UPS.PowerSummary.RemainingCapacity", "UPS.Battery.RemainingCapacity"], "%.0f"],
  "battery.charge.low": [["UPS.PowerSummary.RemainingCapacityLimit"], "%.0f"],
  "battery.charge.warning": [["UPS.PowerSummary.WarningCapacityLimit"], "%.0f"],
  "battery.runtime": [["UPS.PowerSummary.RunTimeToEmpty", "UPS.Battery.RunTimeToEmpty"], "%.0f"],
  "battery.runtime.low": [["UPS.Battery.RemainingTimeLimit"], "%.0f"],
  "battery.voltage": [["UPS.PowerSummary.Voltage", "UPS.Battery.Voltage"], "%.1f"],
  "battery.voltage.nominal": [["UPS.PowerSummary.ConfigVoltage", "UPS.Battery.ConfigVoltage"], "%.1f"],
  "battery.mfr.date": [["UPS.PowerSummary.ManufacturerDate", "UPS.Battery.ManufacturerDate"], "date"],
  "ups.mfr.date": [["UPS.ManufacturerDate"], "date"],
  "input.voltage": [["UPS.Input.Voltage"], "%.1f"],
  "input.voltage.nominal": [["UPS.Input.ConfigVoltage"], "%.0f"],
  "input.transfer.low": [["UPS.Input.LowVoltageTransfer"], "%.0f"],
  "input.transfer.high": [["UPS.Input.HighVoltageTransfer"], "%.0f"],
  "ups.realpower.nominal": [["UPS.PowerConverter.ConfigActivePower"], "%.0f"],
  "ups.timer.reboot": [["UPS.APCGeneralCollection.APCDelayBeforeReboot"], "%.0f"],
  "ups.timer.shutdown": [["UPS.PowerSummary.DelayBeforeShutdown"], "%.0f"],
};

Deno.test({
  ...pure,
  name: "decoded reports of the APC Back-UPS CS 500 give the values of NUT's dump of that session",
  fn() {
    const f = fixture("apc-back-ups-cs-500_051d-0002");
    const ours = readVariables(f, APC);
    assertEquals(ours, dumped(f, Object.keys(ours)));
    assertEquals(Object.keys(ours).length, 8);
  },
});

Deno.test({
  ...pure,
  name: "decoded reports of the APC Back-UPS BK650M2-CH give the values of NUT's dump of that session",
  fn() {
    const f = fixture("apc-back-ups-bk650m2-ch_051d-0002");
    const ours = readVariables(f, APC);
    assertEquals(ours, dumped(f, Object.keys(ours)));
    assertEquals(Object.keys(ours).length, 15);
    // ups.status "OL DISCHRG": ACPresent and Discharging of PresentStatus (report 0x16 0e 00).
    const status = readVariables(f, {
      ac: [["UPS.PowerSummary.PresentStatus.ACPresent"], "%.0f"],
      dischrg: [["UPS.PowerSummary.PresentStatus.Discharging"], "%.0f"],
      // ups.test.result "Done and passed" is NUT's name of Test = 1; beeper "disabled" of AudibleAlarmControl = 1.
      test: [["UPS.Battery.Test"], "%.0f"],
      beeper: [["UPS.PowerSummary.AudibleAlarmControl"], "%.0f"],
      // input.sensitivity "low" is APC's name of APCSensitivity = 0.
      sensitivity: [["UPS.Input.APCSensitivity"], "%.0f"],
    });
    assertEquals(status, { ac: "1", dischrg: "1", test: "1", beeper: "1", sensitivity: "0" });
    assertEquals([devValues(f.dev!).get("ups.status"), devValues(f.dev!).get("ups.test.result")], [
      "OL DISCHRG",
      "Done and passed",
    ]);
  },
});

Deno.test({
  ...pure,
  name: "decoded reports of a CyberPower CP1500EPFCLCD give the settings of NUT's dump of another unit",
  fn() {
    const f = fixture("cyberpower-cp1500epfclcd_0764-0501");
    const ours = readVariables(f, {
      "battery.charge.low": [["UPS.PowerSummary.RemainingCapacityLimit"], "%.0f"],
      "battery.charge.warning": [["UPS.PowerSummary.WarningCapacityLimit"], "%.0f"],
      "battery.runtime.low": [["UPS.PowerSummary.RemainingTimeLimit"], "%.0f"],
      "battery.voltage": [["UPS.PowerSummary.Voltage"], "%.1f"],
      "battery.voltage.nominal": [["UPS.PowerSummary.ConfigVoltage"], "%.0f"],
      "input.voltage.nominal": [["UPS.Input.ConfigVoltage"], "%.0f"],
      "input.transfer.high": [["UPS.Input.HighVoltageTransfer"], "%.0f"],
      "ups.realpower.nominal": [["UPS.Output.ConfigActivePower"], "%.0f"],
      "ups.timer.shutdown": [["UPS.Output.DelayBeforeShutdown"], "%.0f"],
      "ups.timer.start": [["UPS.Output.DelayBeforeStartup"], "%.0f"],
    });
    assertEquals(ours, dumped(f, Object.keys(ours)));
    // Readings of that moment, as the fixture's source decoded them (the dump is of another day and unit).
    assertEquals(
      readVariables(f, {
        charge: [["UPS.PowerSummary.RemainingCapacity"], "%.0f"],
        input: [["UPS.Input.Voltage"], "%.1f"],
        output: [["UPS.Output.Voltage"], "%.1f"],
        low: [["UPS.Input.LowVoltageTransfer"], "%.0f"],
        ac: [["UPS.PowerSummary.PresentStatus.ACPresent"], "%.0f"],
      }),
      { charge: "100", input: "238.0", output: "238.0", low: "180", ac: "1" },
    );
  },
});

Deno.test({
  ...pure,
  name:
    "decoded reports of the Eaton 3S (700 VA), WalleCube and GoldenMate give their sources' expected values",
  fn() {
    assertEquals(
      readVariables(fixture("eaton-3s-700_0463-ffff"), {
        "battery.charge": [["UPS.PowerSummary.RemainingCapacity"], "%.0f"],
        "battery.charge.low": [["UPS.PowerSummary.RemainingCapacityLimit"], "%.0f"],
        "battery.runtime": [["UPS.PowerSummary.RunTimeToEmpty"], "%.0f"],
        "ups.load": [["UPS.PowerSummary.PercentLoad"], "%.0f"],
        "input.transfer.high": [["UPS.PowerConverter.Output.HighVoltageTransfer"], "%.0f"],
        "input.transfer.low": [["UPS.PowerConverter.Output.LowVoltageTransfer"], "%.0f"],
        "output.voltage": [["UPS.PowerConverter.Output.Voltage"], "%.1f"],
        "ups.delay.shutdown": [["UPS.PowerSummary.DelayBeforeShutdown"], "%.0f"],
        "ups.power.nominal": [["UPS.Flow.[4].ConfigApparentPower"], "%.0f"],
      }),
      {
        "battery.charge": "100",
        "battery.charge.low": "20",
        "battery.runtime": "3360",
        "ups.load": "5",
        "input.transfer.high": "264",
        "input.transfer.low": "161",
        "output.voltage": "230.0",
        "ups.delay.shutdown": "-1",
        "ups.power.nominal": "700",
      },
    );
    const status: Record<string, [string[], Format]> = {
      charge: [["UPS.PowerSummary.RemainingCapacity"], "%.0f"],
      ac: [["UPS.PowerSummary.PresentStatus.ACPresent"], "%.0f"],
      discharging: [["UPS.PowerSummary.PresentStatus.Discharging"], "%.0f"],
    };
    assertEquals(
      readVariables(fixture("wallecube-smart-ups-w150_04d8-d005"), {
        ...status,
        runtime: [["UPS.PowerSummary.RunTimeToEmpty"], "%.0f"],
      }),
      { charge: "100", ac: "1", discharging: "0", runtime: "12912" },
    );
    assertEquals(readVariables(fixture("goldenmate-1500va-1000w_075d-0300"), status), {
      charge: "100",
      ac: "1",
      discharging: "0",
    });
  },
});
