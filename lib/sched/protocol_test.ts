import { assertEquals } from "../testing/asserts.ts";
import { splitWords } from "../words/split.ts";
import { formatG, formatSchedRequest, parseSchedRequest, type SchedRequest, strtol } from "./protocol.ts";

Deno.test({
  name: "parseSchedRequest() reads NUT 2.8.0's short form and the long form of later versions",
  permissions: "none",
  fn() {
    assertEquals(parseSchedRequest(splitWords('START "onbatt" "30"')), {
      kind: "START",
      shared: false,
      name: "onbatt",
      seconds: "30",
      notifyType: "",
      upsName: "",
      message: "",
    });
    assertEquals(parseSchedRequest(splitWords('CANCEL "onbatt"')), {
      kind: "CANCEL",
      matched: false,
      name: "onbatt",
      notifyType: "",
      upsName: "",
      message: "",
    });
    assertEquals(
      parseSchedRequest(splitWords('START-SHARED "g" "5" "COMMBAD" "ups1@h" "Communications with UPS lost"')),
      {
        kind: "START",
        shared: true,
        name: "g",
        seconds: "5",
        notifyType: "COMMBAD",
        upsName: "ups1@h",
        message: "Communications with UPS lost",
      },
    );
    assertEquals(parseSchedRequest(splitWords('LIST-TIMERS "" "" "" "" ""')), { kind: "LIST-TIMERS" });
  },
});

Deno.test({
  name: "parseSchedRequest() refuses unknown verbs and short requests (the daemon answers ERR UNKNOWN)",
  permissions: "none",
  fn() {
    for (const line of ["FOO", 'START "a"', "CANCEL", "start a 1", ""]) {
      assertEquals(parseSchedRequest(splitWords(line)), undefined, line);
    }
  },
});

Deno.test({
  name: "formatSchedRequest() round-trips through the tokenizer, quotes and backslashes included",
  permissions: "none",
  fn() {
    const requests: SchedRequest[] = [
      {
        kind: "START",
        shared: false,
        name: "a b",
        seconds: "30",
        notifyType: "ONBATT",
        upsName: "u@h",
        message: "",
      },
      {
        kind: "CANCEL",
        matched: true,
        name: "x",
        command: 'say "hi" \\ #1',
        notifyType: "ONLINE",
        upsName: "u",
        message: "m",
      },
    ];
    for (const r of requests) assertEquals(parseSchedRequest(splitWords(formatSchedRequest(r))), r);
    assertEquals(
      formatSchedRequest(requests[0]),
      'START "a b" "30" "ONBATT" "u@h" ""',
    );
  },
});

Deno.test({
  name: "strtol() and formatG() behave like C's",
  permissions: "none",
  fn() {
    assertEquals([strtol("10"), strtol("  +7x"), strtol(""), strtol("x1"), strtol("-0")], [10, 7, 0, 0, -0]);
    assertEquals(
      [formatG(0), formatG(30), formatG(-0.5), formatG(28.4567891), formatG(1e-5), formatG(123456)],
      ["0", "30", "-0.5", "28.4568", "1e-05", "123456"],
    );
  },
});
