/**
 * What a session needs from the server around it: the UPS table, the users, the tracking table, the
 * other sessions (LIST CLIENT), TLS availability, ids and a clock. The server implements it; tests pass a
 * plain object. No sockets here.
 * @module
 */
import type { UpsdUsers } from "../../config/upsd_users.ts";
import type { Logger } from "../log.ts";
import type { TrackingTable } from "./tracking.ts";
import type { Ups } from "./ups.ts";

/** A session as other sessions see it (LIST CLIENT). */
export interface ClientInfo {
  /** Name (from ups.conf) of the UPS it logged into, if any. */
  readonly loginUps?: string;
  /** Its IP address as NUT prints it. */
  readonly address: string;
}

/** The server as a session sees it. */
export interface ServerContext {
  /** UPS lookup (without regard to case) and the list in ups.conf order. */
  readonly ups: { find(name: string): Ups | undefined; list(): readonly Ups[] };
  /** Tracked INSTCMD/SET results. */
  readonly tracking: TrackingTable;
  /** Logger (NUT's log lines for logins, FSD, commands). */
  readonly log: Logger;
  /** The current users (re-read on reload). */
  users(): UpsdUsers;
  /** Whether STARTTLS can be offered (a certificate is configured and loaded). */
  tlsConfigured(): boolean;
  /** The connected sessions, newest first (NUT's order in LIST CLIENT). */
  clients(): Iterable<ClientInfo>;
  /** A new TRACKING id (NUT: an upper-case UUID v4). */
  newTrackingId(): string;
  /** Clock in ms. */
  now(): number;
}
