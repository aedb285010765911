import { assert, assertEquals } from "../testing/asserts.ts";
import { splitWords } from "../words/split.ts";
import { formatRequest, parseRequest } from "./request.ts";
import { findCommand } from "./commands.ts";
import {
  formatPushAccepted,
  formatPushMessage,
  formatPushRequest,
  isPushAccepted,
  isPushLine,
  parsePush,
  parsePushMessage,
  type PushMessage,
} from "./push.ts";

const pure = { permissions: "none" } as const;

Deno.test({
  ...pure,
  name: "formatPushMessage() writes lines that parse back to the same message (round trip)",
  fn() {
    const messages: PushMessage[] = [
      { kind: "STATUS", ups: "ups1", status: "OL" },
      { kind: "STATUS", ups: "ups1", status: "" },
      { kind: "STATUS", ups: "UPS-1.rack", status: "FSD OB DISCHRG LB" },
      { kind: "STATUS", ups: "ups1", status: "OL ALARM", alarm: 'Replace "battery" #now\\' },
      { kind: "STATUS", ups: "ups1", status: "OL ALARM", alarm: "" },
      { kind: "STATUS", ups: "odd name", status: "OL" },
      { kind: "ERR", ups: "ups1", code: "DATA-STALE" },
      { kind: "ERR", ups: "ups1", code: "DRIVER-NOT-CONNECTED" },
      { kind: "ERR", ups: "ups1", code: "UNKNOWN-UPS" },
    ];
    for (const m of messages) {
      const line = formatPushMessage(m);
      assert(!line.includes("\n"), line);
      assertEquals(parsePushMessage(splitWords(line)), m, line);
    }
  },
});

Deno.test({
  ...pure,
  name: "parsePushMessage() accepts any case of the words, rejects other lines and malformed ones",
  fn() {
    assertEquals(parsePushMessage(splitWords('x-push status ups1 "OB"')), {
      kind: "STATUS",
      ups: "ups1",
      status: "OB",
    });
    assertEquals(parsePushMessage(splitWords("x-push err ups1 DATA-STALE")), {
      kind: "ERR",
      ups: "ups1",
      code: "DATA-STALE",
    });
    for (
      const line of [
        'VAR ups1 ups.status "OL"',
        "OK X-PUSH STATUS ups1",
        "ERR UNKNOWN-COMMAND",
        "X-PUSH STATUS ups1",
        'X-PUSH STATUS ups1 "OL" "alarm" extra',
        "X-PUSH ERR ups1",
        "X-PUSH ERR ups1 DATA-STALE extra",
        'X-PUSH VAR ups1 "OL"',
        "",
      ]
    ) assertEquals(parsePushMessage(splitWords(line)), undefined, line);
    assert(isPushLine(["x-push"]));
    assert(!isPushLine(["OK", "X-PUSH"]));
    assert(!isPushLine([]));
  },
});

Deno.test({
  ...pure,
  name: "X-PUSH STATUS is a request of the command table: parsed, formatted, no login needed",
  fn() {
    assertEquals(findCommand("x-push")?.needsLogin, false);
    const req = parseRequest(splitWords("X-Push Status Ups1"));
    assertEquals(req, { kind: "PUSH_STATUS", verb: "X-PUSH", ups: "Ups1" });
    assertEquals(formatRequest({ kind: "PUSH_STATUS", verb: "X-PUSH", ups: "Ups1" }), "X-PUSH STATUS Ups1");
    assertEquals(parseRequest(splitWords(formatPushRequest("my ups"))), {
      kind: "PUSH_STATUS",
      verb: "X-PUSH",
      ups: "my ups",
    });
    for (const args of [[], ["STATUS"], ["STATUS", ""], ["VAR", "ups1"], ["STATUS", "a", "b"]]) {
      assertEquals(parsePush(args), { kind: "INVALID", verb: "X-PUSH" }, args.join(" "));
    }
  },
});

Deno.test({
  ...pure,
  name: "formatPushAccepted() and isPushAccepted() agree; other answers are not an acceptance",
  fn() {
    for (const ups of ["ups1", "UPS.2", "my ups"]) {
      assert(isPushAccepted(splitWords(formatPushAccepted(ups)), ups), ups);
    }
    assert(isPushAccepted(splitWords("OK X-PUSH STATUS UPS1"), "ups1"));
    assert(!isPushAccepted(splitWords("OK X-PUSH STATUS ups2"), "ups1"));
    assert(!isPushAccepted(splitWords("ERR UNKNOWN-COMMAND"), "ups1"));
    assert(!isPushAccepted(splitWords("OK"), "ups1"));
  },
});
