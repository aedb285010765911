/**
 * Target `sched/protocol`: the requests upssched calls send its timer daemon (lib/sched/protocol.ts), read
 * as the daemon reads them (tokenizer with its 4 KiB line limit). Unknown requests are `undefined`, never
 * errors. Properties: chunked = whole; a request formats back into itself; seconds read as a finite
 * integer.
 * @module
 */
import { type FuzzTarget, NO_TYPED_ERRORS } from "../target.ts";
import { literalsOf } from "../corpus.ts";
import { chunkText } from "../chunk.ts";
import { check, sameValue } from "../property.ts";
import {
  formatSchedRequest,
  parseSchedRequest,
  type SchedRequest,
  strtol,
} from "../../lib/sched/protocol.ts";
import { WordParser } from "../../lib/words/parser.ts";
import { splitLine } from "../../lib/words/split.ts";

/** The daemon's line limit (lib/sched/daemon.ts). */
const MAX_LINE = 4096;

function read(chunks: readonly string[]): (SchedRequest | string | undefined)[] {
  const parser = new WordParser({ maxLineLength: MAX_LINE });
  const out: (SchedRequest | string | undefined)[] = [];
  for (const c of chunks) {
    for (const l of parser.push(c)) out.push(l.error ?? parseSchedRequest(l.words));
  }
  return out;
}

/** A CANCEL without a command and one with an empty command mean the same to the daemon. */
function normal(r: SchedRequest): SchedRequest {
  return r.kind === "CANCEL" && !r.command ? { ...r, command: "" } : r;
}

/** The upssched daemon protocol. */
export const schedProtocolTarget: FuzzTarget<(SchedRequest | string | undefined)[]> = {
  name: "sched/protocol",
  subject: "lib/sched/protocol.ts",
  unicode: false,
  dictionary: [
    "START",
    "START-SHARED",
    "CANCEL",
    "CANCEL-MATCHED",
    "LIST-TIMERS",
    '"onbatt"',
    '"30"',
    '"ONBATT"',
    '"ups@host"',
    '""',
  ],
  seeds(corpus) {
    const made = [
      'START "onbatt" "30" "ONBATT" "ups@localhost" "UPS ups@localhost on battery"',
      'START-SHARED "early" "10" "ONBATT" "ups@localhost" ""',
      'CANCEL "onbatt" "online" "ONLINE" "ups@localhost" ""',
      'CANCEL-MATCHED "early" "" "ONLINE" "ups@localhost" ""',
      'LIST-TIMERS "" "" "" "" ""',
      "START onbatt 30",
      "CANCEL onbatt",
    ].join("\n");
    return [[made], literalsOf(corpus, "sched")];
  },
  parse(input) {
    return read([input]);
  },
  check(input, whole, rng) {
    sameValue("chunked = whole", read(chunkText(input, rng)), whole);
    for (const r of whole) {
      if (typeof r !== "object") continue;
      const line = formatSchedRequest(r);
      const again = parseSchedRequest(splitLine(line, { maxWords: 0, maxWordLength: 0 }).words);
      sameValue("a request formats back", again && normal(again), r.kind === "LIST-TIMERS" ? r : normal(r));
      if (r.kind === "START") {
        check(
          `seconds ${JSON.stringify(r.seconds)} read as an integer`,
          Number.isSafeInteger(strtol(r.seconds)),
        );
      }
    }
  },
  isTyped: NO_TYPED_ERRORS,
};
