/**
 * Target `protocol/reader`: what a client sends to the server, through the request reader
 * (lib/protocol/reader.ts) and the request parser (request.ts and the verb families behind it).
 * Properties: chunked = whole (and two pushes of the same text, the reader's repeat path, = one push of
 * both); `end` offsets grow within the text and follow a newline; a valid request formats back into
 * itself.
 * @module
 */
import type { FuzzTarget } from "../target.ts";
import { NO_TYPED_ERRORS } from "../target.ts";
import { literalsOf } from "../corpus.ts";
import type { Prng } from "../prng.ts";
import { chunkText } from "../chunk.ts";
import { check, sameValue } from "../property.ts";
import { type RequestLine, RequestReader, type RequestReaderOptions } from "../../lib/protocol/reader.ts";
import { formatRequest, parseRequest, type Request } from "../../lib/protocol/request.ts";
import { splitLine } from "../../lib/words/split.ts";
import { requestTranscripts } from "./_transcripts.ts";

function read(chunks: readonly string[], opts: RequestReaderOptions): [string, string[]][] {
  const r = new RequestReader(opts);
  const out: [string, string[]][] = [];
  for (const c of chunks) for (const l of r.push(c)) out.push([l.error ?? "", l.words]);
  return out;
}

/** What the reader and the request parser made of an input. */
interface Parsed {
  opts: RequestReaderOptions;
  lines: RequestLine[];
  requests: Request[];
}

function options(rng: Prng): RequestReaderOptions {
  return rng.chance(0.8) ? {} : { maxLineLength: rng.pick([1, 10, 64, 600, 5000]) };
}

/** The network protocol's request reader and parser. */
export const protocolReaderTarget: FuzzTarget<Parsed> = {
  name: "protocol/reader",
  subject: "lib/protocol/reader.ts, request.ts (+ get/list/set/user/misc/ssl/instcmd.ts)",
  unicode: false,
  dictionary: [
    "VER",
    "NETVER",
    "PROTVER",
    "HELP",
    "STARTTLS",
    "GET",
    "LIST",
    "USERNAME",
    "PASSWORD",
    "LOGIN",
    "LOGOUT",
    "PRIMARY",
    "MASTER",
    "FSD",
    "SET",
    "INSTCMD",
    "X-PUSH",
    "VAR",
    "TYPE",
    "DESC",
    "CMDDESC",
    "UPSDESC",
    "NUMLOGINS",
    "TRACKING",
    "UPS",
    "RW",
    "CMD",
    "ENUM",
    "RANGE",
    "CLIENT",
    "STATUS",
    "ON",
    "OFF",
    "ups1",
    "ups.status",
    "battery.charge",
    "load.off",
    '"OB LB"',
    "get var",
    "list ups",
  ],
  seeds(corpus) {
    return [requestTranscripts(corpus), literalsOf(corpus, "protocol", "server", "client")];
  },
  parse(input, rng) {
    const opts = options(rng);
    const lines = new RequestReader(opts).push(input);
    return { opts, lines, requests: lines.map((l) => parseRequest(l.words)) };
  },
  check(input, { opts, lines, requests }, rng) {
    let last = 0;
    for (const l of lines) {
      check(
        `end offsets grow within the text (${l.end} after ${last})`,
        l.end >= last && l.end <= input.length,
      );
      if (!l.error) check(`a line ends after a newline (end ${l.end})`, input[l.end - 1] === "\n");
      last = l.end;
    }
    for (const request of requests) {
      if (request.kind !== "INVALID" && request.kind !== "UNKNOWN") {
        const again = parseRequest(splitLine(formatRequest(request)).words);
        sameValue("formatRequest() parses back into the request", again, request);
      }
    }
    const whole = lines.map((l): [string, string[]] => [l.error ?? "", l.words]);
    sameValue("chunked = whole", read(chunkText(input, rng), opts), whole);
    sameValue(
      "two pushes of a text = one push of both",
      read([input, input], opts),
      read([input + input], opts),
    );
  },
  isTyped: NO_TYPED_ERRORS,
};
