// JSON from the network is parsed so that no `__proto__`, `constructor` or `prototype` key
// reaches an object: such keys are dropped. A key is judged as decoded, never as written: the
// text `"\u005f_proto__"` is the key `__proto__`, and the reviver of `JSON.parse` sees the decoded
// key. The reviver costs time, so it runs only when the text may hold such a key: one of the
// words written plainly as a key, or a `\u` escape of a lowercase ASCII letter or of `_` (the only
// other way to write them: JSON has no other escape for these characters). Ordinary frames have
// neither and are parsed without it.
const PLAIN_KEY = /"(?:__proto__|constructor|prototype)"\s*:/
const ESCAPED_LETTER = /\\u00(?:5[fF]|[67][0-9a-fA-F])/

const dropForbiddenKeys = (key: string, value: unknown): unknown =>
  key === "__proto__" || key === "constructor" || key === "prototype" ? undefined : value

/** Parses JSON without prototype-polluting keys, however they are spelled. Throws `SyntaxError` on invalid JSON. */
export const parseJsonSafely = (text: string): unknown =>
  PLAIN_KEY.test(text) || ESCAPED_LETTER.test(text) ? JSON.parse(text, dropForbiddenKeys) : JSON.parse(text)
