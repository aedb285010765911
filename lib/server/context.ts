/**
 * What a session needs from the server around it: the UPS table, the users, the tracking table, the
 * other sessions (LIST CLIENT), TLS availability, ids, a clock and status push subscriptions. The server
 * implements it; tests pass a plain object. No sockets here.
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

/** What receives pushed lines: a session whose connection can write without a request (X-PUSH). */
export interface PushSubscriber {
  /**
   * Writes pushed text on the connection (dropped when the connection is closing).
   * @param text whole lines, each ending in a newline
   */
  pushText(text: string): void;
}

/** Status push subscriptions (X-PUSH, lib/protocol/push.ts), kept by the server. */
export interface PushService {
  /**
   * Subscribes to a UPS's status (replacing a subscription to the same UPS in another spelling).
   * @param subscriber the session
   * @param ups the UPS as the client spelled it
   * @returns the current line to send at once (with its newline)
   */
  subscribe(subscriber: PushSubscriber, ups: string): string;
  /**
   * Ends every subscription of a session (connection closed).
   * @param subscriber the session
   */
  unsubscribeAll(subscriber: PushSubscriber): void;
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
  /** Status push (X-PUSH); without it the extension is answered as an unknown command. */
  readonly push?: PushService;
}
