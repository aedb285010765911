/**
 * Target `protocol/push`: the wire form of status push (lib/protocol/push.ts), on the lines a server pushes
 * and on the subscription request. Properties: a parsed pushed line formats back into itself; a
 * subscription request formats into a line the server parses back; an accepted subscription is recognized.
 * @module
 */
import { type FuzzTarget, NO_TYPED_ERRORS } from "../target.ts";
import { literalsOf } from "../corpus.ts";
import { check, sameValue } from "../property.ts";
import {
  formatPushAccepted,
  formatPushMessage,
  formatPushRequest,
  isPushAccepted,
  isPushLine,
  parsePush,
  parsePushMessage,
  type PushMessage,
} from "../../lib/protocol/push.ts";
import { parseRequest, type Request } from "../../lib/protocol/request.ts";
import { replyWords } from "../../lib/client/reply.ts";
import { splitWords } from "../../lib/words/split.ts";
import { replyTranscripts } from "./_transcripts.ts";

/** What the push parsers made of one line. */
interface Parsed {
  words: string[];
  message: PushMessage | undefined;
  accepted: boolean;
  request: Request;
}

/** The push wire form. */
export const pushTarget: FuzzTarget<Parsed[]> = {
  name: "protocol/push",
  subject: "lib/protocol/push.ts",
  unicode: false,
  dictionary: [
    "X-PUSH",
    "x-push",
    "STATUS",
    "status",
    "ERR",
    "OK",
    "ups1",
    '"OL"',
    '"OB LB"',
    '"ALARM"',
    "DATA-STALE",
  ],
  seeds(corpus) {
    const pushLines = replyTranscripts(corpus).map((t) =>
      t.split("\n").filter((l) => /^(OK )?X-PUSH/.test(l) || l.startsWith("ERR")).join("\n")
    );
    return [pushLines, literalsOf(corpus, "protocol", "client", "server", "monitor")];
  },
  parse(input) {
    return input.split("\n").map((line) => {
      const words = replyWords(line);
      const ups = words[3] ?? words[1] ?? "";
      return {
        words,
        message: parsePushMessage(words),
        accepted: isPushAccepted(words, ups),
        request: parsePush(words.slice(1)),
      };
    });
  },
  check(_input, lines) {
    for (const { words, message, request } of lines) {
      if (message) {
        check("a pushed line starts with X-PUSH", isPushLine(words));
        sameValue(
          "a pushed line formats back",
          parsePushMessage(replyWords(formatPushMessage(message))),
          message,
        );
      }
      if (request.kind === "PUSH_STATUS" && request.ups.length <= 512) {
        sameValue(
          "a subscription formats back",
          parseRequest(splitWords(formatPushRequest(request.ups))),
          request,
        );
        check(
          "an accepted subscription is recognized",
          isPushAccepted(replyWords(formatPushAccepted(request.ups)), request.ups),
        );
      }
    }
  },
  isTyped: NO_TYPED_ERRORS,
};
