// JSON from the network is parsed so that no `__proto__`, `constructor` or `prototype` key
// reaches an object: such keys are dropped. The reviver costs time, so it runs only when the
// text contains one of the words at all (never for ordinary frames).
const FORBIDDEN = /"(?:__proto__|constructor|prototype)"\s*:/

const dropForbiddenKeys = (key: string, value: unknown): unknown =>
  key === "__proto__" || key === "constructor" || key === "prototype" ? undefined : value

/** Parses JSON without prototype-polluting keys. Throws `SyntaxError` on invalid JSON. */
export const parseJsonSafely = (text: string): unknown =>
  FORBIDDEN.test(text) ? JSON.parse(text, dropForbiddenKeys) : JSON.parse(text)
