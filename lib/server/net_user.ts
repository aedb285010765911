/**
 * USERNAME, PASSWORD, LOGIN, LOGOUT, PRIMARY/MASTER (NUT's netuser). USERNAME and PASSWORD are stored as
 * sent and checked against upsd.users at each command that needs them.
 * @module
 */
import type { UserRequest } from "../protocol/request.ts";
import { mayDo } from "./acl.ts";
import type { ServerContext } from "./context.ts";
import type { SessionState } from "./session_state.ts";

/**
 * USERNAME <name>.
 * @param ctx the server
 * @param s the session
 * @param username the name
 * @returns the reply
 */
export function netUsername(ctx: ServerContext, s: SessionState, username: string): string {
  if (s.username !== undefined) {
    ctx.log.info(`Client ${s.username}@${s.address} tried to set a username twice`);
    return "ERR ALREADY-SET-USERNAME\n";
  }
  s.username = username;
  return "OK\n";
}

/**
 * PASSWORD <password>.
 * @param ctx the server
 * @param s the session
 * @param password the password
 * @returns the reply
 */
export function netPassword(ctx: ServerContext, s: SessionState, password: string): string {
  if (s.password !== undefined) {
    ctx.log.info(
      s.username !== undefined
        ? `Client ${s.username}@${s.address} tried to set a password twice`
        : `Client on ${s.address} tried to set a password twice`,
    );
    return "ERR ALREADY-SET-PASSWORD\n";
  }
  s.password = password;
  return "OK\n";
}

/**
 * LOGIN <ups>: counts this session as drawing power from the UPS (needs an upsmon role or LOGIN).
 * @param ctx the server
 * @param s the session
 * @param upsName the UPS as requested
 * @returns the reply
 */
export function netLogin(ctx: ServerContext, s: SessionState, upsName: string): string {
  if (s.loginUps !== undefined) {
    ctx.log.info(`Client ${s.username}@${s.address} tried to login twice`);
    return "ERR ALREADY-LOGGED-IN\n";
  }
  const ups = ctx.ups.find(upsName);
  if (!ups) return "ERR UNKNOWN-UPS\n";
  if (!mayDo(ctx.users(), s.username, s.password, "LOGIN")) return "ERR ACCESS-DENIED\n";
  ups.numLogins++;
  s.loginUps = ups.name;
  ctx.log.info(`User ${s.username}@${s.address} logged into UPS [${ups.name}]${s.tls ? " (SSL)" : ""}`);
  return "OK\n";
}

/**
 * LOGOUT: says goodbye; the connection closes after the reply.
 * @param ctx the server
 * @param s the session
 * @returns the reply
 */
export function netLogout(ctx: ServerContext, s: SessionState): string {
  if (s.loginUps !== undefined) {
    ctx.log.info(
      `User ${s.username}@${s.address} logged out from UPS [${s.loginUps}]${s.tls ? " (SSL)" : ""}`,
    );
  }
  s.after = "close";
  return "OK Goodbye\n";
}

/**
 * PRIMARY <ups> (or MASTER): an access check for upsmon primaries.
 * @param ctx the server
 * @param s the session
 * @param req the request (its verb names the reply)
 * @returns the reply
 */
export function netPrimary(
  ctx: ServerContext,
  s: SessionState,
  req: Extract<UserRequest, { kind: "PRIMARY" }>,
): string {
  const ups = ctx.ups.find(req.ups);
  if (!ups) return "ERR UNKNOWN-UPS\n";
  if (!mayDo(ctx.users(), s.username, s.password, "PRIMARY")) return "ERR ACCESS-DENIED\n";
  return req.verb === "MASTER" ? "OK MASTER-GRANTED\n" : "OK PRIMARY-GRANTED\n";
}
