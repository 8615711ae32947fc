import { describe, expect, it } from "vitest"
import { frameText } from "../src/index.ts"

const text = '{"greeting":"héllo €"}'
const bytes = new TextEncoder().encode(text)

describe("frameText", () => {
  it("reads strings, ArrayBuffers and views at once", () => {
    expect(frameText(text)).toBe(text)
    expect(frameText(bytes.buffer.slice(0))).toBe(text)
    expect(frameText(bytes)).toBe(text)
    expect(frameText(new DataView(bytes.buffer))).toBe(text)
  })

  it("joins fragments before decoding, so a character split across two stays whole", () => {
    const euro = text.indexOf("€")
    const cut = new TextEncoder().encode(text.slice(0, euro)).length + 1 // inside the 3 bytes of "€"
    expect(frameText([bytes.subarray(0, cut), bytes.subarray(cut)])).toBe(text)
  })

  it("waits only for a Blob", async () => {
    const read = frameText(new Blob([bytes]))
    expect(read).toBeInstanceOf(Promise)
    expect(await read).toBe(text)
  })
})
