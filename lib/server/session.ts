/**
 * One client session of the network protocol, without sockets: `handle(words)` returns the reply text
 * (every line ending in a newline, a whole list in one string). The connection layer (tcp.ts) reads the
 * `after` mark to close (LOGOUT) or start TLS (STARTTLS) once the reply is written, and gives the session
 * an output for the lines it is sent without a request (status push, X-PUSH).
 * @module
 */
import { parseRequest } from "../protocol/request.ts";
import { findCommand } from "../protocol/commands.ts";
import type { RequestLine } from "../protocol/reader.ts";
import type { PushSubscriber, ServerContext } from "./context.ts";
import type { AfterReply, SessionState } from "./session_state.ts";
import { netFsd, netHelp, netNetver, netStarttls, netVer } from "./net_misc.ts";
import { netGet } from "./net_get.ts";
import { netList } from "./net_list.ts";
import { netLogin, netLogout, netPassword, netPrimary, netUsername } from "./net_user.ts";
import { netSet } from "./net_set.ts";
import { netInstcmd } from "./net_instcmd.ts";
import { netPush } from "./net_push.ts";

/**
 * A client session.
 *
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * import { silentLogger } from "../log.ts";
 * import { TrackingTable } from "./tracking.ts";
 * const ctx = {
 *   ups: { find: () => undefined, list: () => [] }, tracking: new TrackingTable({ delaySeconds: 60 }),
 *   log: silentLogger(), users: () => ({ file: "", users: new Map(), warnings: [] }), tlsConfigured: () => false,
 *   clients: () => [], newTrackingId: () => "ID", now: () => 0,
 * };
 * const s = new Session(ctx, "127.0.0.1");
 * assertEquals(s.handle(["LOGIN", "ups1"]), "ERR USERNAME-REQUIRED\n");
 * assertEquals(s.handle(["LIST", "UPS"]), "BEGIN LIST UPS\nEND LIST UPS\n");
 * ```
 */
export class Session implements PushSubscriber {
  /** The session's state (read by LIST CLIENT and the connection layer). */
  readonly state: SessionState;
  #ctx: ServerContext;
  #ended = false;
  #output: ((text: string) => void) | undefined;

  /**
   * Starts a session for a client.
   * @param ctx the server
   * @param address the client's IP address
   */
  constructor(ctx: ServerContext, address: string) {
    this.#ctx = ctx;
    this.state = { address, tracking: false, tls: false };
  }

  /** The client's address. */
  get address(): string {
    return this.state.address;
  }

  /** The UPS the session logged into, if any. */
  get loginUps(): string | undefined {
    return this.state.loginUps;
  }

  /**
   * Gives the session a way to write without a request (the connection's); without one, X-PUSH is
   * answered as an unknown command.
   * @param output writes text on the connection (bounded and dropped there like any reply)
   */
  attachOutput(output: (text: string) => void): void {
    this.#output = output;
  }

  /**
   * Writes pushed lines on the connection (nothing once the session ended).
   * @param text whole lines
   */
  pushText(text: string): void {
    if (!this.#ended) this.#output?.(text);
  }

  /**
   * Takes the pending after-reply action (LOGOUT's close, STARTTLS's upgrade), once.
   * @returns the action, or undefined
   */
  takeAfter(): AfterReply | undefined {
    const a = this.state.after;
    this.state.after = undefined;
    return a;
  }

  /**
   * Answers one line read by the request reader.
   * @param line the line
   * @returns the reply (empty when NUT sends none, e.g. after a quoting error)
   */
  handleLine(line: RequestLine): string {
    if (line.error === "TOO-LONG") return "ERR TOO-LONG\n";
    if (line.error) {
      this.#ctx.log.debug(2, `Parse error on sock from ${this.state.address}: ${line.error}`);
      return "";
    }
    return this.handle(line.words);
  }

  /**
   * Answers one request.
   * @param words the words of the request line
   * @returns the reply text
   */
  handle(words: readonly string[]): string {
    const ctx = this.#ctx;
    const s = this.state;
    const req = parseRequest(words);
    if (req.kind === "UNKNOWN") return "ERR UNKNOWN-COMMAND\n";
    if (findCommand(req.verb)?.needsLogin) {
      if (s.username === undefined) return "ERR USERNAME-REQUIRED\n";
      if (s.password === undefined) return "ERR PASSWORD-REQUIRED\n";
    }
    switch (req.kind) {
      case "INVALID":
        return "ERR INVALID-ARGUMENT\n";
      case "VER":
        return netVer();
      case "NETVER":
        return netNetver();
      case "HELP":
        return netHelp();
      case "STARTTLS":
        return netStarttls(ctx, s);
      case "GET_TRACKING":
      case "GET_NUMLOGINS":
      case "GET_UPSDESC":
      case "GET_VAR":
      case "GET_TYPE":
      case "GET_DESC":
      case "GET_CMDDESC":
        return netGet(ctx, s, req);
      case "LIST_UPS":
      case "LIST_VAR":
      case "LIST_RW":
      case "LIST_CMD":
      case "LIST_CLIENT":
      case "LIST_ENUM":
      case "LIST_RANGE":
        return netList(ctx, req);
      case "USERNAME":
        return netUsername(ctx, s, req.username);
      case "PASSWORD":
        return netPassword(ctx, s, req.password);
      case "LOGIN":
        return netLogin(ctx, s, req.ups);
      case "LOGOUT":
        return netLogout(ctx, s);
      case "PRIMARY":
        return netPrimary(ctx, s, req);
      case "FSD":
        return netFsd(ctx, s, req.ups);
      case "SET_VAR":
      case "SET_TRACKING":
        return netSet(ctx, s, req);
      case "INSTCMD":
        return netInstcmd(ctx, s, req);
      case "PUSH_STATUS":
        return netPush(ctx, s, this.#output ? this : undefined, req);
    }
  }

  /** Ends the session (connection closed): its LOGIN no longer counts, its subscriptions end. Idempotent. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    if (this.state.pushing) this.#ctx.push?.unsubscribeAll(this);
    const name = this.state.loginUps;
    if (name === undefined) return;
    const ups = this.#ctx.ups.find(name);
    if (ups && ups.numLogins > 0) ups.numLogins--;
  }
}
