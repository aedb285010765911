/**
 * Version strings.
 * @module
 */

/** The version of this implementation. */
export const VERSION = "0.1.0";

/** The NUT release whose behaviour and protocol this implementation follows. */
export const NUT_COMPAT_VERSION = "2.8.0";

/** The network protocol version (NETVER/PROTVER). */
export const PROTOCOL_VERSION = "1.3";
