import { assertEquals, assertThrows } from "../lib/testing/asserts.ts";
import { ConfigError, formatWarning } from "./diagnostics.ts";
import { findSection, incompleteSection, parseUpsConf, sectionValue } from "./ups_conf.ts";
import { parseUpsdConf } from "./upsd_conf.ts";
import { parseUpsdUsers } from "./upsd_users.ts";
import { parseNutConf } from "./nut_conf.ts";
import { nutPaths } from "./paths.ts";

const pure = { permissions: "none" } as const;

const UPS_CONF = `# global part
maxretry = 3
retrydelay = 1
maxstartdelay=10
pollinterval = 5
user = nut
debug_min 2

[rack1]
  driver = usbhid-ups
  port = auto
  desc = "Rack 1, left"
  sdorder = 1
  nolock
  ignorelb
  vendorid = 051d
  default.battery.charge.low = 20
  override.battery.runtime.low = 180

[Rack2]
  driver = dummy-ups
  port = evolution500.seq
`;

Deno.test({
  ...pure,
  name: "parseUpsConf() reads global directives, sections, flags, driver options, defaults and overrides",
  fn() {
    const c = parseUpsConf(UPS_CONF, "/etc/nut/ups.conf");
    assertEquals([c.global.maxretry, c.global.retrydelay, c.global.maxstartdelay], [3, 1, 10]);
    assertEquals([c.global.pollinterval, c.global.user], [5, "nut"]);
    assertEquals(c.sections.map((s) => s.name), ["rack1", "Rack2"]);
    const r = c.sections[0];
    assertEquals([r.driver, r.port, r.desc, r.sdorder, r.nolock, r.ignorelb], [
      "usbhid-ups",
      "auto",
      "Rack 1, left",
      1,
      true,
      true,
    ]);
    assertEquals(sectionValue(r, "vendorid"), "051d");
    assertEquals(r.defaults, { "battery.charge.low": "20" });
    assertEquals(r.overrides, { "battery.runtime.low": "180" });
    assertEquals(findSection(c, "rack2")?.port, "evolution500.seq");
    assertEquals(c.sections[1].line, 20);
    // `debug_min 2` has no "=": NUT ignores such a line; we do too, with a warning naming it.
    assertEquals(c.global.debugMin, undefined);
    assertEquals(c.warnings.map(formatWarning), [
      '/etc/nut/ups.conf:7: expected "key = value" or a flag, got "debug_min 2" (ignored)',
    ]);
  },
});

Deno.test({
  ...pure,
  name: "parseUpsConf() uses the first word of an unquoted value with a warning, as NUT does",
  fn() {
    const c = parseUpsConf("[u]\n driver = dummy-ups\n port = x\n desc = Main UPS\n", "ups.conf");
    assertEquals(c.sections[0].desc, "Main");
    assertEquals(c.warnings[0].line, 4);
  },
});

Deno.test({
  ...pure,
  name: "parseUpsConf() errors name file:line: bad integer, unbalanced quotes",
  fn() {
    assertThrows(
      () => parseUpsConf("[u]\n driver = x\n sdorder = first\n", "u.conf"),
      ConfigError,
      "u.conf:3:",
    );
    assertThrows(
      () => parseUpsConf('[u]\n desc = "a # b"\n', "u.conf"),
      ConfigError,
      "u.conf:2: unbalanced quotes",
    );
    assertThrows(() => parseUpsConf('[u]\n desc = "open\n', "u.conf"), ConfigError, "u.conf:2: unterminated");
  },
});

Deno.test({
  ...pure,
  name: "incompleteSection() reports a section without driver or port at its header line",
  fn() {
    const c = parseUpsConf("\n[u]\n driver = dummy-ups\n", "ups.conf");
    assertEquals(
      incompleteSection(c, c.sections[0])?.message,
      'ups.conf:2: UPS [u] has no "port = ..." line',
    );
    const ok = parseUpsConf("[u]\n driver = d\n port = p\n", "ups.conf");
    assertEquals(incompleteSection(ok, ok.sections[0]), undefined);
  },
});

Deno.test({
  ...pure,
  name: "parseUpsConf() warns about an unknown global directive instead of failing",
  fn() {
    const c = parseUpsConf("frobnicate = yes\n", "ups.conf");
    assertEquals(c.warnings.map(formatWarning), [
      'ups.conf:1: unknown global directive "frobnicate" (ignored)',
    ]);
  },
});

Deno.test({
  ...pure,
  name: "parseUpsdConf() reads every directive, IPv6 LISTEN included",
  fn() {
    const c = parseUpsdConf(
      `LISTEN 127.0.0.1 3493
LISTEN ::1
LISTEN 0.0.0.0 13493
MAXAGE 25
MAXCONN 512
STATEPATH /var/state/ups
TRACKINGDELAY 60
ALLOW_NO_DEVICE yes
ALLOW_NOT_ALL_LISTENERS true
CERTFILE /etc/nut/upsd.pem
CERTPATH /etc/ssl/certs
CERTIDENT "my server" "secret pass"
CERTREQUEST REQUIRE
DISABLE_WEAK_SSL on
DEBUG_MIN 3
`,
      "upsd.conf",
    );
    assertEquals(c.listen.map((l) => [l.host, l.port, l.line]), [["127.0.0.1", 3493, 1], ["::1", 3493, 2], [
      "0.0.0.0",
      13493,
      3,
    ]]);
    assertEquals([c.maxAge, c.maxConn, c.statePath, c.trackingDelay], [25, 512, "/var/state/ups", 60]);
    assertEquals([c.allowNoDevice, c.allowNotAllListeners, c.disableWeakSsl, c.debugMin], [
      true,
      true,
      true,
      3,
    ]);
    assertEquals([c.certFile, c.certPath, c.certIdent, c.certRequest], [
      "/etc/nut/upsd.pem",
      "/etc/ssl/certs",
      { name: "my server", password: "secret pass" },
      2,
    ]);
    assertEquals(c.warnings, []);
  },
});

Deno.test({
  ...pure,
  name:
    "parseUpsConf() merges a repeated section into the first, later values winning, with a warning (as NUT)",
  fn() {
    const c = parseUpsConf("[u]\n driver = dummy-ups\n port = a.dev\n[U]\n port = b.dev\n", "u.conf");
    assertEquals(c.sections.map((x) => [x.name, x.port]), [["u", "b.dev"]]);
    assertEquals(c.warnings.map(formatWarning), [
      "u.conf:4: duplicate section [U] (first at line 1): merged into it, later values win",
    ]);
  },
});

Deno.test({
  ...pure,
  name:
    "parseUpsdConf() rejects a bad LISTEN with file:line, and keeps defaults with a warning for bad values",
  fn() {
    assertThrows(() => parseUpsdConf("LISTEN\n", "upsd.conf"), ConfigError, "upsd.conf:1: LISTEN expects");
    assertThrows(
      () => parseUpsdConf("\nLISTEN ::1 70000\n", "upsd.conf"),
      ConfigError,
      "upsd.conf:2: LISTEN expects",
    );
    assertThrows(() => parseUpsdConf("LISTEN ::1 https\n", "upsd.conf"), ConfigError, 'got "https"');
    // NUT: "MAXAGE has non numeric value (soon)!", and it goes on with the default.
    const bad = parseUpsdConf("\nMAXAGE soon\nMAXCONN -5\nALLOW_NO_DEVICE maybe\n", "upsd.conf");
    assertEquals([bad.maxAge, bad.maxConn, bad.allowNoDevice], [15, 0, false]);
    assertEquals(bad.warnings.map(formatWarning), [
      'upsd.conf:2: MAXAGE expects "MAXAGE <seconds>" with an integer >= 1, got "soon" (ignored, default kept)',
      'upsd.conf:3: MAXCONN expects "MAXCONN <connections>" with an integer >= 1, got "-5" (ignored, default kept)',
      'upsd.conf:4: ALLOW_NO_DEVICE expects true/yes/on/1 or false/no/off/0, got "maybe" (ignored, default kept)',
    ]);
    const c = parseUpsdConf("FOO 1\nACL all 0.0.0.0/0\n", "upsd.conf");
    assertEquals(c.warnings.map((w) => w.line), [1, 2]);
  },
});

Deno.test({
  ...pure,
  name:
    "parseUpsdUsers() reads quoted passwords, repeated actions and instcmds, and every upsmon role spelling",
  fn() {
    const u = parseUpsdUsers(
      `[admin]
  password = "pass with spaces"
  actions = SET
  actions = fsd
  instcmds = test.battery.start load.off
  instcmds = beeper.toggle

[mon1]
  password = a
  upsmon master
[mon2]
  password = b
  upsmon = slave
[mon3]
  password = c
  upsmon secondary
`,
      "upsd.users",
    );
    const a = u.users.get("admin")!;
    assertEquals(a.password, "pass with spaces");
    assertEquals([...a.actions], ["SET", "FSD"]);
    assertEquals([...a.instcmds], ["test.battery.start", "load.off", "beeper.toggle"]);
    assertEquals([u.users.get("mon1")!.upsmon, u.users.get("mon2")!.upsmon, u.users.get("mon3")!.upsmon], [
      "primary",
      "secondary",
      "secondary",
    ]);
    assertEquals(u.warnings, []);
  },
});

Deno.test({
  ...pure,
  name: "parseUpsdUsers() warns about unknown settings and keeps the first of a duplicate user (as NUT)",
  fn() {
    const u = parseUpsdUsers("[a]\n colour = red\n upsmon boss\n", "upsd.users");
    assertEquals(u.warnings.map(formatWarning), [
      'upsd.users:2: unknown user setting "colour" (ignored)',
      'upsd.users:3: unknown upsmon role "boss" (expected primary or secondary)',
    ]);
    const dup = parseUpsdUsers("[a]\n password = one\n[a]\n password = two\n actions = SET\n", "upsd.users");
    assertEquals([dup.users.get("a")!.password, [...dup.users.get("a")!.actions]], ["one", ["SET"]]);
    assertEquals(dup.warnings.map(formatWarning), [
      "upsd.users:3: duplicate user [a] (first at line 1): its settings add to the first",
      "upsd.users:4: duplicate password for a (ignored)",
    ]);
  },
});

Deno.test({
  ...pure,
  name: "parseUpsdUsers() takes names of Object.prototype as unknown upsmon roles (found by make fuzz)",
  fn() {
    const u = parseUpsdUsers(
      "[a]\n upsmon constructor\n[b]\n upsmon = __proto__\n[c]\n upsmon toString\n",
      "upsd.users",
    );
    assertEquals([...u.users.values()].map((x) => x.upsmon), [undefined, undefined, undefined]);
    assertEquals(u.warnings.map(formatWarning), [
      'upsd.users:2: unknown upsmon role "constructor" (expected primary or secondary)',
      'upsd.users:4: unknown upsmon role "__proto__" (expected primary or secondary)',
      'upsd.users:6: unknown upsmon role "toString" (expected primary or secondary)',
    ]);
  },
});

Deno.test({
  ...pure,
  name: "parseNutConf() reads shell assignments with quotes and rejects an unknown MODE",
  fn() {
    const c = parseNutConf(
      '# c\nMODE=netserver\nUPSD_OPTIONS="-D -u nut"\nPOWEROFF_WAIT=5m # wait\n',
      "nut.conf",
    );
    assertEquals(c.mode, "netserver");
    assertEquals(c.values.get("UPSD_OPTIONS"), "-D -u nut");
    assertEquals(c.values.get("POWEROFF_WAIT"), "5m");
    assertThrows(() => parseNutConf("MODE=sometimes\n", "nut.conf"), ConfigError, "nut.conf:1: MODE must be");
    assertThrows(
      () => parseNutConf("just words\n", "nut.conf"),
      ConfigError,
      "nut.conf:1: expected NAME=value",
    );
  },
});

Deno.test({
  ...pure,
  name: "nutPaths() honours NUT_CONFPATH, NUT_STATEPATH, NUT_PIDPATH, NUT_ALTPIDPATH and NUT_DEBUG_LEVEL",
  fn() {
    const env: Record<string, string> = {
      NUT_CONFPATH: "/c",
      NUT_STATEPATH: "/s",
      NUT_PIDPATH: "/p",
      NUT_ALTPIDPATH: "/a",
      NUT_DEBUG_LEVEL: "4",
    };
    assertEquals(nutPaths((n) => env[n]), {
      confPath: "/c",
      statePath: "/s",
      pidPath: "/p",
      altPidPath: "/a",
      debugLevel: 4,
    });
    assertEquals(nutPaths(() => undefined), {
      confPath: "/etc/nut",
      statePath: "/run/nut",
      pidPath: "/run/nut",
      altPidPath: "/run/nut",
      debugLevel: 0,
    });
  },
});
