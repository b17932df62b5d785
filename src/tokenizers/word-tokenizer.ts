import type { Tokenizer } from '../spec/tokenizer.js';

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ru',
  'sa',
  'ti',
  'vo',
  'be',
  'da',
  'fu',
  'go',
  'hi',
  'je',
  'pu',
  'zo',
];
const VOCABULARY_SIZE = 4096;

function buildVocabulary(): string[] {
  const words: string[] = [];
  for (let id = 0; id < VOCABULARY_SIZE; id++) {
    // Three syllables from the id's base-16 digits: 4096 distinct, pronounceable words.
    words.push(SYLLABLES[id & 15]! + SYLLABLES[(id >> 4) & 15]! + SYLLABLES[(id >> 8) & 15]!);
  }
  return words;
}

let vocabulary: string[] | undefined;
let index: Map<string, number> | undefined;

function hashWord(word: string): number {
  let hash = 2166136261;
  for (let i = 0; i < word.length; i++) {
    hash ^= word.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return (hash >>> 0) % VOCABULARY_SIZE;
}

/**
 * Creates the built-in word tokenizer: one token per whitespace-separated word, over a fixed
 * synthetic vocabulary. It is exact for text it produced itself and needs no files, which makes
 * it the default for the mock server and for runs that name no model tokenizer. Counts under it
 * are not a real model's counts: pass a `tokenizer.json` for those.
 */
export function createWordTokenizer(): Tokenizer {
  vocabulary ??= buildVocabulary();
  index ??= new Map(vocabulary.map((word, id) => [word, id]));
  const words = vocabulary;
  const ids = index;
  return {
    name: 'word',
    encode(text) {
      const out: number[] = [];
      for (const word of text.split(/[ \n\t\r]+/)) {
        if (word.length > 0) out.push(ids.get(word) ?? hashWord(word));
      }
      return out;
    },
    decode(tokenIds) {
      let text = '';
      for (const id of tokenIds) text += ` ${words[id % VOCABULARY_SIZE]!}`;
      return text;
    },
    count(text) {
      let count = 0;
      let inWord = false;
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        const space = code === 32 || code === 10 || code === 9 || code === 13;
        if (!space && !inWord) count++;
        inWord = !space;
      }
      return count;
    },
  };
}
