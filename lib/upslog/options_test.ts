import { assertEquals } from "../testing/asserts.ts";
import { DEFAULT_LOG_FORMAT } from "./format.ts";
import { atoi, parseUpslogArgs, staysForeground, type UpslogArgs } from "./options.ts";

function run(args: string[]) {
  const r: UpslogArgs = parseUpslogArgs("upslog", args);
  if (r.kind !== "run") throw new Error(`expected settings, got ${JSON.stringify(r)}`);
  return r;
}

Deno.test({
  name: "parseUpslogArgs() reads NUT 2.8.0's options with its defaults",
  permissions: "none",
  fn() {
    const { settings } = run(["-s", "ups1@host:3494", "-l", "/var/log/ups.log"]);
    assertEquals(settings, {
      specs: [{ monhost: "ups1@host:3494", logfile: "/var/log/ups.log" }],
      format: DEFAULT_LOG_FORMAT,
      interval: 30,
      maxLoops: 0,
      foreground: undefined,
      debug: 0,
      user: undefined,
      pidBase: "upslog",
      connectTimeout: undefined,
    });
    assertEquals(staysForeground(settings), false);
    const s2 =
      run(["-s", "u", "-l-", "-i5", "-f", "%VAR ups.load%", "-u", "nut", "-p", "/run/x.pid", "-FB"]).settings;
    assertEquals([s2.interval, s2.format, s2.user, s2.pidBase, s2.foreground], [
      5,
      "%VAR ups.load%",
      "nut",
      "/run/x.pid",
      false,
    ]);
    assertEquals(staysForeground(run(["-s", "u", "-l", "-"]).settings), true);
    assertEquals(staysForeground(run(["-s", "u", "-l", "f", "-D"]).settings), true);
  },
});

Deno.test({
  name: "parseUpslogArgs() accepts the old positional form; one or two operands mean help",
  permissions: "none",
  fn() {
    const { settings } = run(["ups@h", "/tmp/log", "10", "%VAR", "ups.load%"]);
    assertEquals([settings.specs, settings.interval, settings.format], [
      [{ monhost: "ups@h", logfile: "/tmp/log" }],
      10,
      "%VAR ups.load% ",
    ]);
    assertEquals(parseUpslogArgs("upslog", ["ups@h"]).kind, "help");
    assertEquals(parseUpslogArgs("upslog", ["ups@h", "f"]).kind, "help");
  },
});

Deno.test({
  name: "parseUpslogArgs(): -m tuples come first, then -s/-l; -N prefixes the format; -d counts",
  permissions: "none",
  fn() {
    const { settings } = run([
      "-m",
      "a@h,-",
      "-s",
      "b@h",
      "-m",
      "*@h2:3494,/tmp/all.log",
      "-l",
      "b.log",
      "-N",
      "-d",
      "3",
    ]);
    assertEquals(settings.specs, [
      { monhost: "a@h", logfile: "-" },
      { monhost: "*@h2:3494", logfile: "/tmp/all.log" },
      { monhost: "b@h", logfile: "b.log" },
    ]);
    assertEquals(settings.format, `%UPSHOST%%t${DEFAULT_LOG_FORMAT}`);
    assertEquals(settings.maxLoops, 3);
    assertEquals(run(["-m", "a,-"]).settings.specs.length, 1);
  },
});

Deno.test({
  name: "parseUpslogArgs() gives NUT's fatal messages and skips unknown options like NUT 2.8.0",
  permissions: "none",
  fn() {
    const fatal = (args: string[]) => {
      const r = parseUpslogArgs("upslog", args);
      return r.kind === "fatal" ? r.message : r.kind;
    };
    assertEquals(fatal([]), "No UPS defined for monitoring - use -s <system>");
    assertEquals(fatal(["-l", "-"]), "No UPS defined for monitoring - use -s <system>");
    assertEquals(fatal(["-s", "u"]), "No filename defined for logging - use -l <file>");
    assertEquals(
      fatal(["-m", "a,b,c"]),
      "Argument '-m upsspec,logfile' requires exactly 2 components in the tuple",
    );
    assertEquals(
      fatal(["-m", "a"]),
      "Argument '-m upsspec,logfile' requires exactly 2 components in the tuple",
    );
    const r = parseUpslogArgs("upslog", ["-x", "-s", "u", "-l", "-", "-i"]);
    assertEquals(r.warnings, ["upslog: invalid option -- 'x'", "upslog: option requires an argument -- 'i'"]);
    assertEquals(r.kind, "run");
    assertEquals(parseUpslogArgs("upslog", ["-s", "u", "-h"]).kind, "help");
    assertEquals(parseUpslogArgs("upslog", ["--help"]), { kind: "help", warnings: [] });
  },
});

Deno.test({
  name: "parseUpslogArgs() reads -i like atoi and never polls faster than once a second",
  permissions: "none",
  fn() {
    assertEquals([atoi("15"), atoi(" 7s"), atoi("x"), atoi("-3")], [15, 7, 0, -3]);
    const r = run(["-s", "u", "-l", "-", "-i", "abc"]);
    assertEquals(r.settings.interval, 1);
    assertEquals(r.warnings, ["Interval 0 is too short: polling every 1 second instead"]);
  },
});
