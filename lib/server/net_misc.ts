/**
 * VER, NETVER/PROTVER, HELP and FSD (NUT's netmisc), and STARTTLS (NUT's netssl).
 * @module
 */
import { NUT_COMPAT_VERSION, PROTOCOL_VERSION } from "../version.ts";
import { mayDo } from "./acl.ts";
import type { ServerContext } from "./context.ts";
import type { SessionState } from "./session_state.ts";

/** The VER answer (and the server.info variable): the NUT release this server is compatible with. */
export const SERVER_INFO = `Network UPS Tools upsd ${NUT_COMPAT_VERSION} - http://www.networkupstools.org/`;

/** The HELP answer, NUT's text. */
export const HELP_TEXT = "Commands: HELP VER GET LIST SET INSTCMD LOGIN LOGOUT USERNAME PASSWORD STARTTLS";

/**
 * VER.
 * @returns the reply
 */
export function netVer(): string {
  return SERVER_INFO + "\n";
}

/**
 * NETVER / PROTVER.
 * @returns the reply
 */
export function netNetver(): string {
  return PROTOCOL_VERSION + "\n";
}

/**
 * HELP.
 * @returns the reply
 */
export function netHelp(): string {
  return HELP_TEXT + "\n";
}

/**
 * FSD <ups>: sets the forced-shutdown latch (needs upsmon primary or the FSD action).
 * @param ctx the server
 * @param s the session
 * @param upsName UPS as requested
 * @returns the reply
 */
export function netFsd(ctx: ServerContext, s: SessionState, upsName: string): string {
  const ups = ctx.ups.find(upsName);
  if (!ups) return "ERR UNKNOWN-UPS\n";
  if (!mayDo(ctx.users(), s.username, s.password, "FSD")) return "ERR ACCESS-DENIED\n";
  ctx.log.info(`Client ${s.username}@${s.address} set FSD on UPS [${ups.name}]`);
  ups.fsd = true;
  return "OK FSD-SET\n";
}

/**
 * STARTTLS: accepted when a certificate is configured and the session has not subscribed to status push;
 * the connection upgrades after the reply.
 * @param ctx the server
 * @param s the session
 * @returns the reply
 */
export function netStarttls(ctx: ServerContext, s: SessionState): string {
  if (s.tls) return "ERR ALREADY-SSL-MODE\n";
  if (!ctx.tlsConfigured()) return "ERR FEATURE-NOT-CONFIGURED\n";
  // Lines pushed during the handshake would break it: STARTTLS comes before X-PUSH.
  if (s.pushing) return "ERR INVALID-ARGUMENT\n";
  s.after = "starttls";
  return "OK STARTTLS\n";
}
