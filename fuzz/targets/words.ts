/**
 * Target `words/parser`: the one tokenizer (lib/words), fed whole and in random chunks, with random limits.
 * Properties: chunked = whole; words hold only characters 0x20..0x7f; the limits hold; line numbers
 * grow; a line read without error or truncation splits back into the same words once formatted.
 * @module
 */
import type { FuzzTarget } from "../target.ts";
import { NO_TYPED_ERRORS } from "../target.ts";
import type { Prng } from "../prng.ts";
import { chunkText } from "../chunk.ts";
import { check, sameValue } from "../property.ts";
import { type ParsedLine, WordParser, type WordParserOptions } from "../../lib/words/parser.ts";
import { splitLine } from "../../lib/words/split.ts";
import { formatLine } from "../../lib/words/encode.ts";

function options(rng: Prng): WordParserOptions {
  if (rng.chance(0.6)) return {};
  return {
    maxWords: rng.pick([0, 1, 2, 32]),
    maxWordLength: rng.pick([0, 1, 8, 512]),
    maxLineLength: rng.pick([0, 1, 16, 100, 4096]),
  };
}

/**
 * Parses a text in chunks.
 * @param chunks the pieces
 * @param opts the parser's limits
 * @returns every line, end() included
 */
export function parseChunks(chunks: readonly string[], opts: WordParserOptions): ParsedLine[] {
  const p = new WordParser(opts);
  const out: ParsedLine[] = [];
  for (const c of chunks) out.push(...p.push(c));
  out.push(...p.end());
  check("pending is false after end()", !p.pending);
  return out;
}

/** Printable ASCII and DEL: what the tokenizer keeps in words. */
const KEPT = /^[\x20-\x7f]*$/;

/** The tokenizer target. */
export const wordsTarget: FuzzTarget<{ opts: WordParserOptions; whole: ParsedLine[] }> = {
  name: "words/parser",
  subject: "lib/words/parser.ts, split.ts, encode.ts",
  unicode: true,
  dictionary: ["#", "=", '"', "\\", "\\\n", '"a b"', "a=b", "x\\ y", '"#"', '"\\#"', "[x]"],
  seeds(corpus) {
    return [
      corpus.devFiles,
      corpus.dumps,
      [...corpus.configs.values()].flat(),
      [...corpus.literals.values()].flat(),
    ];
  },
  parse(input, rng) {
    const opts = options(rng);
    return { opts, whole: parseChunks([input], opts) };
  },
  check(input, { opts, whole }, rng) {
    sameValue("chunked = whole", parseChunks(chunkText(input, rng), opts), whole);
    const maxWords = opts.maxWords ?? 32;
    const maxWordLength = opts.maxWordLength ?? 512;
    let last = 0;
    for (const l of whole) {
      check(`line numbers grow (${l.line} after ${last})`, l.line >= last && l.line >= 1);
      last = l.line;
      check("at most maxWords words", maxWords === 0 || l.words.length <= maxWords);
      for (const w of l.words) {
        check(`a word holds only 0x20..0x7f: ${JSON.stringify(w)}`, KEPT.test(w));
        check("a word is at most maxWordLength long", maxWordLength === 0 || w.length <= maxWordLength);
      }
      if (!l.error && !l.truncated && l.words.length > 0) {
        const again = splitLine(formatLine(l.words), { maxWords, maxWordLength });
        sameValue("formatLine() splits back into the same words", again.words, l.words);
      }
    }
  },
  isTyped: NO_TYPED_ERRORS,
};
