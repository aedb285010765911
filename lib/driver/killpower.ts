/**
 * Powering the UPS off (killpower), as NUT's drivers do since 2.8.3: the commands of `sdcommands` are
 * tried in order until one is handled (`shutdown.default` being the driver's own shutdown), and a driver
 * asked with `-k` (or by `upsdrvctl shutdown`) first asks the instance already running for that UPS over
 * its socket (`SET driver.flag.allow_killpower 1`, `INSTCMD driver.killpower`), which owns the device;
 * only when no instance answers does it open the device itself.
 * @module
 */
import { HANDLER_STATUS } from "../sock/messages.ts";
import type { Logger } from "../log.ts";
import { askDriver } from "./takeover.ts";
import type { Driver } from "./types.ts";

/** The default of `sdcommands`: the driver's own shutdown. */
export const DEFAULT_SDCOMMANDS: readonly string[] = ["shutdown.default"];

/**
 * Tries the shutdown commands in order until one is handled.
 * @param driver the driver instance
 * @param commands `sdcommands` (default: `shutdown.default`)
 * @param signal aborts the calls
 * @param log logger
 * @returns the command that was handled
 * @throws {Error} "shutdown not supported" / "shutdown request(s) failed" when none was
 */
export async function runShutdownCommands(
  driver: Driver,
  commands: readonly string[] | undefined,
  signal: AbortSignal,
  log: Logger,
): Promise<string> {
  const list = commands?.length ? commands : DEFAULT_SDCOMMANDS;
  let lastError: Error | undefined;
  for (const cmd of list) {
    try {
      if (cmd === "shutdown.default") {
        await driver.shutdown(signal);
        log.notice(`shutdown request was successful with '${cmd}'`);
        return cmd;
      }
      if (!driver.instCmd) continue;
      const status = await driver.instCmd(cmd, undefined, signal);
      if (status === HANDLER_STATUS.HANDLED) {
        log.notice(`shutdown request was successful with '${cmd}'`);
        return cmd;
      }
      log.debug(1, `shutdown command '${cmd}' not handled (status ${status})`);
    } catch (e) {
      lastError = e as Error;
      log.debug(1, `shutdown command '${cmd}' failed: ${lastError.message}`);
    }
  }
  if (list.length === 1 && list[0] === "shutdown.default" && lastError) throw lastError;
  throw new Error("shutdown request(s) failed", lastError ? { cause: lastError } : undefined);
}

/** What asking the running instance gave. */
export type KillpowerRequest =
  /** It powered the UPS off (or started to). */
  | "handled"
  /** It answered but could not. */
  | "failed"
  /** No instance answered on the socket. */
  | "unreachable";

async function tracked(socket: string, request: string, timeoutMs: number): Promise<number | undefined> {
  const id = crypto.randomUUID();
  const lines = await askDriver(
    socket,
    `${request} TRACKING ${id}`,
    (ls) => ls.some((l) => l.startsWith(`TRACKING ${id} `)),
    timeoutMs,
  );
  const answer = lines?.find((l) => l.startsWith(`TRACKING ${id} `));
  return answer === undefined ? undefined : Number(answer.split(" ")[2]);
}

/**
 * Asks the instance running on a socket to power the UPS off.
 * @param socket the driver socket
 * @param timeoutMs limit of each request
 * @returns handled, failed, or unreachable
 */
export async function requestKillpower(socket: string, timeoutMs = 15_000): Promise<KillpowerRequest> {
  const allowed = await tracked(socket, "SET driver.flag.allow_killpower 1", timeoutMs);
  if (allowed === undefined) return "unreachable";
  const result = await tracked(socket, "INSTCMD driver.killpower", timeoutMs);
  if (result === undefined) return "unreachable";
  return result === HANDLER_STATUS.HANDLED ? "handled" : "failed";
}
