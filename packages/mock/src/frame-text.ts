const decoder = new TextDecoder()

/** Bytes of a message that arrived in fragments (the `ws` package's `Buffer[]`), joined before decoding so a character split across two stays whole. */
const joined = (fragments: ReadonlyArray<ArrayBufferView>): Uint8Array => {
  const bytes = new Uint8Array(fragments.reduce((total, fragment) => total + fragment.byteLength, 0))
  let offset = 0
  for (const fragment of fragments) {
    bytes.set(new Uint8Array(fragment.buffer, fragment.byteOffset, fragment.byteLength), offset)
    offset += fragment.byteLength
  }
  return bytes
}

/**
 * The text of one inbound WebSocket message, whatever the front door received: a string, bytes
 * (`ArrayBuffer`, a view such as Node's `Buffer`), fragments, or a `Blob` (the only case that
 * needs to wait, so every other one stays synchronous and in arrival order).
 */
export const frameText = (data: unknown): string | Promise<string> => {
  if (typeof data === "string") return data
  if (data instanceof ArrayBuffer) return decoder.decode(data)
  if (ArrayBuffer.isView(data)) return decoder.decode(data)
  if (Array.isArray(data) && data.every((fragment) => ArrayBuffer.isView(fragment))) return decoder.decode(joined(data))
  if (typeof Blob !== "undefined" && data instanceof Blob) return data.text()
  return String(data)
}
