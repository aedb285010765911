import { assertEquals } from "../testing/asserts.ts";
import { parseUpsConf } from "../../config/ups_conf.ts";
import { parseUpsdConf } from "../../config/upsd_conf.ts";
import { parseUpsdUsers } from "../../config/upsd_users.ts";
import { isLoopback, listenAddresses, resolveServerSettings } from "./config.ts";

const pure = { permissions: "none" } as const;

function files(ups: string, upsd = "") {
  return {
    upsConf: parseUpsConf(ups, "ups.conf"),
    upsdConf: parseUpsdConf(upsd, "upsd.conf"),
    users: parseUpsdUsers("", "upsd.users"),
  };
}
const env = (vars: Record<string, string>) => (n: string) => vars[n];

Deno.test({
  ...pure,
  name: "the state path comes from NUT_STATEPATH, else ups.conf's statepath, else upsd.conf's STATEPATH",
  fn() {
    const ups = "statepath = /from/ups.conf\n[u]\n driver = d\n port = p\n";
    assertEquals(
      resolveServerSettings(files(ups, "STATEPATH /from/upsd.conf\n"), env({ NUT_STATEPATH: "/env" }))
        .statePath,
      "/env",
    );
    assertEquals(
      resolveServerSettings(files(ups, "STATEPATH /from/upsd.conf\n"), env({})).statePath,
      "/from/ups.conf",
    );
    const noGlobal = "[u]\n driver = d\n port = p\n";
    assertEquals(
      resolveServerSettings(files(noGlobal, "STATEPATH /from/upsd.conf\n"), env({})).statePath,
      "/from/upsd.conf",
    );
    const dflt = resolveServerSettings(files(noGlobal), env({}));
    assertEquals([dflt.statePath, dflt.ups[0].socketPath], ["/run/nut", "/run/nut/d-u"]);
  },
});

Deno.test({
  ...pure,
  name: "incomplete UPS sections are skipped with a warning; ALLOW_* come from upsd.conf or the environment",
  fn() {
    const s = resolveServerSettings(
      files('[a]\n driver = d\n[b]\n driver = d\n port = p\n desc = "B"\n', "ALLOW_NO_DEVICE yes\n"),
      env({ ALLOW_NOT_ALL_LISTENERS: "on" }),
    );
    assertEquals(s.ups.map((u) => [u.name, u.desc]), [["b", "B"]]);
    assertEquals(s.warnings.some((w) => w.includes("ignoring incomplete configuration for UPS [a]")), true);
    assertEquals([s.allowNoDevice, s.allowNotAllListeners], [true, true]);
    const off = resolveServerSettings(files("", "ALLOW_NO_DEVICE yes\n"), env({ ALLOW_NO_DEVICE: "false" }));
    assertEquals(off.allowNoDevice, false);
  },
});

Deno.test({
  ...pure,
  name: "listenAddresses(): defaults to loopback on 3493, LISTEN * means both families, -4/-6 filter",
  fn() {
    const conf = parseUpsdConf("LISTEN *\nLISTEN 10.0.0.1 4000\nLISTEN ::1\n", "upsd.conf");
    assertEquals(listenAddresses(conf), [
      { host: "::", port: 3493 },
      { host: "0.0.0.0", port: 3493 },
      { host: "10.0.0.1", port: 4000 },
      { host: "::1", port: 3493 },
    ]);
    assertEquals(listenAddresses(parseUpsdConf("", "upsd.conf"), 6), [{ host: "::1", port: 3493 }]);
    assertEquals([isLoopback("127.0.0.2"), isLoopback("::1"), isLoopback("10.0.0.1")], [true, true, false]);
  },
});
