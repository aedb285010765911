/**
 * What a client sent and the server has not answered yet, answered a turn at a time. Both frontends keep
 * one per connection and read nothing more from its socket while it holds anything, so what a client
 * can make the server hold is one read of requests; each turn answers at most {@linkcode TURN_LIMITS}
 * requests, bytes of replies and bytes read (and never more bytes than the caller says its output has
 * room for), so
 * a client pipelining thousands of `LIST VAR` can neither build megabytes of replies at once nor keep the
 * loop from everyone else.
 *
 * Lines are cut from the received text a turn's worth at a time and given to the one request reader
 * (lib/protocol/reader.ts), so a request is parsed only when it is about to be answered.
 * @module
 */
import type { Logger } from "../log.ts";
import { type RequestLine, RequestReader } from "../protocol/reader.ts";
import type { Session } from "./session.ts";
import type { AfterReply } from "./session_state.ts";

/** How much one connection gets answered in one turn of the loop. */
export interface TurnLimits {
  /** Requests answered at most. */
  readonly requests: number;
  /** Reply bytes at most (the request that crosses it is the last; one request is always answered). */
  readonly replyBytes: number;
  /** Received characters read at most (a line longer than that is read over several turns). */
  readonly inputBytes: number;
}

/** The turn every connection gets: enough for any real client, small beside the loop's slice. */
export const TURN_LIMITS: TurnLimits = { requests: 8, replyBytes: 8 * 1024, inputBytes: 4 * 1024 };

/** What one turn answered. */
export interface Turn {
  /** The replies, in order (empty when nothing was answered). */
  reply: string;
  /** Requests answered. */
  answered: number;
  /**
   * Lines that are not the protocol at all: unknown commands, lines over the limit (and each 64 KiB
   * thrown away as the rest of one), quoting errors (what a NUT client never sends, and noise always is).
   */
  bad: number;
  /** LOGOUT ("close": after the rest is answered) or STARTTLS (nothing after it is answered). */
  after?: AfterReply;
}

/**
 * A connection's unanswered requests.
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const pump = new RequestPump({ requests: 2, replyBytes: 1024, inputBytes: 1024 });
 * const session = { handleLine: (l: { words: string[] }) => `${l.words[0]}\n`, takeAfter: () => undefined };
 * pump.feed("A\nB\nC\n");
 * assertEquals(pump.turn(session as never, undefined as never, 1024).reply, "A\nB\n");
 * assertEquals(pump.idle, false);
 * assertEquals(pump.turn(session as never, undefined as never, 1024).reply, "C\n");
 * assertEquals(pump.idle, true);
 * ```
 */
export class RequestPump {
  #limits: TurnLimits;
  #reader = new RequestReader();
  /** Received text not given to the reader yet. */
  #inbox = "";
  /** Lines read and not answered yet, from `#next` on. */
  #lines: RequestLine[] = [];
  #next = 0;
  /** Characters thrown away since the last time that counted as noise. */
  #skipped = 0;

  /**
   * Creates an empty pump.
   * @param limits what one turn answers at most
   */
  constructor(limits: TurnLimits = TURN_LIMITS) {
    this.#limits = limits;
  }

  /** True when everything received is answered (a partial line may still be pending in the reader). */
  get idle(): boolean {
    return this.#inbox.length === 0 && this.#next >= this.#lines.length;
  }

  /**
   * Adds received text (the caller reads again only once the pump is idle, which bounds it).
   * @param text bytes decoded one to one
   */
  feed(text: string): void {
    this.#inbox = this.#inbox.length === 0 ? text : this.#inbox + text;
  }

  /**
   * Answers requests: up to the turn's limits, and not beyond `roomBytes` of replies (the request that
   * crosses it is the last). A session that throws costs that one reply (`ERR UNKNOWN-COMMAND`, logged).
   * @param session the client's session
   * @param log where internal errors go
   * @param roomBytes reply bytes the connection's output has room for (0 or less: nothing is answered)
   * @returns what was answered
   */
  turn(session: Session, log: Logger, roomBytes: number): Turn {
    const maxBytes = Math.min(roomBytes, this.#limits.replyBytes);
    let reply = "";
    let answered = 0;
    let bad = 0;
    let read = 0;
    let close = false;
    while (answered < this.#limits.requests && reply.length < maxBytes) {
      if (this.#next >= this.#lines.length) {
        const n = this.#readMore(this.#limits.inputBytes - read);
        if (n === 0) break;
        read += n;
        // Input thrown away unread (the rest of a line over the limit) is noise too, each 64 KiB of it.
        if (this.#reader.skipping && (this.#skipped += n) >= SKIPPED_NOISE) {
          this.#skipped = 0;
          bad++;
        }
        continue;
      }
      const line = this.#lines[this.#next++];
      const answer = answerOne(session, line, log);
      if (line.error || answer === UNKNOWN_COMMAND) bad++;
      reply += answer ?? UNKNOWN_COMMAND;
      answered++;
      const after = session.takeAfter();
      if (after === "starttls") {
        // What follows STARTTLS in plain text is not the TLS session's: it is dropped.
        this.reset();
        return { reply, answered, bad, after };
      }
      if (after === "close") close = true;
    }
    return close ? { reply, answered, bad, after: "close" } : { reply, answered, bad };
  }

  /** Forgets everything received (STARTTLS: a new reader for the encrypted side). */
  reset(): void {
    this.#reader = new RequestReader();
    this.#inbox = "";
    this.#lines = [];
    this.#next = 0;
  }

  /**
   * Gives the reader the next turn's worth of lines, at most `most` characters.
   * @returns the characters given (0: nothing left, or no more this turn)
   */
  #readMore(most: number): number {
    const inbox = this.#inbox;
    if (inbox.length === 0 || most <= 0) return 0;
    let cut = 0;
    for (let k = 0; k < this.#limits.requests && cut < most; k++) {
      const nl = inbox.indexOf("\n", cut);
      if (nl < 0) {
        cut = inbox.length;
        break;
      }
      cut = nl + 1;
    }
    cut = Math.min(cut, most);
    const whole = cut >= inbox.length;
    this.#lines = this.#reader.push(whole ? inbox : inbox.slice(0, cut));
    this.#next = 0;
    this.#inbox = whole ? "" : inbox.slice(cut);
    return cut;
  }
}

const UNKNOWN_COMMAND = "ERR UNKNOWN-COMMAND\n";

/** Characters of a line over the limit thrown away that count as one line of noise. */
const SKIPPED_NOISE = 64 * 1024;

/** The session's answer, undefined when it threw (a bug of ours: logged). */
function answerOne(session: Session, line: RequestLine, log: Logger): string | undefined {
  try {
    return session.handleLine(line);
  } catch (e) {
    log.error(
      `Internal error answering ${session.address} (${line.words[0] ?? ""}): ${(e as Error).stack ?? e}`,
    );
    return undefined;
  }
}
