// Keys that would reach an object's prototype (`__proto__`, `constructor`, `prototype`) are
// dropped however the server spells them: JSON's `\u` escapes decode to the same key, so they are
// judged once decoded. Over the WebSocket and over REST alike.
import { elevateExample } from "@org/optave-schema"
import { describe, expect, it } from "vitest"
import { createClientWith } from "../src/promise-client.ts"
import { parseJsonSafely } from "../src/inbound/safe-json.ts"
import { event, makeFakePlatform } from "./support/fake-platform.ts"

/** Each spelling as it stands in the JSON text (a `\` here is a `\` in the text), with the key it decodes to. */
const SPELLINGS: ReadonlyArray<readonly [string, string]> = [
  ["__proto__", "__proto__"],
  ["\\u005f_proto__", "__proto__"],
  ["_\\u005Fproto__", "__proto__"],
  ["__\\u0070roto__", "__proto__"],
  ["\\u005f\\u005f\\u0070\\u0072\\u006f\\u0074\\u006f\\u005f\\u005f", "__proto__"],
  ["\\u005F\\u005F\\u0070\\u0072\\u006F\\u0074\\u006F\\u005F\\u005F", "__proto__"],
  ["constructor", "constructor"],
  ["constr\\u0075ctor", "constructor"],
  ["\\u0063onstructor", "constructor"],
  ["prototype", "prototype"],
  ["\\u0070rototype", "prototype"],
  ["prototyp\\u0065", "prototype"]
]

/** A completed improve_answer frame whose result carries `spelling` as a key holding an object. */
const hostileFrame = (correlationId: string | undefined, spelling: string): string => {
  const marker = "HOSTILE_KEY"
  const frame = event(correlationId, "improve_answer", "completed", "better")
  const results = (correlationId === undefined ? frame : (frame as { payload: any }).payload).message.results as Array<Record<string, unknown>>
  results[0]![marker] = { polluted: true, toString: "not a function" }
  return JSON.stringify(frame).replace(`"${marker}"`, `"${spelling}"`)
}

const ownKeysDeep = (value: unknown, keys = new Set<string>()): Set<string> => {
  if (typeof value === "object" && value !== null) {
    for (const key of Reflect.ownKeys(value)) {
      if (typeof key === "string") keys.add(key)
      ownKeysDeep((value as Record<string, unknown>)[key as string], keys)
    }
  }
  return keys
}

describe("escaped spellings of prototype keys", () => {
  it.each(SPELLINGS)("parseJsonSafely drops %s (the key %s)", (spelling, key) => {
    const text = `{"a":{"${spelling}":{"polluted":1},"b":2},"c":[{"${spelling}":{"x":1},"d":3}]}`
    // The text really decodes to the key: without the check it would be an own property.
    expect(Object.keys((JSON.parse(text) as { a: object }).a)).toContain(key)
    const parsed = parseJsonSafely(text) as { a: Record<string, unknown>; c: Array<Record<string, unknown>> }
    expect(Object.keys(parsed.a)).toEqual(["b"])
    expect(Object.keys(parsed.c[0]!)).toEqual(["d"])
    expect(Object.getPrototypeOf(parsed.a)).toBe(Object.prototype)
    expect(Object.getPrototypeOf(Object.assign({}, parsed.a))).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it("text with other escapes and no such key parses unchanged", () => {
    const text = '{"name":"caf\\u00e9 \\u005f\\u0070","__protocol":1,"prototypes":[1],"x":"\\"constructor\\":"}'
    expect(parseJsonSafely(text)).toEqual(JSON.parse(text))
  })

  for (const transport of ["ws", "rest"] as const) {
    it.each(SPELLINGS)(`over ${transport === "ws" ? "the WebSocket" : "REST"}: %s never reaches results`, async (spelling, key) => {
      const fake = makeFakePlatform({
        onSend: (socket, frame) => queueMicrotask(() => socket.receive(hostileFrame(frame.headers.correlationId as string, spelling))),
        fetch: async () => new Response(hostileFrame(undefined, spelling), { status: 200, headers: { "content-type": "application/json" } })
      })
      const client = createClientWith(fake.platform, {
        urls: { ws: "ws://127.0.0.1:1", rest: "http://127.0.0.1:1" },
        token: "t",
        transport,
        timeouts: { heartbeatMs: 0 }
      })
      try {
        const result = await client.elevate(elevateExample)
        const first = result.superpowers.improve_answer!.results[0]!
        expect(first.response![0]!.content).toBe("better")
        expect(ownKeysDeep(result.events).has(key)).toBe(false)
        expect(Object.getPrototypeOf(first)).toBe(Object.prototype)
        const copy = Object.assign({}, first) as Record<string, unknown>
        expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
        expect(copy.polluted).toBeUndefined()
        expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      } finally {
        await client.close()
      }
    })
  }
})
