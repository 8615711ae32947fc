/**
 * A compact identity for an event's content: two independent 53-bit string hashes (106 bits) and
 * the length, instead of the content itself. Duplicate detection remembers one per delivered
 * event, so a request's memory stays a few dozen characters per event whatever the results weigh.
 * Two different contents share an identity with a chance near n² / 2^106 for n remembered events,
 * far below any frame ever lost in transit; a server able to force one could as well not send the
 * event at all.
 */
export const contentIdentity = (text: string): string => `${text.length}:${hash53(text, 0).toString(36)}:${hash53(text, 0x9e3779b9).toString(36)}`

/** A 53-bit hash of the UTF-16 code units (multiply-xorshift per unit, then a final avalanche). */
const hash53 = (text: string, seed: number): number => {
  let high = 0xdeadbeef ^ seed
  let low = 0x41c6ce57 ^ seed
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index)
    high = Math.imul(high ^ unit, 2654435761)
    low = Math.imul(low ^ unit, 1597334677)
  }
  high = Math.imul(high ^ (high >>> 16), 2246822507) ^ Math.imul(low ^ (low >>> 13), 3266489909)
  low = Math.imul(low ^ (low >>> 16), 2246822507) ^ Math.imul(high ^ (high >>> 13), 3266489909)
  return 4294967296 * (2097151 & low) + (high >>> 0)
}
