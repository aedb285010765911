import { assertEquals } from "../testing/asserts.ts";
import { parseUpsschedConf } from "../../config/upssched_conf.ts";
import { planEvent, type SchedStep } from "./plan.ts";

const HEAD = "CMDSCRIPT /bin/cmd\nPIPEFN /run/p\nLOCKFN /run/l\n";

function steps(conf: string, upsName: string, notifyType: string, message?: string): string[] {
  return planEvent(parseUpsschedConf(conf, "upssched.conf"), { upsName, notifyType, message }).map(show);
}

function show(s: SchedStep): string {
  switch (s.kind) {
    case "execute":
      return `${s.line} execute ${s.argument}`;
    case "send": {
      const r = s.request;
      if (r.kind === "START") {
        return `${s.line} ${
          r.shared ? "START-SHARED" : "START"
        } ${r.name} ${r.seconds} ${r.notifyType} ${r.upsName} ${r.message}`;
      }
      if (r.kind === "CANCEL") {
        return `${s.line} ${r.matched ? "CANCEL-MATCHED" : "CANCEL"} ${r.name} ${
          r.command ?? "-"
        } ${r.upsName}`;
      }
      return `${s.line} ${r.kind}`;
    }
    default:
      return `${s.line} ${s.kind}: ${s.message}`;
  }
}

Deno.test({
  name: "planEvent() acts on every matching AT line in file order: exact UPS name or *, any-case type",
  permissions: "none",
  fn() {
    const conf = HEAD + [
      "AT ONBATT * START-TIMER onbatt 30",
      "AT onbatt ups1@h EXECUTE page",
      "AT ONBATT ups2@h EXECUTE other",
      "AT ONBATT UPS1@h EXECUTE case",
      "AT ONLINE * CANCEL-TIMER onbatt backon",
      "AT ONBATT * START-TIMER-SHARED grouped 5",
      "AT COMMOK * CANCEL-TIMER-MATCHED grouped",
    ].join("\n");
    assertEquals(steps(conf, "ups1@h", "ONBATT", "UPS ups1@h on battery"), [
      "4 START onbatt 30 ONBATT ups1@h UPS ups1@h on battery",
      "5 execute page",
      "9 START-SHARED grouped 5 ONBATT ups1@h UPS ups1@h on battery",
    ]);
    assertEquals(steps(conf, "ups2@h", "ONLINE"), ["8 CANCEL onbatt backon ups2@h"]);
    assertEquals(steps(conf, "ups2@h", "COMMOK"), ["10 CANCEL-MATCHED grouped - ups2@h"]);
    assertEquals(steps(conf, "ups2@h", "LOWBATT"), []);
  },
});

Deno.test({
  name: "planEvent() stops at the first AT line before CMDSCRIPT, PIPEFN or LOCKFN, matching or not",
  permissions: "none",
  fn() {
    assertEquals(
      steps("CMDSCRIPT /bin/cmd\nAT ONLINE * EXECUTE x\nPIPEFN /p\nLOCKFN /l\n", "u", "ONBATT"),
      ["2 fatal: PIPEFN must be set before any ATs in the config file!"],
    );
    assertEquals(
      steps(
        HEAD + "AT ONBATT * EXECUTE first\nCMDSCRIPT /bin/other\nAT ONBATT * EXECUTE second\n",
        "u",
        "ONBATT",
      ),
      ["4 execute first", "6 execute second"],
    );
    const conf = parseUpsschedConf(
      HEAD + "AT ONBATT * EXECUTE first\nCMDSCRIPT /bin/other -q\nAT ONBATT * EXECUTE second\n",
      "f",
    );
    const plan = planEvent(conf, { upsName: "u", notifyType: "ONBATT" });
    assertEquals(plan.map((s) => s.kind === "execute" ? s.settings.cmdScript : []), [["/bin/cmd"], [
      "/bin/other",
      "-q",
    ]]);
    assertEquals(steps("AT ONBATT * EXECUTE x\n", "u", "ONLINE"), [
      "1 fatal: CMDSCRIPT must be set before any ATs in the config file!",
    ]);
  },
});

Deno.test({
  name: "planEvent() reports an empty EXECUTE and an unknown command, then goes on",
  permissions: "none",
  fn() {
    assertEquals(
      steps(HEAD + 'AT ONBATT * EXECUTE ""\nAT ONBATT * JUMP x\nAT ONBATT * START-TIMER t\n', "u", "ONBATT"),
      [
        "4 error: Empty EXECUTE command argument",
        "5 error: Invalid command: JUMP",
        "6 abort: START-TIMER t: the number of seconds is missing (expected AT ONBATT * START-TIMER t <seconds>)",
      ],
    );
  },
});

Deno.test({
  name: "planEvent() stops at a matching START-TIMER without seconds (NUT's call fails there), not at others",
  permissions: "none",
  fn() {
    const conf = HEAD +
      "AT ONLINE * EXECUTE before\nAT ONLINE * START-TIMER-SHARED t\nAT ONLINE * EXECUTE after\n";
    assertEquals(steps(conf, "u", "ONLINE"), [
      "4 execute before",
      "5 abort: START-TIMER-SHARED t: the number of seconds is missing " +
      "(expected AT ONLINE * START-TIMER-SHARED t <seconds>)",
    ]);
    assertEquals(steps(HEAD + "AT ONBATT * START-TIMER t\nAT ONLINE * EXECUTE ok\n", "u", "ONLINE"), [
      "5 execute ok",
    ]);
  },
});
