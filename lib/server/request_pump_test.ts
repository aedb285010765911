import { assert, assertEquals } from "../testing/asserts.ts";
import { Logger } from "../log.ts";
import { MAX_REQUEST_LINE, type RequestLine } from "../protocol/reader.ts";
import type { Session } from "./session.ts";
import type { AfterReply } from "./session_state.ts";
import { RequestPump, TURN_LIMITS } from "./request_pump.ts";

/** A session that answers `<words>\n`, with LOGOUT, STARTTLS and BOOM (throws) as the real one would. */
function fakeSession(): { session: Session; asked: string[] } {
  const asked: string[] = [];
  let after: AfterReply | undefined;
  const session = {
    address: "127.0.0.1",
    handleLine(line: RequestLine): string {
      const text = line.error ?? line.words.join(" ");
      asked.push(text);
      if (text === "BOOM") throw new Error("boom");
      if (text === "LOGOUT") after = "close";
      if (text === "STARTTLS") after = "starttls";
      return `${text}\n`;
    },
    takeAfter(): AfterReply | undefined {
      const a = after;
      after = undefined;
      return a;
    },
  };
  return { session: session as unknown as Session, asked };
}

function quietLog(lines: string[] = []): Logger {
  return new Logger({ sink: (_s, m) => lines.push(m), timestamps: false });
}

Deno.test({
  name: "RequestPump answers a turn's worth of requests at a time and parses only what it answers",
  permissions: "none",
  fn() {
    const { session, asked } = fakeSession();
    const pump = new RequestPump({ requests: 3, replyBytes: 1 << 20, inputBytes: 1 << 20 });
    pump.feed(Array.from({ length: 8 }, (_, i) => `R${i}\n`).join(""));
    const t1 = pump.turn(session, quietLog(), 1 << 20);
    assertEquals([t1.reply, t1.answered, asked.length], ["R0\nR1\nR2\n", 3, 3]);
    assertEquals(pump.turn(session, quietLog(), 1 << 20).reply, "R3\nR4\nR5\n");
    assertEquals(pump.idle, false);
    assertEquals(pump.turn(session, quietLog(), 1 << 20).reply, "R6\nR7\n");
    assertEquals(pump.idle, true);
    assertEquals(pump.turn(session, quietLog(), 1 << 20), { reply: "", answered: 0, bad: 0 });
  },
});

Deno.test({
  name:
    "RequestPump stops at the reply bytes of the turn or the room given, and answers nothing without room",
  permissions: "none",
  fn() {
    const { session } = fakeSession();
    const pump = new RequestPump({ requests: 100, replyBytes: 10, inputBytes: 1 << 20 });
    pump.feed("AAAA\nBBBB\nCCCC\nDDDD\n");
    // The request that crosses the bound is the last one of the turn.
    assertEquals(pump.turn(session, quietLog(), 1000).reply, "AAAA\nBBBB\n");
    assertEquals(pump.turn(session, quietLog(), 0), { reply: "", answered: 0, bad: 0 });
    assertEquals(pump.turn(session, quietLog(), 3).reply, "CCCC\n");
    assertEquals(pump.turn(session, quietLog(), 3).reply, "DDDD\n");
    assertEquals(pump.idle, true);
  },
});

Deno.test({
  name: "RequestPump keeps a line split across reads, and reads a huge line as TOO-LONG in bounded pieces",
  permissions: "none",
  fn() {
    const { session } = fakeSession();
    const pump = new RequestPump();
    pump.feed("GET VAR u");
    assertEquals(pump.turn(session, quietLog(), 1000).answered, 0);
    assertEquals(pump.idle, true);
    pump.feed("ps x\nNE");
    assertEquals(pump.turn(session, quietLog(), 1000).reply, "GET VAR ups x\n");
    pump.feed("TVER\n");
    assertEquals(pump.turn(session, quietLog(), 1000).reply, "NETVER\n");
    let replies = "";
    for (let i = 0; i < 10; i++) {
      pump.feed("x".repeat(64 * 1024));
      for (let turns = 0; !pump.idle; turns++) {
        assert(turns <= 64 / (TURN_LIMITS.inputBytes / 1024), "the turn's input bytes at a time");
        replies += pump.turn(session, quietLog(), 1000).reply;
      }
    }
    pump.feed("\nVER\n");
    const last = pump.turn(session, quietLog(), 1000);
    assertEquals(replies + last.reply, "TOO-LONG\nVER\n");
    assertEquals(last.bad, 0, "the line after is not noise");
    pump.feed("y".repeat(MAX_REQUEST_LINE + 128 * 1024));
    let turns = 0, bad = 0;
    while (!pump.idle) turns++, bad += pump.turn(session, quietLog(), 1000).bad;
    // Up to the limit, a long line may still be a request; crossing it is noise, and so is each 64 KiB
    // of its rest thrown away.
    assertEquals([turns, bad], [(MAX_REQUEST_LINE + 128 * 1024) / TURN_LIMITS.inputBytes, 3]);
  },
});

Deno.test({
  name: "RequestPump reads at most the input bytes of a turn, cutting a line where it must",
  permissions: "none",
  fn() {
    const { session, asked } = fakeSession();
    const pump = new RequestPump({ requests: 100, replyBytes: 1 << 20, inputBytes: 10 });
    pump.feed("AAAA\nBBBB\nCCCCCCCCCCCC\nD\n");
    assertEquals(pump.turn(session, quietLog(), 1000).reply, "AAAA\nBBBB\n");
    // 13 characters: the line is read over two turns, and answered whole.
    assertEquals(pump.turn(session, quietLog(), 1000).reply, "");
    assertEquals(pump.turn(session, quietLog(), 1000).reply, "CCCCCCCCCCCC\nD\n");
    assertEquals(asked, ["AAAA", "BBBB", "CCCCCCCCCCCC", "D"]);
  },
});

Deno.test({
  name: "RequestPump: LOGOUT is reported and what was read after it is answered; STARTTLS drops the rest",
  permissions: "none",
  fn() {
    const { session } = fakeSession();
    const pump = new RequestPump();
    pump.feed("A\nLOGOUT\nB\n");
    assertEquals(pump.turn(session, quietLog(), 1000), {
      reply: "A\nLOGOUT\nB\n",
      answered: 3,
      bad: 0,
      after: "close",
    });
    pump.feed("C\nSTARTTLS\nD\nE\n");
    assertEquals(pump.turn(session, quietLog(), 1000), {
      reply: "C\nSTARTTLS\n",
      answered: 2,
      bad: 0,
      after: "starttls",
    });
    assertEquals(pump.idle, true);
    pump.feed("F\n");
    assertEquals(pump.turn(session, quietLog(), 1000).reply, "F\n");
  },
});

Deno.test({
  name: "RequestPump: a session that throws costs one reply, logged, and the others are answered",
  permissions: "none",
  fn() {
    const { session } = fakeSession();
    const lines: string[] = [];
    const pump = new RequestPump();
    pump.feed("A\nBOOM\nB\n");
    assertEquals(pump.turn(session, quietLog(lines), 1000).reply, "A\nERR UNKNOWN-COMMAND\nB\n");
    assertEquals(lines.length, 1);
    assertEquals(lines[0].startsWith("Internal error answering 127.0.0.1 (BOOM)"), true);
  },
});
