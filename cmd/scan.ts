/**
 * `nut scan` and NUT's `nut-scanner`: the power devices this host can reach, as ups.conf sections ready
 * to paste. The USB bus is scanned (lib/scan/usb.ts: the ids of the drivers of the catalogue, no device
 * opened); the network and serial scans of nut-scanner are not part of this binary yet and are refused
 * with a message saying so.
 *
 *   nut scan [--usb] [--json | --parsable] [--quiet]
 *   nut-scanner [-U] [-C] [-N | -P] [-q] [-h] [-V]
 * @module
 */
import { parseArgs } from "../lib/cli/getopt.ts";
import { stdio } from "../lib/cli/io.ts";
import { VERSION } from "../lib/version.ts";
import { formatParsable, formatUpsConf, scanUsb } from "../lib/scan/usb.ts";
import { SystemTransports } from "../lib/transport/system.ts";

const NUT_USAGE = `nut-scanner : utility for detection of available power devices.

OPTIONS:
  -C, --complete_scan: Scan all available devices except serial ports (default).
  -U, --usb_scan: Scan USB devices.

display specific options:
  -N, --disp_nut_conf: Display result in the ups.conf format
  -P, --disp_parsable: Display result in a parsable format

Miscellaneous options:
  -V, --version: Display NUT version
  -q, --quiet: Display only scan result. No information on currently scanned bus is displayed.
  -h, --help: Display this help text

Only the USB bus is scanned by this build (SNMP, XML/HTTP, NUT, Avahi, IPMI and serial scans are not).
`;

const NATIVE_USAGE = `Usage: nut scan [--usb] [--json | --parsable] [--quiet]

Lists the UPSes this host can reach, as ups.conf sections ready to paste (the same as NUT's nut-scanner).
  --usb       the USB bus (the default: the only bus scanned by this build)
  --json      one JSON array of the devices found
  --parsable  nut-scanner's parsable lines (USB:driver="...",port="auto",...)
  --quiet     no progress line on standard error
`;

/**
 * Runs the scan.
 * @param args the arguments (`nut-scanner` first when started under NUT's name)
 * @returns the exit code
 */
export async function main(args: string[]): Promise<number> {
  const nut = args[0] === "nut-scanner";
  const rest = nut ? args.slice(1) : args;
  const p = parseArgs(rest, {
    short: "UCNPqhVSMOAIEDt:s:e:m:p:",
    long: [
      "usb|U",
      "usb_scan|U",
      "complete_scan|C",
      "disp_nut_conf|N",
      "disp_parsable|P",
      "parsable|P",
      "quiet|q",
      "help|h",
      "version|V",
      "json",
    ],
  });
  if (p.has("h")) {
    stdio.out(nut ? NUT_USAGE : NATIVE_USAGE);
    return 0;
  }
  if (p.has("V")) {
    stdio.out(`Network UPS Tools - ${VERSION}\n`);
    return 0;
  }
  const other = ["S", "M", "O", "A", "I", "E"].find((f) => p.has(f));
  if (other) {
    stdio.err(`${nut ? "nut-scanner" : "nut scan"}: -${other}: this build scans the USB bus only\n`);
    return 1;
  }
  if (p.operands.length) {
    stdio.err(`${nut ? "nut-scanner" : "nut scan"}: unexpected argument "${p.operands[0]}"\n`);
    return 1;
  }
  if (!p.has("q")) stdio.err("Scanning USB bus.\n");
  await using transports = new SystemTransports();
  let found;
  try {
    found = await scanUsb(transports.usbHid());
  } catch (e) {
    stdio.err(`Cannot scan the USB bus: ${(e as Error).message}\n`);
    return 1;
  }
  if (p.has("json")) stdio.out(JSON.stringify(found, null, 2) + "\n");
  else if (p.has("P")) stdio.out(formatParsable(found));
  else stdio.out(formatUpsConf(found));
  return 0;
}
