/**
 * A compact identity for an event's content: its length and two independent 32-bit hashes of
 * its UTF-16 code units (FNV-1a, and a multiply-xorshift lane), instead of the content itself.
 * Duplicate detection remembers one per delivered event, so a request's memory stays a few dozen
 * characters per event whatever the results weigh. Two different contents of the same length
 * share an identity with a chance near n² / 2^64 for n remembered events; a server able to force
 * one could as well not send the event at all. Kept small: every client bundle carries it.
 */
export const contentIdentity = (text: string): string => {
  let fnv = 0x811c9dc5
  let mixed = 0x9e3779b9
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index)
    fnv = Math.imul(fnv ^ unit, 0x01000193)
    mixed = Math.imul(mixed ^ unit ^ (mixed >>> 15), 0x2c1b3c6d)
  }
  return `${text.length}:${fnv}:${mixed}`
}
