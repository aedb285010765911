import { assertEquals, assertThrows } from "../testing/asserts.ts";
import { parseUpsConf } from "../../config/ups_conf.ts";
import { buildInstanceConfig, DriverConfigError, splitExtraArg } from "./instance_config.ts";
import type { DriverProgram } from "./types.ts";

const pure = { permissions: "none" } as const;

const program: DriverProgram = {
  name: "dummy-ups",
  description: "test",
  version: "1",
  vars: [
    { kind: "VALUE", name: "mode", description: "mode" },
    { kind: "FLAG", name: "strict", description: "a flag" },
    { kind: "VALUE", name: "password", description: "secret", sensitive: true },
  ],
  create: () => {
    throw new Error("not used");
  },
};

function fromConf(text: string, extra: string[] = []) {
  const conf = parseUpsConf(text, "ups.conf");
  return buildInstanceConfig({
    program,
    upsName: conf.sections[0].name,
    global: conf.global,
    section: conf.sections[0],
    confFile: "ups.conf",
    extra: extra.map(splitExtraArg),
  });
}

Deno.test({
  ...pure,
  name: "buildInstanceConfig() publishes parameters, flags, defaults and overrides in NUT's order",
  fn() {
    const c = fromConf(
      "pollinterval = 7\nuser = nutty\n[u]\n driver = dummy-ups\n port = a.dev\n desc = x\n sdorder = 2\n" +
        " mode = dummy-loop\n strict\n nolock\n default.a.b = 1\n override.c.d = 2\n override.c.d = 3\n" +
        " password = s3cret\n synchronous = yes\n",
    );
    assertEquals(c.port, "a.dev");
    assertEquals(c.pollInterval, 7);
    assertEquals(c.user, "nutty");
    assertEquals(c.synchronous, "yes");
    assertEquals(c.nolock, true);
    assertEquals(c.params.get("MODE"), "dummy-loop");
    assertEquals(c.params.has("strict"), true);
    assertEquals(c.params.get("password"), "s3cret");
    assertEquals(c.initial, [
      { kind: "set", name: "driver.parameter.port", value: "a.dev" },
      { kind: "set", name: "driver.parameter.mode", value: "dummy-loop" },
      { kind: "set", name: "driver.flag.strict", value: "enabled" },
      { kind: "set", name: "driver.flag.nolock", value: "enabled" },
      { kind: "set", name: "a.b", value: "1" },
      { kind: "override", name: "c.d", value: "2" },
      { kind: "override", name: "c.d", value: "3" },
    ]);
  },
});

Deno.test({
  ...pure,
  name: "buildInstanceConfig() lets -x win over ups.conf and -i/-u/-g/-r over everything",
  fn() {
    const c = fromConf("[u]\n driver = dummy-ups\n port = a.dev\n pollinterval = 3\n user = a\n", [
      "port=b.dev",
      "mode=dummy",
    ]);
    assertEquals([c.port, c.params.get("mode"), c.pollInterval, c.user], ["b.dev", "dummy", 3, "a"]);
    const conf = parseUpsConf("[u]\n driver = dummy-ups\n port = a.dev\n pollinterval = 3\n user = a\n", "f");
    const d = buildInstanceConfig({
      program,
      upsName: "u",
      section: conf.sections[0],
      pollInterval: 9,
      user: "b",
      group: "g",
      chroot: "/j",
    });
    assertEquals([d.pollInterval, d.user, d.group, d.chroot], [9, "b", "g", "/j"]);
  },
});

Deno.test({
  ...pure,
  name: "buildInstanceConfig() refuses another driver's section, unknown -x keys, bad pollinterval, no port",
  fn() {
    assertThrows(
      () => fromConf("[u]\n driver = usbhid-ups\n port = auto\n"),
      DriverConfigError,
      "UPS [u] is for driver usbhid-ups, but I'm dummy-ups!",
    );
    const unknown = fromConf("[u]\n driver = dummy-ups\n port = a\n vendorid = 051d\n bogusflag\n");
    assertEquals(unknown.warnings, [
      "ups.conf:4: 'vendorid' is not a valid variable name for driver dummy-ups (ignored; see dummy-ups -h)",
      "ups.conf:5: 'bogusflag' is not a valid flag for driver dummy-ups (ignored; see dummy-ups -h)",
    ]);
    assertEquals(unknown.initial.some((w) => w.name.includes("vendorid")), false);
    assertThrows(
      () => fromConf("[u]\n driver = dummy-ups\n port = a\n pollinterval = 0\n"),
      DriverConfigError,
      "Error: UPS [u]: invalid pollinterval: 0",
    );
    assertThrows(
      () => buildInstanceConfig({ program, upsName: "u" }),
      DriverConfigError,
      "you must specify a port name",
    );
  },
});

Deno.test({
  ...pure,
  name: "buildInstanceConfig() hides sensitive values and accepts upsdrvctl's keys silently",
  fn() {
    const c = fromConf(
      "[u]\n driver = dummy-ups\n port = a\n password = p\n maxretry = 3\n maxstartdelay = 10\n allow_killpower\n",
    );
    assertEquals(c.initial.some((w) => w.name.includes("password")), false);
    assertEquals(c.allowKillpower, true);
    assertEquals(c.initial.at(-1), { kind: "set", name: "driver.flag.allow_killpower", value: "1" });
  },
});

Deno.test({
  ...pure,
  name: "splitExtraArg() splits at the first '=' and treats a bare word as a flag",
  fn() {
    assertEquals(splitExtraArg("a=b=c"), { key: "a", value: "b=c", origin: "-x" });
    assertEquals(splitExtraArg("flag"), { key: "flag", origin: "-x" });
    assertEquals(splitExtraArg("empty="), { key: "empty", value: "", origin: "-x" });
  },
});

Deno.test({
  name: "buildInstanceConfig() reads sdcommands (NUT 2.8.3+) and publishes it",
  permissions: "none",
  fn() {
    const c = buildInstanceConfig({
      program,
      upsName: "u",
      extra: [
        { key: "port", value: "a.dev", origin: "-x" },
        { key: "sdcommands", value: "shutdown.return, shutdown.stayoff", origin: "-x" },
      ],
    });
    assertEquals(c.sdCommands, ["shutdown.return", "shutdown.stayoff"]);
    assertEquals(c.initial.at(-1), {
      kind: "set",
      name: "driver.parameter.sdcommands",
      value: "shutdown.return, shutdown.stayoff",
    });
  },
});
