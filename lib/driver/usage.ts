/**
 * The texts every driver prints about itself: the banner, `-h` (NUT's layout, listing the driver's own
 * `-x` options) and `-L` (the parsable list of those options).
 * @module
 */
import { VERSION } from "../version.ts";
import type { DriverProgram } from "./types.ts";

/**
 * The banner printed when a driver starts.
 * @param program the driver
 * @returns e.g. `Network UPS Tools - Device simulation and repeater driver 0.15 (nut 0.1.0)`
 */
export function driverBanner(program: DriverProgram): string {
  return `Network UPS Tools - ${program.description} ${program.version} (nut ${VERSION})`;
}

/**
 * The `-h` text (after the banner).
 * @param program the driver
 * @returns the usage, ending with a newline
 */
export function driverUsage(program: DriverProgram): string {
  const lines = [
    "",
    `usage: ${program.name} (-a <id>|-s <id>) [OPTIONS]`,
    "  -a <id>        - autoconfig using ups.conf section <id>",
    "                 - note: -x after -a overrides ups.conf settings",
    "",
    "  -s <id>        - configure directly from cmd line arguments",
    "                 - note: must specify all driver parameters with successive -x",
    "                 - note: at least 'port' variable should be set",
    "                 - note: to explore the current values on a device from an",
    "                   unprivileged user account (with sufficient media access in",
    "                   the OS - e.g. to query networked devices), you can specify",
    "                   '-d 1' argument and `export NUT_STATEPATH=/tmp` beforehand",
    "",
    "  -V             - print version, then exit",
    "  -L             - print parseable list of driver variables",
    "  -D             - raise debugging level (and stay foreground by default)",
    "  -d <count>     - dump data to stdout after 'count' updates loop and exit",
    "  -F             - stay foregrounded even if no debugging is enabled",
    "  -B             - stay backgrounded even if debugging is bumped",
    "  -q             - raise log level threshold",
    "  -h             - display this help",
    "  -k             - force shutdown",
    "  -c <command>   - send <command> to the running instance: reload, exit",
    "  -P <pid>       - with -c: signal this PID instead of the one in the PID file",
    "  -i <int>       - poll interval",
    "  -r <dir>       - chroot to <dir>",
    "  -u <user>      - switch to <user> (if started as root)",
    "  -g <group>     - set pipe access to <group> (if started as root)",
    "  -x <var>=<val> - set driver variable <var> to <val>",
    "                 - example: -x cable=940-0095B",
    "",
  ];
  if (program.vars.length) {
    lines.push("Acceptable values for -x or ups.conf in this driver:", "");
    for (const v of program.vars) {
      const desc = v.description.padStart(40);
      lines.push(v.kind === "VALUE" ? `${desc} : -x ${v.name}=<value>` : `${desc} : -x ${v.name}`);
    }
  }
  if (program.help) lines.push("", program.help);
  return lines.join("\n") + "\n";
}

/**
 * The `-L` text: one `VALUE name "description"` or `FLAG name "description"` line per option.
 * @param program the driver
 * @returns the list, each line ending with a newline
 */
export function driverVarList(program: DriverProgram): string {
  return program.vars.map((v) => `${v.kind} ${v.name} "${v.description}"\n`).join("");
}
