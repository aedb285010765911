/**
 * The project's one tokenizer and quoter, with NUT's parseconf rules: shared by config/, lib/protocol and
 * lib/sock.
 * @module
 */
export * from "./parser.ts";
export * from "./split.ts";
export * from "./encode.ts";
