import { assertEquals } from "../testing/asserts.ts";
import { parseUpsdUsers } from "../../config/upsd_users.ts";
import { authenticate, mayDo, mayRun } from "./acl.ts";

const pure = { permissions: "none" } as const;
const USERS = parseUpsdUsers(
  `[admin]
 password = secret
 actions = set fsd
 instcmds = ALL
[mon]
 password = pw
 upsmon primary
[sec]
 password = pw
 upsmon secondary
[cmd]
 password = pw
 instcmds = Test.Battery.Start
[prim]
 password = pw
 actions = PRIMARY
[nopw]
 actions = SET
`,
  "upsd.users",
);

Deno.test({
  ...pure,
  name: "mayDo() follows upsd.users: actions without regard to case, upsmon roles, PRIMARY or MASTER",
  fn() {
    const table: [string, string, "LOGIN" | "PRIMARY" | "FSD" | "SET", boolean][] = [
      ["admin", "secret", "SET", true],
      ["admin", "secret", "FSD", true],
      ["admin", "secret", "LOGIN", false],
      ["admin", "wrong", "SET", false],
      ["mon", "pw", "LOGIN", true],
      ["mon", "pw", "PRIMARY", true],
      ["mon", "pw", "FSD", true],
      ["mon", "pw", "SET", false],
      ["sec", "pw", "LOGIN", true],
      ["sec", "pw", "PRIMARY", false],
      ["sec", "pw", "FSD", false],
      ["prim", "pw", "PRIMARY", true],
      ["nopw", "", "SET", false],
      ["ADMIN", "secret", "SET", false],
      ["nobody", "x", "LOGIN", false],
    ];
    for (const [u, p, a, want] of table) assertEquals(mayDo(USERS, u, p, a), want, `${u}/${p} ${a}`);
    assertEquals(mayDo(USERS, undefined, "secret", "SET"), false);
    assertEquals(mayDo(USERS, "admin", undefined, "SET"), false);
  },
});

Deno.test({
  ...pure,
  name: "mayRun() grants listed instant commands (any case) or ALL",
  fn() {
    assertEquals(mayRun(USERS, "admin", "secret", "anything.at.all"), true);
    assertEquals(mayRun(USERS, "cmd", "pw", "test.battery.start"), true);
    assertEquals(mayRun(USERS, "cmd", "pw", "TEST.BATTERY.START"), true);
    assertEquals(mayRun(USERS, "cmd", "pw", "load.off"), false);
    assertEquals(mayRun(USERS, "cmd", "bad", "test.battery.start"), false);
    assertEquals(mayRun(USERS, "mon", "pw", "load.off"), false);
    assertEquals(authenticate(USERS, "nopw", ""), undefined);
  },
});
