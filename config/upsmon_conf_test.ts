import { assertEquals, assertThrows } from "../lib/testing/asserts.ts";
import { ConfigError } from "./diagnostics.ts";
import { defaultUpsmonConf, notifyFlagsOf, parseUpsmonConf, totalPowerValue } from "./upsmon_conf.ts";

const FILE = "/etc/nut/upsmon.conf";

Deno.test({
  name: "parseUpsmonConf() reads every directive of upsmon.conf(5)",
  permissions: "none",
  fn() {
    const c = parseUpsmonConf(
      `# a full file
MONITOR su700@mybox 1 upswired blah primary
MONITOR fenton@bigbox:5678 2 observer abcd slave
MONITOR faraway@[::1]:3494 0 observer abcd master
MINSUPPLIES 2
SHUTDOWNCMD "/sbin/shutdown -h +0"
NOTIFYCMD /usr/sbin/upssched
POLLFREQ 2
POLLFREQALERT 1
HOSTSYNC 20
DEADTIME 6
FINALDELAY 0
POWERDOWNFLAG /run/killpower
NOTIFYMSG ONLINE "UPS %s is getting line power"
NOTIFYMSG onbatt "Someone pulled the plug on %s"
NOTIFYFLAG ONLINE SYSLOG
NOTIFYFLAG ONBATT SYSLOG+WALL+EXEC
NOTIFYFLAG LOWBATT IGNORE
RBWARNTIME 600
NOCOMMWARNTIME 60
OFFDURATION -1
OVERDURATION 10
OBLBDURATION 5
SHUTDOWNEXIT 30
ALARMCRITICAL 0
POLLFAIL_LOG_THROTTLE_MAX 3
RUN_AS_USER nutmon
CERTPATH /etc/nut/ca
CERTFILE /etc/nut/client.pem
CERTIDENT "my cert" "secret"
CERTHOST "localhost:34930" "My nut server" 1 1
CERTVERIFY 1
FORCESSL 1
debug_min 2
`,
      FILE,
    );
    assertEquals(c.warnings, []);
    assertEquals(
      c.monitors.map((m) => [m.system, m.ups, m.host, m.port, m.powerValue, m.username, m.password, m.role]),
      [
        ["su700@mybox", "su700", "mybox", 3493, 1, "upswired", "blah", "primary"],
        ["fenton@bigbox:5678", "fenton", "bigbox", 5678, 2, "observer", "abcd", "secondary"],
        ["faraway@[::1]:3494", "faraway", "::1", 3494, 0, "observer", "abcd", "primary"],
      ],
    );
    assertEquals(totalPowerValue(c), 3);
    assertEquals(c.shutdownCmd, ["/sbin/shutdown -h +0"]);
    assertEquals(c.notifyCmd, ["/usr/sbin/upssched"]);
    assertEquals(
      [c.minSupplies, c.pollFreq, c.pollFreqAlert, c.hostSync, c.deadTime, c.finalDelay, c.rbWarnTime],
      [2, 2, 1, 20, 6, 0, 600],
    );
    assertEquals(
      [c.noCommWarnTime, c.offDuration, c.overDuration, c.oblbDuration, c.shutdownExit, c.alarmCritical],
      [60, -1, 10, 5, 30, false],
    );
    assertEquals([c.pollFailLogThrottleMax, c.runAsUser, c.powerDownFlag, c.debugMin], [
      3,
      "nutmon",
      "/run/killpower",
      2,
    ]);
    assertEquals(c.notifyMessages, {
      ONLINE: "UPS %s is getting line power",
      ONBATT: "Someone pulled the plug on %s",
    });
    assertEquals(notifyFlagsOf(c, "ONLINE"), { ignore: false, syslog: true, wall: false, exec: false });
    assertEquals(notifyFlagsOf(c, "ONBATT"), { ignore: false, syslog: true, wall: true, exec: true });
    assertEquals(notifyFlagsOf(c, "LOWBATT").ignore, true);
    assertEquals(notifyFlagsOf(c, "FSD"), { ignore: false, syslog: true, wall: true, exec: false });
    assertEquals([c.certPath, c.certFile, c.certIdent, c.certVerify, c.forceSsl], [
      "/etc/nut/ca",
      "/etc/nut/client.pem",
      { name: "my cert", password: "secret" },
      true,
      true,
    ]);
    assertEquals(c.certHosts, [{
      host: "localhost:34930",
      certName: "My nut server",
      verify: true,
      forceSsl: true,
    }]);
  },
});

Deno.test({
  name: "parseUpsmonConf() has NUT's defaults",
  permissions: "none",
  fn() {
    const c = parseUpsmonConf("", FILE);
    assertEquals(c, { ...defaultUpsmonConf(FILE) });
    assertEquals(
      [c.minSupplies, c.pollFreq, c.pollFreqAlert, c.deadTime, c.hostSync, c.finalDelay, c.rbWarnTime],
      [1, 5, 5, 15, 15, 5, 43200],
    );
    assertEquals([c.noCommWarnTime, c.offDuration, c.overDuration, c.oblbDuration, c.shutdownExit], [
      300,
      30,
      -1,
      0,
      0,
    ]);
  },
});

Deno.test({
  name: "parseUpsmonConf() takes several words for SHUTDOWNCMD and NOTIFYCMD (NUT 2.8.6+)",
  permissions: "none",
  fn() {
    const c = parseUpsmonConf(
      'SHUTDOWNCMD /sbin/shutdown -h +0\nNOTIFYCMD "/path to/script" "--debug"\n',
      FILE,
    );
    assertEquals([c.shutdownCmd, c.notifyCmd], [["/sbin/shutdown", "-h", "+0"], [
      "/path to/script",
      "--debug",
    ]]);
    assertEquals(c.warnings.map((w) => w.line), [2]);
  },
});

Deno.test({
  name: "parseUpsmonConf() warns where NUT's upsmon warns, naming file:line, and keeps going",
  permissions: "none",
  fn() {
    const c = parseUpsmonConf(
      [
        "monitor a@h 1 u p primary", // directives are case-sensitive in NUT
        "FOO bar",
        "NOTIFYFLAG ONBATT SYSLOG+LOUD",
        "NOTIFYFLAG NOPE SYSLOG",
        "NOTIFYMSG NOPE x",
        "MONITOR a@h -1 u p primary",
        "MONITOR b@h 1 u p primary",
        "MONITOR b@h 2 u p primary",
        "POLLFREQ -3",
        "DEADTIME 10s",
        "SHUTDOWNEXIT maybe",
        "DEBUG_MIN x",
        'NOTIFYMSG ONLINE "unterminated',
        "MONITOR c@h 1 u p boss",
      ].join("\n"),
      FILE,
    );
    assertEquals(c.warnings.map((w) => `${w.line}: ${w.message}`), [
      "1: invalid directive monitor a@h 1 u p primary (ignored)",
      "2: invalid directive FOO bar (ignored)",
      "3: Invalid notify flag: [LOUD]",
      "4: Warning: invalid notify type [NOPE]",
      "5: 'NOPE' is not a valid notify event name",
      "6: UPS [a@h]: ignoring invalid power value [-1]",
      "8: Warning: ignoring duplicate UPS [b@h]",
      "9: Ignoring invalid POLLFREQ value: -3",
      '10: DEADTIME expects an integer, got "10s" (read as 10, as NUT does)',
      "11: SHUTDOWNEXIT value not recognized, defaulting to 'yes'",
      "12: Invalid DEBUG_MIN value found in upsmon.conf global settings",
      '13: parse error: unterminated quoted value (missing closing ") (line ignored)',
    ]);
    assertEquals(c.monitors.map((m) => m.system), ["b@h"]);
    assertEquals(notifyFlagsOf(c, "ONBATT"), { ignore: false, syslog: true, wall: false, exec: false });
    assertEquals([c.pollFreq, c.deadTime, c.shutdownExit], [5, 10, 0]);
  },
});

Deno.test({
  name: "parseUpsmonConf() refuses an old-style MONITOR line without a user name, as NUT",
  permissions: "none",
  fn() {
    const e = assertThrows(() => parseUpsmonConf("\nMONITOR a@h 1 pw primary\n", FILE), ConfigError);
    assertEquals((e as ConfigError).line, 2);
  },
});

Deno.test({
  name: "parseUpsmonConf() reads SHUTDOWNEXIT as a boolean or a number of seconds",
  permissions: "none",
  fn() {
    const v = (s: string) => parseUpsmonConf(`SHUTDOWNEXIT ${s}\n`, FILE).shutdownExit;
    assertEquals([v("yes"), v("on"), v("true"), v("no"), v("OFF"), v("false"), v("20"), v("-1")], [
      0,
      0,
      0,
      -1,
      -1,
      -1,
      20,
      -1,
    ]);
  },
});

Deno.test({
  name: "parseUpsmonConf() takes names of Object.prototype for invalid directives (found by make fuzz)",
  permissions: "none",
  fn() {
    const c = parseUpsmonConf("constructor 5\ntoString 1\n__proto__ 2\nhasOwnProperty x\n", FILE);
    assertEquals(Object.keys(c).sort(), Object.keys(defaultUpsmonConf(FILE)).sort());
    assertEquals(c.warnings.map((w) => [w.line, w.message]), [
      [1, "invalid directive constructor 5 (ignored)"],
      [2, "invalid directive toString 1 (ignored)"],
      [3, "invalid directive __proto__ 2 (ignored)"],
      [4, "invalid directive hasOwnProperty x (ignored)"],
    ]);
  },
});
