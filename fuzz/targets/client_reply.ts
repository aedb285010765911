/**
 * Target `client/reply`: what a server sends to a client, through the client's line splitter
 * (lib/client/line_splitter.ts) and reply parsers (lib/client/reply.ts: words, GET and OK answers, LIST
 * blocks, TYPE words; lib/protocol/reply.ts parseReply). Typed errors: NutError (an `ERR` answer) and
 * ClientError (a malformed or too long answer). Properties: chunked = whole; a NutError carries NUT's text
 * for its word; the words of a reply format back into a request line that splits into them again; a
 * reply of plain words formats back into itself.
 * @module
 */
import { type FuzzTarget, TypedErrors } from "../target.ts";
import { literalsOf } from "../corpus.ts";
import { chunkText } from "../chunk.ts";
import { check, sameValue } from "../property.ts";
import { LineSplitter } from "../../lib/client/line_splitter.ts";
import {
  formatRequest,
  ListReader,
  parseGetReply,
  parseOkReply,
  parseVarType,
  replyWords,
} from "../../lib/client/reply.ts";
import { ClientError } from "../../lib/client/errors.ts";
import { NUT_ERROR_TEXT, NutError } from "../../lib/protocol/errors.ts";
import { formatReply, parseReply, type Reply } from "../../lib/protocol/reply.ts";
import { formatWord } from "../../lib/words/encode.ts";
import { replyTranscripts } from "./_transcripts.ts";

const isTyped = (e: unknown) => e instanceof NutError || e instanceof ClientError;

const ERROR_TEXTS = new Set([...Object.values(NUT_ERROR_TEXT), "Unknown error"]);

/** Splits the chunks into lines: the lines, and whether the splitter refused a line. */
function split(
  chunks: readonly string[],
  max: number | undefined,
  bytes: boolean,
): { lines: string[]; tooLong: boolean } {
  const s = new LineSplitter(max);
  const lines: string[] = [];
  try {
    for (const c of chunks) lines.push(...s.push(bytes ? latin1Bytes(c) : c));
  } catch (e) {
    if (!(e instanceof ClientError)) throw e;
    return { lines, tooLong: true };
  }
  return { lines, tooLong: false };
}

function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** A reply line's words are all written as they are (so formatting changes nothing). */
function plain(words: readonly string[]): boolean {
  return words.length > 0 && words.length <= 32 && words.every((w) => w.length <= 512 && formatWord(w) === w);
}

/** What the client made of an input. */
interface Parsed {
  max: number | undefined;
  whole: { lines: string[]; tooLong: boolean };
  lines: string[];
  words: string[][];
  replies: Reply[];
  errors: TypedErrors;
  nutErrors: NutError[];
}

/** The client's reply parsers. */
export const clientReplyTarget: FuzzTarget<Parsed> = {
  name: "client/reply",
  subject: "lib/client/line_splitter.ts, reply.ts; lib/protocol/reply.ts parseReply",
  unicode: false,
  dictionary: [
    "OK",
    "ERR",
    "BEGIN",
    "END",
    "LIST",
    "VAR",
    "RW",
    "TYPE",
    "DESC",
    "CMDDESC",
    "UPSDESC",
    "NUMLOGINS",
    "UPS",
    "CMD",
    "ENUM",
    "RANGE",
    "CLIENT",
    "STRING:",
    "STRING:32",
    "NUMBER",
    "TRACKING",
    "Goodbye",
    "ups1",
    "ACCESS-DENIED",
    "DATA-STALE",
    "UNKNOWN-UPS",
    "BEGIN LIST VAR ups1",
    "END LIST VAR ups1",
  ],
  seeds(corpus) {
    return [replyTranscripts(corpus), literalsOf(corpus, "client", "protocol", "server", "check")];
  },
  parse(input, rng) {
    const errors = new TypedErrors(isTyped);
    const nutErrors: NutError[] = [];
    const call = (fn: () => unknown) =>
      errors.attempt(() => {
        try {
          return fn();
        } catch (e) {
          if (e instanceof NutError) nutErrors.push(e);
          throw e;
        }
      });
    const max = rng.chance(0.8) ? undefined : rng.pick([1, 8, 40, 300]);
    const whole = split([input], max, false);
    const lines = whole.tooLong ? split(chunkText(input, rng), max, false).lines : whole.lines;
    const words = lines.map(replyWords);
    const replies = lines.map(parseReply);
    for (const w of words) parseVarType(w.slice(3));
    // A client expects a GET or an OK answer to one request at a time: a few lines of each input.
    for (let n = Math.min(lines.length, 4); n > 0; n--) {
      const i = rng.int(lines.length);
      const k = rng.int(Math.min(words[i].length, 4) + 1);
      call(() => parseGetReply(words[i].slice(0, k), lines[i]));
      call(() => parseOkReply(lines[i]));
    }
    const first = words[0] ?? [];
    const query = first[0] === "BEGIN" && first[1] === "LIST" ? first.slice(2) : first.slice(0, 2);
    const list = new ListReader(query, rng.pick([2, 100_000]));
    call(() => {
      for (const line of lines) if (list.push(line)) break;
    });
    return { max, whole, lines, words, replies, errors, nutErrors };
  },
  check(input, r, rng) {
    const chunked = split(chunkText(input, rng), r.max, rng.chance(0.3));
    check(
      `the chunked and the whole text are refused alike (${chunked.tooLong} / ${r.whole.tooLong})`,
      chunked.tooLong === r.whole.tooLong,
    );
    if (!r.whole.tooLong) sameValue("chunked = whole", chunked.lines, r.whole.lines);
    for (const e of r.nutErrors) {
      check(
        `NutError(${JSON.stringify(e.code)}) has NUT's text, not ${JSON.stringify(e.message)}`,
        ERROR_TEXTS.has(e.message),
      );
    }
    for (let i = 0; i < r.lines.length; i++) {
      const words = r.words[i];
      sameValue("formatRequest(words) splits back into the words", replyWords(formatRequest(words)), words);
      const reply = r.replies[i];
      if (reply.kind !== "TEXT" && plain(words)) {
        sameValue("parseReply(formatReply(r)) = r", parseReply(formatReply(reply)), reply);
      }
    }
    r.errors.finish();
  },
  isTyped,
};
