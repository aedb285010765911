import { assertEquals } from "../lib/testing/asserts.ts";
import { parseUpsschedConf } from "./upssched_conf.ts";

const SAMPLE = `# upssched.conf as NUT ships it, filled in
CMDSCRIPT /usr/bin/upssched-cmd
PIPEFN /run/nut/upssched/upssched.pipe
LOCKFN /run/nut/upssched/upssched.lock
DEBUG_MIN 2

AT ONBATT * START-TIMER onbatt 30
AT ONLINE ups1@localhost CANCEL-TIMER onbatt online
AT COMMBAD * START-TIMER-SHARED commbad 10
AT COMMOK * CANCEL-TIMER-MATCHED commbad
AT ONLINE * EXECUTE "back on line"
`;

Deno.test({
  name: "parseUpsschedConf() keeps the directives in file order with their arguments and lines",
  permissions: "none",
  fn() {
    const c = parseUpsschedConf(SAMPLE, "upssched.conf");
    assertEquals(c.warnings, []);
    assertEquals(c.directives, [
      { kind: "CMDSCRIPT", argv: ["/usr/bin/upssched-cmd"], line: 2 },
      { kind: "PIPEFN", path: "/run/nut/upssched/upssched.pipe", line: 3 },
      { kind: "LOCKFN", path: "/run/nut/upssched/upssched.lock", line: 4 },
      { kind: "DEBUG_MIN", level: 2, line: 5 },
      {
        kind: "AT",
        notifyType: "ONBATT",
        ups: "*",
        command: "START-TIMER",
        arg1: "onbatt",
        arg2: "30",
        line: 7,
      },
      {
        kind: "AT",
        notifyType: "ONLINE",
        ups: "ups1@localhost",
        command: "CANCEL-TIMER",
        arg1: "onbatt",
        arg2: "online",
        line: 8,
      },
      {
        kind: "AT",
        notifyType: "COMMBAD",
        ups: "*",
        command: "START-TIMER-SHARED",
        arg1: "commbad",
        arg2: "10",
        line: 9,
      },
      {
        kind: "AT",
        notifyType: "COMMOK",
        ups: "*",
        command: "CANCEL-TIMER-MATCHED",
        arg1: "commbad",
        line: 10,
      },
      { kind: "AT", notifyType: "ONLINE", ups: "*", command: "EXECUTE", arg1: "back on line", line: 11 },
    ]);
  },
});

Deno.test({
  name: "parseUpsschedConf() reports what NUT ignores as warnings naming file:line",
  permissions: "none",
  fn() {
    const c = parseUpsschedConf(
      [
        "CMDSCRIPT", // no value
        "cmdscript /bin/x", // NUT compares names exactly
        "AT ONBATT * START-TIMER", // too short
        "AT ONBATT * FROBNICATE x", // kept, warned
        'PIPEFN "/tmp/unterminated',
      ].join("\n"),
      "/etc/nut/upssched.conf",
    );
    assertEquals(c.warnings.map((w) => `${w.line}: ${w.message}`), [
      "1: upssched.conf: invalid directive CMDSCRIPT (a directive needs a value)",
      "2: upssched.conf: invalid directive cmdscript /bin/x (unknown directive)",
      "3: upssched.conf: invalid directive AT ONBATT * START-TIMER " +
      "(expected AT <notifytype> <upsname> <command> <argument> [<argument>])",
      '4: unknown AT command "FROBNICATE" (expected one of START-TIMER, START-TIMER-SHARED, CANCEL-TIMER, ' +
      "CANCEL-TIMER-MATCHED, EXECUTE)",
      '5: Parse error: unterminated quoted value (missing closing ") (line ignored)',
    ]);
    assertEquals(c.directives.map((d) => d.kind), ["AT"]);
  },
});

Deno.test({
  name: "parseUpsschedConf() takes CMDSCRIPT's extra words as arguments and warns about a spaced single word",
  permissions: "none",
  fn() {
    const c = parseUpsschedConf('CMDSCRIPT /bin/cmd "-v" --x\nCMDSCRIPT "/bin/cmd -v"\n', "f");
    assertEquals(c.directives, [
      { kind: "CMDSCRIPT", argv: ["/bin/cmd", "-v", "--x"], line: 1 },
      { kind: "CMDSCRIPT", argv: ["/bin/cmd -v"], line: 2 },
    ]);
    assertEquals(c.warnings.map((w) => w.line), [2]);
  },
});
