/**
 * Target `server/driver_mirror`: the server's mirror of a driver (lib/server/driver_mirror.ts), fed a
 * driver's lines as the server's driver link reads them (tokenizer with the 64 KiB driver-line limit, then
 * `apply`). Bad lines are events, never errors. Property: the state and the events are the same whether
 * the lines arrive whole or in random chunks.
 * @module
 */
import { type FuzzTarget, NO_TYPED_ERRORS } from "../target.ts";
import { literalsOf } from "../corpus.ts";
import { DRIVER_MESSAGE_WORDS } from "../tokens.ts";
import { chunkText } from "../chunk.ts";
import { check, sameValue } from "../property.ts";
import { DriverMirror } from "../../lib/server/driver_mirror.ts";
import { MAX_DRIVER_LINE } from "../../lib/server/driver_link.ts";
import { Ups } from "../../lib/server/ups.ts";
import { WordParser } from "../../lib/words/parser.ts";
import { driverTranscripts } from "./_transcripts.ts";

/** Feeds chunks to a fresh mirror: everything observable afterwards. */
function mirror(chunks: readonly string[]): unknown[] {
  const ups = new Ups({ name: "ups1", driver: "dummy-ups", socketPath: "/nonexistent/dummy-ups-ups1" });
  const m = new DriverMirror(ups);
  const parser = new WordParser({ maxLineLength: MAX_DRIVER_LINE });
  const events: unknown[] = [];
  m.connected(0);
  let now = 0;
  for (const c of chunks) {
    for (const line of parser.push(c)) {
      now += 1000;
      events.push(line.error ? ["parse", line.error] : m.apply(line.words, now) ?? null);
    }
  }
  const state = ups.state;
  check(
    "ups.status is always a string when set",
    ["string", "undefined"].includes(typeof state.getValue("ups.status")),
  );
  return [events, state.dump(), state.commands(), m.dumpDone, m.lastHeard, m.stale(now, 15000)];
}

/** The server's mirror of a driver. */
export const driverMirrorTarget: FuzzTarget<unknown[]> = {
  name: "server/driver_mirror",
  subject: "lib/server/driver_mirror.ts (lib/state/device_state.ts behind it)",
  unicode: false,
  dictionary: [
    ...DRIVER_MESSAGE_WORDS,
    "RW",
    "STRING",
    "ups.status",
    "UPS.STATUS",
    "battery.charge",
    '"OB LB"',
  ],
  seeds(corpus) {
    return [driverTranscripts(corpus), literalsOf(corpus, "sock", "server")];
  },
  parse(input) {
    return mirror([input]);
  },
  check(input, whole, rng) {
    sameValue("chunked = whole", mirror(chunkText(input, rng)), whole);
  },
  isTyped: NO_TYPED_ERRORS,
};
