/**
 * usbhid-ups's Ever subdriver (Sinline RT, ECO PRO AVR CDS; 2e51:0000, 2e51:ffff and ST's 0483:a113):
 * the data of NUT's drivers/ever-hid.c ("Ever HID 0.10", networkupstools/nut 6c63f7745ab5) - its USB ids,
 * `ever_hid2nut[]` in NUT's order with the vendor paths of `ever_usage_lkp[]` (`UPS.EVER1.EVER13`), its
 * version, hardware and work mode texts, and the ups.mfr fallback. Most names are NUT's own
 * `experimental.*` ones.
 *
 * Not carried (they need more than the value of their own path): NUT's `ever_mac_address_fun`,
 * `ever_ip_address_fun`, `ever_packets_fun`, `ever_messages_fun` and `ever_alarms_fun` print the bytes
 * of whole reports (210, 211/230/231/232, 215..218, 75, 76; the address and packet ones rotate through
 * their reports with a static counter), so the rows experimental.networkcard.mac_address,
 * .notification_destination_ip, .ip_address, .network_mask, .default_gateway, .send_packets,
 * .received_packets, .send_packets_err, .received_packets_err and experimental.status.messages, .alarms
 * are left out. `ever_workmode_fun` and `ever_on_off_fun` read the first byte of report 74, which is
 * taken here as the value of `UPS.EVER1.EVER97.EVER98` (the work mode row's own path); NUT's on/off row
 * sits on `EVER97.EVER102` of the same report.
 * @module
 */
import { type Conversion, decoded, formatted, lookup, type VarRow } from "../../../driver/mapping.ts";
import { cFormat } from "../../../driver/printf.ts";
import { KELVIN_CELSIUS, YES_NO } from "../conversions.ts";
import { feature, type HidIdentity, type HidSource, type HidSubdriver, idsMatch } from "../types.ts";
import { boolRows } from "./_bools.ts";

const F0 = formatted("%.0f");

/** `v<major>.<minor>b<build>` of a 16-bit version word (ever_format_version_fun). */
const VERSION = decoded((raw) => {
  const w = Math.trunc(Number(raw)) >>> 0;
  return `v${cFormat("%X", (w >> 12) & 0xf)}.${cFormat("%X", (w >> 8) & 0xf)}b${cFormat("%02d", w & 0xff)}`;
});

/** Hardware revision letters, `0` then A..Z (ever_format_hardware_fun's hard_rev). */
const REVISIONS = "0ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** `rev.<letter>v<number>`: the high byte a revision letter, the low byte a number (beyond Z: none). */
const HARDWARE = decoded((raw) => {
  const w = Math.trunc(Number(raw)) >>> 0;
  const letter = REVISIONS[(w >> 8) & 0xff];
  return letter === undefined ? undefined : `rev.${letter}v${cFormat("%02u", w & 0xff)}`;
});

/** `experimental.status.workmode` (ever_workmode_fun); a value it does not name is UNKNOWN. */
const WORKMODE = lookup([
  [1, "UNKNOWN"],
  [2, "STOP"],
  [4, "ONLINE"],
  [8, "ONBATTERY"],
  [16, "WATCH"],
  [32, "WAITING"],
  [64, "EMERGENCY"],
], "UNKNOWN");

/**
 * A variable row over a Feature path.
 * @param name NUT's name
 * @param path the HID path
 * @param convert the conversion
 * @param flags its flags
 * @param maxLength the longest text of a RW STRING
 * @returns the row
 */
function v(
  name: string,
  path: string,
  convert: Conversion,
  flags?: VarRow<HidSource>["flags"],
  maxLength?: number,
): VarRow<HidSource> {
  return { name, source: feature(path), convert, flags, maxLength };
}

/**
 * A row of ever_hid2nut's many plain `%.0f` readings.
 * @param name NUT's name
 * @param path the HID path
 * @returns the row
 */
function n(name: string, path: string): VarRow<HidSource> {
  return v(name, path, F0);
}

/** NUT's ever_usb_device_table. */
const IDS = [
  { vendorId: 0x0483, productId: 0xa113, vendor: "Ever" },
  { vendorId: 0x2e51, productId: 0xffff, vendor: "Ever" },
  { vendorId: 0x2e51, productId: 0x0000, vendor: "Ever" },
] as const;

/** The vendor collection of Ever's paths. */
const E = "UPS.EVER1.";

/**
 * Ever's tables. A device is claimed by its ids only: NUT also takes another product of the vendor when
 * the `productid` option is given, which a subdriver's match cannot see.
 */
export const everSubdriver: HidSubdriver = {
  name: "Ever HID",
  version: "0.10",
  usages: "ever",
  ids: IDS,
  match: (d: HidIdentity) => idsMatch(IDS, d),
  variables: [
    n("experimental.battery.batteryid", "UPS.BatterySystem.Battery.BatteryID"),
    n("experimental.battery.systemid", "UPS.BatterySystem.BatterySystemID"),
    n("experimental.battery.chargerid", "UPS.BatterySystem.Charger.ChargerID"),
    n("experimental.battery.input_flowid", "UPS.BatterySystem.Input.FlowID"),
    n("experimental.battery.input_id", "UPS.BatterySystem.Input.InputID"),
    n("experimental.battery.output_flowid", "UPS.BatterySystem.Output.FlowID"),
    n("experimental.battery.output_id", "UPS.BatterySystem.Output.OutputID"),
    v("experimental.id.firmware_version_inverter", E + "EVER13", VERSION),
    v("experimental.id.firmware_version_interfaces", E + "EVER14", VERSION),
    v("experimental.id.hardware_version", E + "EVER15", HARDWARE),
    v("experimental.id.protocol_version_inverter", E + "EVER16", VERSION),
    v("experimental.id.protocol_version_interfaces", E + "EVER17", VERSION),
    v("ups.temperature", E + "EVER42", KELVIN_CELSIUS),
    v("battery.temperature", E + "EVER43", KELVIN_CELSIUS),
    n("output.powerfactor", E + "EVER44"),
    v("experimental.control.ups_on", E + "EVER45.EVER46", F0, ["RW"]),
    v("experimental.control.clear_fault", E + "EVER45.EVER47", F0, ["RW"]),
    v("experimental.control.clear_battery_fault", E + "EVER45.EVER48", F0, ["RW"]),
    v("experimental.control.epo_blocked", E + "EVER49.EVER50", F0, ["RW"]),
    v("experimental.control.green_mode", E + "EVER49.EVER51", F0, ["RW"]),
    v("experimental.control.button_sound", E + "EVER49.EVER52", F0, ["RW"]),
    v("experimental.control.audible_alarm", E + "EVER49.EVER53", F0, ["RW"]),
    v("output.voltage", E + "EVER54", F0, ["RW", "STRING"], 3),
    v("experimental.config.overload_clearance_threshold", E + "EVER59", F0, ["RW", "STRING"], 2),
    v("experimental.config.stb_charge", E + "EVER60", F0, ["RW", "STRING"], 2),
    v("battery.packs.external", E + "EVER61", F0, ["RW", "STRING"], 1),
    n("experimental.statistics.mains_loss_counter", E + "EVER62"),
    n("experimental.statistics.lowering_AVR_trigger_counter", E + "EVER63"),
    n("experimental.statistics.rising_AVR_trigger_counter", E + "EVER64"),
    n("experimental.statistics.overload_counter", E + "EVER65"),
    n("experimental.statistics.short_circuit_counter", E + "EVER66"),
    n("experimental.statistics.discharge_counter", E + "EVER67"),
    n("experimental.statistics.overheat_counter", E + "EVER68"),
    n("experimental.statistics.mains_operation_time", E + "EVER69"),
    n("experimental.statistics.autonomous_operation_time", E + "EVER70"),
    n("experimental.statistics.overload_operation_time", E + "EVER71"),
    n("experimental.networkcard.config_dhcp_enabled", E + "EVER85.EVER86"),
    n("experimental.networkcard.config_ethernet_enabled", E + "EVER85.EVER87"),
    n("experimental.networkcard.config_http_enabled", E + "EVER85.EVER88"),
    n("experimental.networkcard.config_snmp_enabled", E + "EVER85.EVER89"),
    n("experimental.networkcard.config_snmp_trap_enabled", E + "EVER85.EVER90"),
    n("experimental.networkcard.config_readonly", E + "EVER85.EVER91"),
    n("experimental.networkcard.config_restart_eth", E + "EVER85.EVER96"),
    n("ups.realpower.nominal", "UPS.Flow.ConfigActivePower"),
    n("ups.power.nominal", "UPS.Flow.ConfigApparentPower"),
    n("output.frequency.nominal", "UPS.Flow.ConfigFrequency"),
    n("output.voltage.nominal", "UPS.Flow.ConfigVoltage"),
    n("experimental.ups.flow_id", "UPS.Flow.FlowID"),
    n("outlet.1.id", "UPS.OutletSystem.Outlet.OutletID"),
    v("experimental.outlet.1.present", "UPS.OutletSystem.Outlet.PresentStatus.Present", YES_NO),
    v("outlet.1.switchable", "UPS.OutletSystem.Outlet.PresentStatus.Switchable", YES_NO),
    n("outlet.1.status", "UPS.OutletSystem.Outlet.PresentStatus.SwitchOn/Off"),
    n("experimental.outlet.1.undefined", "UPS.OutletSystem.Outlet.PresentStatus.Undefined"),
    n("experimental.outlet.1.system_id", "UPS.OutletSystem.OutletSystemID"),
    v("experimental.outlet.1.switch_off_control", "UPS.OutletSystem.Outlet.SwitchOffControl", F0, ["RW"]),
    v("experimental.outlet.1.switch_on_control", "UPS.OutletSystem.Outlet.SwitchOnControl", F0, ["RW"]),
    n("experimental.powerconverter.input_flow_id", "UPS.PowerConverter.Input.FlowID"),
    n("input.frequency", "UPS.PowerConverter.Input.Frequency"),
    n("experimental.powerconverter.input_id", "UPS.PowerConverter.Input.InputID"),
    n("input.voltage", "UPS.PowerConverter.Input.Voltage"),
    n("ups.realpower", "UPS.PowerConverter.Output.ActivePower"),
    n("ups.power", "UPS.PowerConverter.Output.ApparentPower"),
    n("output.current", "UPS.PowerConverter.Output.Current"),
    n("experimental.powerconverter.output_flowid", "UPS.PowerConverter.Output.FlowID"),
    n("output.frequency", "UPS.PowerConverter.Output.Frequency"),
    n("experimental.powerconverter.output_id", "UPS.PowerConverter.Output.OutputID"),
    n("ups.load", "UPS.PowerConverter.Output.PercentLoad"),
    n("output.voltage", "UPS.PowerConverter.Output.Voltage"),
    n("experimental.powerconverter.powerconverterid", "UPS.PowerConverter.PowerConverterID"),
    n("experimental.powersummary.capacity_granularity_1", "UPS.PowerSummary.CapacityGranularity1"),
    n("experimental.powersummary.capacity_granularity_2", "UPS.PowerSummary.CapacityGranularity2"),
    n("experimental.powersummary.capacity_mode", "UPS.PowerSummary.CapacityMode"),
    n("battery.capacity", "UPS.PowerSummary.DesignCapacity"),
    n("experimental.powersummary.flow_id", "UPS.PowerSummary.FlowID"),
    n("battery.capacity", "UPS.PowerSummary.FullChargeCapacity"),
    // NUT prints the string descriptor index itself here (no stringid_conversion).
    n("battery.type", "UPS.PowerSummary.iDeviceChemistry"),
    n("ups.load", "UPS.PowerSummary.PercentLoad"),
    n("experimental.powersummary.rechargeable", "UPS.PowerSummary.Rechargeable"),
    n("battery.charge", "UPS.PowerSummary.RemainingCapacity"),
    v("battery.runtime.low", "UPS.PowerSummary.RemainingTimeLimit", F0, ["RW"]),
    n("battery.runtime", "UPS.PowerSummary.RunTimeToEmpty"),
    n("battery.voltage", "UPS.PowerSummary.Voltage"),
    v("ups.timer.shutdown", "UPS.PowerSummary.DelayBeforeShutdown", F0, ["QUICK"]),
    v("experimental.status.workmode", E + "EVER97.EVER98", WORKMODE),
  ],
  status: [
    ...boolRows("online", feature("UPS.PowerSummary.PresentStatus.ACPresent")),
    ...boolRows("awaitingpower", feature("UPS.PowerSummary.PresentStatus.AwaitingPower")),
    ...boolRows("nobattery", feature("UPS.PowerSummary.PresentStatus.BatteryPresent")),
    ...boolRows("commfault", feature("UPS.PowerSummary.PresentStatus.CommunicationLost")),
    ...boolRows("discharging", feature("UPS.PowerSummary.PresentStatus.Discharging")),
    ...boolRows("replacebatt", feature("UPS.PowerSummary.PresentStatus.NeedReplacement")),
    ...boolRows("overload", feature("UPS.PowerSummary.PresentStatus.Overload")),
    ...boolRows("overheat", feature("UPS.PowerSummary.PresentStatus.OverTemperature")),
    ...boolRows("shutdownimm", feature("UPS.PowerSummary.PresentStatus.ShutdownImminent")),
    ...boolRows("overload", feature(E + "EVER18.EVER19")),
    ...boolRows("lowbatt", feature(E + "EVER18.EVER20")),
    ...boolRows("boost", feature(E + "EVER18.EVER21")),
    ...boolRows("trim", feature(E + "EVER18.EVER22")),
    ...boolRows("charging", feature(E + "EVER18.EVER25")),
    ...boolRows("replacebatt", feature(E + "EVER18.EVER28")),
    ...boolRows("overload", feature(E + "EVER32.EVER33")),
    ...boolRows("commfault", feature(E + "EVER32.EVER40")),
    // ever_on_off_info: off unless the work mode is ONLINE (4) or ONBATTERY (8).
    {
      source: feature(E + "EVER97.EVER98"),
      fact: "OFF",
      when: (raw) => ![4, 8].includes(Math.trunc(Number(raw))),
    },
  ],
  commands: [
    { name: "load.off.delay", source: feature("UPS.PowerSummary.DelayBeforeShutdown"), value: 20 },
    { name: "shutdown.return", source: feature("UPS.PowerSummary.DelayBeforeShutdown"), value: 20 },
  ],
  // NUT's HU_FLAG_ABSENT row, published when the descriptor has UPS.PowerSummary.DelayBeforeShutdown.
  fixed: [{ name: "ups.delay.shutdown", value: "$offdelay", flags: ["RW", "STRING"], maxLength: 10 }],
  formatMfr: (d) => d.manufacturer ?? "Ever",
};
