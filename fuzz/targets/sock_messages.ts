/**
 * Target `sock/messages`: the driver socket protocol (lib/sock/messages.ts), both directions, on lines
 * read by the tokenizer with the server's driver-line limit: timed through the readers the programs use
 * (readDriverMessage, readDriverRequest), then through the parse functions. Typed error: SockSyntaxError.
 * Properties: the parse functions throw exactly where the readers say SYNTAX and agree with them
 * elsewhere; a parsed line whose names are plain words formats back into the same message.
 * @module
 */
import { type FuzzTarget, TypedErrors } from "../target.ts";
import { literalsOf } from "../corpus.ts";
import { DRIVER_MESSAGE_WORDS } from "../tokens.ts";
import { check, sameValue } from "../property.ts";
import {
  type DriverMessage,
  type DriverRequest,
  formatDriverMessage,
  formatDriverRequest,
  parseDriverMessage,
  parseDriverRequest,
  readDriverMessage,
  readDriverRequest,
  type SockSyntax,
  SockSyntaxError,
} from "../../lib/sock/messages.ts";
import { WordParser } from "../../lib/words/parser.ts";
import { splitLine } from "../../lib/words/split.ts";
import { formatWord } from "../../lib/words/encode.ts";
import { MAX_DRIVER_LINE } from "../../lib/server/driver_link.ts";
import { driverTranscripts } from "./_transcripts.ts";

const isTyped = (e: unknown) => e instanceof SockSyntaxError;

/** Words written as they are, the value at `valueAt` excepted (formatters quote values). */
function plainBut(words: readonly string[], valueAt: number): boolean {
  return words.every((w, i) => i === valueAt || (w !== "" && formatWord(w) === w));
}

/** What the socket readers made of an input. */
interface Parsed {
  lines: { words: string[]; message?: DriverMessage | SockSyntax; request?: DriverRequest | SockSyntax }[];
}

/** Driver socket messages and requests. */
export const sockMessagesTarget: FuzzTarget<Parsed> = {
  name: "sock/messages",
  subject: "lib/sock/messages.ts",
  unicode: false,
  dictionary: [
    ...DRIVER_MESSAGE_WORDS,
    "PING",
    "DUMPALL",
    "DUMPSTATUS",
    "DUMPVALUE",
    "GETPID",
    "NOBROADCAST",
    "BROADCAST",
    "LOGOUT",
    "INSTCMD",
    "SET",
    "RW",
    "STRING",
    "NUMBER",
    "ups.status",
    '"OL"',
  ],
  seeds(corpus) {
    return [driverTranscripts(corpus), literalsOf(corpus, "sock", "driver", "server", "drivers")];
  },
  parse(input, rng) {
    // The server reads messages from a driver (readDriverMessage, as its mirror does), a driver reads
    // requests (readDriverRequest): one side per input, or both.
    const side = rng.int(3);
    const parser = new WordParser({ maxLineLength: MAX_DRIVER_LINE });
    const lines: Parsed["lines"] = [];
    for (const line of [...parser.push(input), ...parser.end()]) {
      if (line.error) continue;
      const words = line.words;
      lines.push({
        words,
        message: side === 1 ? undefined : readDriverMessage(words),
        request: side === 0 ? undefined : readDriverRequest(words),
      });
    }
    return { lines };
  },
  check(_input, { lines }) {
    const errors = new TypedErrors(isTyped);
    const unlimited = { maxWords: 0, maxWordLength: 0 };
    for (const { words, message, request } of lines) {
      if (message) {
        const thrown = errors.attempt(() => parseDriverMessage(words));
        if (message.kind === "SYNTAX") {
          check(
            `parseDriverMessage() throws where readDriverMessage() says ${message.message}`,
            thrown === undefined,
          );
        } else {
          sameValue("parseDriverMessage() = readDriverMessage()", thrown, message);
          const valueAt =
            message.kind === "SETINFO" || message.kind === "ADDENUM" || message.kind === "DELENUM" ? 2 : -1;
          if (plainBut(words, valueAt)) {
            const again = parseDriverMessage(splitLine(formatDriverMessage(message), unlimited).words);
            sameValue("a driver message formats back", again, message);
          }
        }
      }
      if (request) {
        const thrown = errors.attempt(() => parseDriverRequest(words));
        if (request.kind === "SYNTAX") {
          check(
            `parseDriverRequest() throws where readDriverRequest() says ${request.message}`,
            thrown === undefined,
          );
        } else {
          sameValue("parseDriverRequest() = readDriverRequest()", thrown, request);
          if (plainBut(words, request.kind === "SET" ? 2 : -1)) {
            const again = parseDriverRequest(splitLine(formatDriverRequest(request), unlimited).words);
            sameValue("a driver request formats back", again, request);
          }
        }
      }
    }
    errors.finish();
  },
  isTyped,
};
