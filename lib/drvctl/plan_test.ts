import { assertEquals, assertThrows } from "../testing/asserts.ts";
import { parseUpsConf } from "../../config/ups_conf.ts";
import { planDrivers, UnknownUpsError } from "./plan.ts";

const pure = { permissions: "none" } as const;

const conf = parseUpsConf(
  "maxretry = 3\nretrydelay = 7\n[a]\ndriver=d\nport=p\nsdorder=-1\nmaxstartdelay=5\n[B]\ndriver=d\nport=p\nmaxretry=1\n",
  "ups.conf",
);

Deno.test({
  ...pure,
  name: "planDrivers() takes per-UPS limits over global ones over NUT's defaults",
  fn() {
    const [a, b] = planDrivers(conf, "start");
    assertEquals([a.maxretry, a.retrydelay, a.maxstartdelay], [3, 7, 5]);
    assertEquals([b.maxretry, b.retrydelay, b.maxstartdelay], [1, 7, 75]);
  },
});

Deno.test({
  ...pure,
  name: "planDrivers() finds a named UPS ignoring case, even with sdorder -1, and rejects an unknown one",
  fn() {
    assertEquals(planDrivers(conf, "shutdown").map((d) => d.ups), ["B"]);
    assertEquals(planDrivers(conf, "shutdown", "A").map((d) => d.ups), ["a"]);
    assertEquals(
      assertThrows(() => planDrivers(conf, "start", "zzz"), UnknownUpsError).message,
      "UPS zzz not found in ups.conf",
    );
  },
});
