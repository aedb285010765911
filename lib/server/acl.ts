/**
 * Who may do what, from upsd.users, with NUT's rules: a user is found by exact name among those that have
 * a password; a wrong password fails; actions match without regard to case; `upsmon primary` grants
 * LOGIN, MASTER (hence PRIMARY) and FSD, `upsmon secondary` grants LOGIN; `instcmds = ALL` grants every
 * instant command. Checked at each command against the current users, so a reload takes effect at once.
 * @module
 */
import type { UpsdUser, UpsdUsers } from "../../config/upsd_users.ts";

/** An action a session may ask for. */
export type Action = "LOGIN" | "PRIMARY" | "FSD" | "SET";

/**
 * The actions a user holds, its upsmon role included.
 * @param user the user
 * @returns upper-case action names
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const user = { name: "mon", line: 1, password: "x", actions: new Set(["SET"]), instcmds: new Set<string>(), upsmon: "primary" as const };
 * assertEquals([...userActions(user)].sort(), ["FSD", "LOGIN", "MASTER", "SET"]);
 * ```
 */
export function userActions(user: UpsdUser): Set<string> {
  const out = new Set(user.actions);
  if (user.upsmon === "primary") out.add("LOGIN").add("MASTER").add("FSD");
  if (user.upsmon === "secondary") out.add("LOGIN");
  return out;
}

/**
 * Finds the user a session authenticated as.
 * @param users the current users
 * @param username what the session sent with USERNAME
 * @param password what the session sent with PASSWORD
 * @returns the user when the name exists with that password
 */
export function authenticate(
  users: UpsdUsers,
  username: string | undefined,
  password: string | undefined,
): UpsdUser | undefined {
  if (username === undefined || password === undefined) return undefined;
  const user = users.users.get(username);
  if (!user || user.password === undefined || user.password !== password) return undefined;
  return user;
}

/**
 * Whether a session may perform an action (PRIMARY is granted by PRIMARY or MASTER).
 * @param users the current users
 * @param username USERNAME of the session
 * @param password PASSWORD of the session
 * @param action the action
 * @returns true when allowed
 */
export function mayDo(
  users: UpsdUsers,
  username: string | undefined,
  password: string | undefined,
  action: Action,
): boolean {
  const user = authenticate(users, username, password);
  if (!user) return false;
  const actions = userActions(user);
  if (action === "PRIMARY") return actions.has("PRIMARY") || actions.has("MASTER");
  return actions.has(action);
}

/**
 * Whether a session may run an instant command.
 * @param users the current users
 * @param username USERNAME of the session
 * @param password PASSWORD of the session
 * @param command the command name (any case)
 * @returns true when the user lists the command or ALL
 */
export function mayRun(
  users: UpsdUsers,
  username: string | undefined,
  password: string | undefined,
  command: string,
): boolean {
  const user = authenticate(users, username, password);
  if (!user) return false;
  return user.instcmds.has("all") || user.instcmds.has(command.toLowerCase());
}
