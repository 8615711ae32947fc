// UUID v7 (RFC 9562): 48-bit Unix milliseconds, then random bits, so ids sort by creation time.

const HEX: ReadonlyArray<string> = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"))

/**
 * Formats a UUID v7 from a timestamp and 16 random bytes (bytes 0-5 and the version/variant
 * nibbles are overwritten). Pure, so tests fix both inputs.
 */
export const formatUuidV7 = (nowMs: number, bytes: Uint8Array, offset = 0): string => {
  const b = (index: number): number => bytes[offset + index]!
  const high = Math.floor(nowMs / 0x1_0000_0000)
  const low = nowMs >>> 0
  const time =
    HEX[(high >>> 8) & 0xff]! +
    HEX[high & 0xff]! +
    HEX[(low >>> 24) & 0xff]! +
    HEX[(low >>> 16) & 0xff]! +
    "-" +
    HEX[(low >>> 8) & 0xff]! +
    HEX[low & 0xff]!
  return (
    time +
    "-" +
    HEX[0x70 | (b(6) & 0x0f)]! +
    HEX[b(7)]! +
    "-" +
    HEX[0x80 | (b(8) & 0x3f)]! +
    HEX[b(9)]! +
    "-" +
    HEX[b(10)]! +
    HEX[b(11)]! +
    HEX[b(12)]! +
    HEX[b(13)]! +
    HEX[b(14)]! +
    HEX[b(15)]!
  )
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
