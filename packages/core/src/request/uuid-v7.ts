// UUID v7 (RFC 9562): 48-bit Unix milliseconds, then random bits, so ids sort by creation time.

const HEX_DIGITS = Array.from("0123456789abcdef", (digit) => digit.charCodeAt(0))
const DASH = 0x2d

// The id is written as 36 character codes and made into one string at the end: adding 2-char
// pieces would leave a chain of ~20 partial strings per id for the collector, twice per request.
const codes: Array<number> = Array.from({ length: 36 }, () => DASH)
const putByte = (at: number, byte: number): void => {
  codes[at] = HEX_DIGITS[byte >>> 4]!
  codes[at + 1] = HEX_DIGITS[byte & 0x0f]!
}

/**
 * Formats a UUID v7 from a timestamp and 16 random bytes (bytes 0-5 and the version/variant
 * nibbles are overwritten). Pure, so tests fix both inputs.
 */
export const formatUuidV7 = (nowMs: number, bytes: Uint8Array, offset = 0): string => {
  const high = Math.floor(nowMs / 0x1_0000_0000)
  const low = nowMs >>> 0
  // xxxxxxxx-xxxx-7xxx-yxxx-xxxxxxxxxxxx: 48 bits of milliseconds, version 7, variant 10, random.
  putByte(0, (high >>> 8) & 0xff)
  putByte(2, high & 0xff)
  putByte(4, (low >>> 24) & 0xff)
  putByte(6, (low >>> 16) & 0xff)
  putByte(9, (low >>> 8) & 0xff)
  putByte(11, low & 0xff)
  putByte(14, 0x70 | (bytes[offset + 6]! & 0x0f))
  putByte(16, bytes[offset + 7]!)
  putByte(19, 0x80 | (bytes[offset + 8]! & 0x3f))
  putByte(21, bytes[offset + 9]!)
  for (let index = 0; index < 6; index++) putByte(24 + 2 * index, bytes[offset + 10 + index]!)
  return String.fromCharCode.apply(null, codes)
}

/**
 * Makes UUID v7 generators over a pooled random buffer: one `getRandomValues` call serves 256
 * ids, which keeps id creation off the hot path of envelope building.
 */
export const makeUuidV7 = (fillRandom: (buffer: Uint8Array) => void) => {
  const pool = new Uint8Array(4096)
  let position = pool.length
  return (nowMs: number): string => {
    if (position + 16 > pool.length) {
      fillRandom(pool)
      position = 0
    }
    const id = formatUuidV7(nowMs, pool, position)
    position += 16
    return id
  }
}
