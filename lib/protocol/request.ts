/**
 * Requests of the network protocol as typed values: `parseRequest(words)` turns the words of one line
 * (from the one tokenizer, lib/words) into a {@linkcode Request}, `formatRequest` writes one back.
 *
 * A request keeps the spelling the client used for UPS, variable and command names: NUT echoes them in
 * its replies. Argument errors are values too (`{ kind: "INVALID", verb }`), because NUT checks that a
 * client is authenticated before it looks at the arguments of LOGIN, SET, INSTCMD, ...
 * @module
 */
import { formatWord, quoteWord } from "../words/encode.ts";
import { findCommand } from "./commands.ts";
import { formatPushRequest, type PushRequest } from "./push.ts";

/** The command words of protocol 1.3 (NUT's netcmds table), and this server's extension X-PUSH (push.ts). */
export type Verb =
  | "VER"
  | "NETVER"
  | "PROTVER"
  | "HELP"
  | "STARTTLS"
  | "GET"
  | "LIST"
  | "USERNAME"
  | "PASSWORD"
  | "LOGIN"
  | "LOGOUT"
  | "PRIMARY"
  | "MASTER"
  | "FSD"
  | "SET"
  | "INSTCMD"
  | "X-PUSH";

/** VER, NETVER/PROTVER, HELP, STARTTLS, LOGOUT: no arguments. */
export type SimpleRequest =
  | { kind: "VER"; verb: "VER" }
  | { kind: "NETVER"; verb: "NETVER" | "PROTVER" }
  | { kind: "HELP"; verb: "HELP" }
  | { kind: "STARTTLS"; verb: "STARTTLS" }
  | { kind: "LOGOUT"; verb: "LOGOUT" };

/** GET requests. */
export type GetRequest =
  | { kind: "GET_TRACKING"; verb: "GET"; id?: string }
  | { kind: "GET_NUMLOGINS"; verb: "GET"; ups: string }
  | { kind: "GET_UPSDESC"; verb: "GET"; ups: string }
  | { kind: "GET_VAR"; verb: "GET"; ups: string; name: string }
  | { kind: "GET_TYPE"; verb: "GET"; ups: string; name: string }
  | { kind: "GET_DESC"; verb: "GET"; ups: string; name: string }
  | { kind: "GET_CMDDESC"; verb: "GET"; ups: string; name: string };

/** LIST requests. */
export type ListRequest =
  | { kind: "LIST_UPS"; verb: "LIST" }
  | { kind: "LIST_VAR"; verb: "LIST"; ups: string }
  | { kind: "LIST_RW"; verb: "LIST"; ups: string }
  | { kind: "LIST_CMD"; verb: "LIST"; ups: string }
  | { kind: "LIST_CLIENT"; verb: "LIST"; ups: string }
  | { kind: "LIST_ENUM"; verb: "LIST"; ups: string; name: string }
  | { kind: "LIST_RANGE"; verb: "LIST"; ups: string; name: string };

/** USERNAME, PASSWORD, LOGIN, PRIMARY/MASTER, FSD. */
export type UserRequest =
  | { kind: "USERNAME"; verb: "USERNAME"; username: string }
  | { kind: "PASSWORD"; verb: "PASSWORD"; password: string }
  | { kind: "LOGIN"; verb: "LOGIN"; ups: string }
  | { kind: "PRIMARY"; verb: "PRIMARY" | "MASTER"; ups: string }
  | { kind: "FSD"; verb: "FSD"; ups: string };

/** SET VAR, SET TRACKING, INSTCMD. */
export type ActionRequest =
  | { kind: "SET_VAR"; verb: "SET"; ups: string; name: string; value: string }
  | { kind: "SET_TRACKING"; verb: "SET"; enabled: boolean }
  | { kind: "INSTCMD"; verb: "INSTCMD"; ups: string; name: string; param?: string };

/** A known command with arguments NUT rejects with `ERR INVALID-ARGUMENT`. */
export interface InvalidRequest {
  /** Discriminant. */
  kind: "INVALID";
  /** The command word (decides whether authentication is checked first). */
  verb: Verb;
}

/** A line whose first word is no command (or an empty line): `ERR UNKNOWN-COMMAND`. */
export interface UnknownRequest {
  /** Discriminant. */
  kind: "UNKNOWN";
  /** The first word as sent, "" for an empty line. */
  word: string;
}

/** Every request a client can send, valid or not. */
export type Request =
  | SimpleRequest
  | GetRequest
  | ListRequest
  | UserRequest
  | ActionRequest
  | PushRequest
  | InvalidRequest
  | UnknownRequest;

/** A request that names a real operation (not INVALID or UNKNOWN). */
export type ValidRequest = Exclude<Request, InvalidRequest | UnknownRequest>;

/**
 * Parses the words of one request line.
 * @param words the words (from lib/words); empty for an empty line
 * @returns the request; command words are matched without regard to case
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(parseRequest(["get", "var", "UPS1", "battery.charge"]), { kind: "GET_VAR", verb: "GET", ups: "UPS1", name: "battery.charge" });
 * assertEquals(parseRequest(["LOGIN"]), { kind: "INVALID", verb: "LOGIN" });
 * assertEquals(parseRequest(["FOO"]), { kind: "UNKNOWN", word: "FOO" });
 * ```
 */
export function parseRequest(words: readonly string[]): Request {
  const command = words.length > 0 ? findCommand(words[0]) : undefined;
  if (!command) return { kind: "UNKNOWN", word: words[0] ?? "" };
  return command.parse(words.slice(1), command.verb);
}

/**
 * Writes a request as one protocol line (no newline), quoting where needed; values of SET VAR are always
 * quoted, as NUT's clients send them.
 * @param request a valid request
 * @returns the line
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(formatRequest({ kind: "SET_VAR", verb: "SET", ups: "ups1", name: "ups.id", value: "My UPS" }), 'SET VAR ups1 ups.id "My UPS"');
 * ```
 */
export function formatRequest(request: ValidRequest): string {
  const w = formatWord;
  switch (request.kind) {
    case "VER":
    case "NETVER":
    case "HELP":
    case "STARTTLS":
    case "LOGOUT":
      return request.verb;
    case "GET_TRACKING":
      return request.id === undefined ? "GET TRACKING" : `GET TRACKING ${w(request.id)}`;
    case "GET_NUMLOGINS":
    case "GET_UPSDESC":
    case "LIST_VAR":
    case "LIST_RW":
    case "LIST_CMD":
    case "LIST_CLIENT":
      return `${request.kind.replace("_", " ")} ${w(request.ups)}`;
    case "GET_VAR":
    case "GET_TYPE":
    case "GET_DESC":
    case "GET_CMDDESC":
    case "LIST_ENUM":
    case "LIST_RANGE":
      return `${request.kind.replace("_", " ")} ${w(request.ups)} ${w(request.name)}`;
    case "LIST_UPS":
      return "LIST UPS";
    case "USERNAME":
      return `USERNAME ${w(request.username)}`;
    case "PASSWORD":
      return `PASSWORD ${w(request.password)}`;
    case "LOGIN":
    case "PRIMARY":
    case "FSD":
      return `${request.verb} ${w(request.ups)}`;
    case "SET_VAR":
      return `SET VAR ${w(request.ups)} ${w(request.name)} ${quoteWord(request.value)}`;
    case "SET_TRACKING":
      return `SET TRACKING ${request.enabled ? "ON" : "OFF"}`;
    case "INSTCMD":
      return request.param === undefined
        ? `INSTCMD ${w(request.ups)} ${w(request.name)}`
        : `INSTCMD ${w(request.ups)} ${w(request.name)} ${w(request.param)}`;
    case "PUSH_STATUS":
      return formatPushRequest(request.ups);
  }
}
