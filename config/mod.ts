/**
 * Parsers of NUT's config files (pure) and their loaders.
 * @module
 */
export * from "./diagnostics.ts";
export * from "./paths.ts";
export * from "./ups_conf.ts";
export * from "./upsd_conf.ts";
export * from "./upsd_users.ts";
export * from "./nut_conf.ts";
export * from "./load.ts";
