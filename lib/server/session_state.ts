/**
 * The state of one client session (what NUT keeps per connection), shared by the verb handlers.
 * @module
 */

/** What the connection must do once the reply is written. */
export type AfterReply = "close" | "starttls";

/** Per-connection state. */
export interface SessionState {
  /** Client IP address. */
  readonly address: string;
  /** USERNAME, once sent. */
  username?: string;
  /** PASSWORD, once sent. */
  password?: string;
  /** UPS name (as in ups.conf) after LOGIN. */
  loginUps?: string;
  /** SET TRACKING ON was sent. */
  tracking: boolean;
  /** The connection runs TLS. */
  tls: boolean;
  /** The session subscribed to status push (X-PUSH): STARTTLS is refused from then on. */
  pushing?: boolean;
  /** Set by LOGOUT (close) and STARTTLS (upgrade) for the connection layer. */
  after?: AfterReply;
}
