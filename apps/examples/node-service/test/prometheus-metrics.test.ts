// The exporter against a real client and the mock server (a reconnect and a resend happen for
// real), and its output read back by the rules of the Prometheus text exposition format.
import { createClient, type OptaveClientPromise } from "@org/optave-node"
import { startMockServer, type MockServer } from "@org/optave-mock-server"
import { insightsExample } from "@org/optave-schema"
import { afterEach, describe, expect, it } from "vitest"
import { prometheusMetrics } from "../src/prometheus-metrics.ts"

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
// A sample line: name, optional {labels} with escaped values, one space, a number.
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*\})? (-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)$/

interface ParsedFamily {
  type: string | undefined
  help: string | undefined
  samples: Array<{ labels: string; value: number }>
}

/** Reads the text format strictly: HELP and TYPE once per family and before its samples; counters end in _total. */
const parse = (text: string): Map<string, ParsedFamily> => {
  expect(text.endsWith("\n")).toBe(true)
  const families = new Map<string, ParsedFamily>()
  const family = (name: string) => families.get(name) ?? families.set(name, { type: undefined, help: undefined, samples: [] }).get(name)!
  for (const line of text.slice(0, -1).split("\n")) {
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line)
    if (meta !== null) {
      const [, kind, name, rest] = meta
      expect(name).toMatch(METRIC_NAME)
      const entry = family(name!)
      expect(entry.samples, `${kind} after samples of ${name}`).toEqual([])
      if (kind === "TYPE") {
        expect(entry.type).toBeUndefined()
        expect(["counter", "gauge"]).toContain(rest)
        entry.type = rest
      } else {
        expect(entry.help).toBeUndefined()
        entry.help = rest
      }
      continue
    }
    const sample = SAMPLE.exec(line)
    expect(sample, `not a sample line: ${JSON.stringify(line)}`).not.toBeNull()
    const entry = family(sample![1]!)
    expect(entry.type, `sample of ${sample![1]} before its TYPE`).toBeDefined()
    entry.samples.push({ labels: sample![2] ?? "", value: Number(sample![3]) })
  }
  for (const [name, entry] of families) if (entry.type === "counter") expect(name).toMatch(/_total$/)
  return families
}

const closers: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close()
})

describe("prometheusMetrics", () => {
  it("exports every counter of a client that reconnected and resent, with its labels", async () => {
    const server: MockServer = await startMockServer({ port: 0, latencyMs: 20 })
    closers.push(() => server.close())
    const client: OptaveClientPromise = createClient({ urls: { ws: server.wsUrl, rest: server.restUrl }, clientId: "demo-client", clientSecret: "demo-secret", authenticationUrl: server.authUrl })
    closers.push(() => client.close())
    await client.insights(insightsExample)
    // Dropped while a request is in flight: the reconnect resends it.
    const inFlight = client.insights(insightsExample)
    await new Promise((resolve) => setTimeout(resolve, 30))
    server.dropAll()
    await inFlight

    const stats = client.stats()
    const families = parse(prometheusMetrics(stats, { tenant: "acme" }))
    expect(families.get("optave_client_connects_total")!.samples).toEqual([{ labels: '{tenant="acme"}', value: 2 }])
    expect(families.get("optave_client_reconnects_total")!.samples[0]!.value).toBe(1)
    expect(families.get("optave_client_resends_total")!.samples[0]!.value).toBeGreaterThanOrEqual(1)
    expect(families.get("optave_client_pending_requests")).toMatchObject({ type: "gauge", samples: [{ value: 0 }] })
    // One family per field of ClientStats, each with the field's current value.
    expect(families.size).toBe(Object.keys(stats).length)
    const values = [...families.values()].map((family) => family.samples[0]!.value).sort()
    expect(values).toEqual(Object.values(stats).sort())
  })

  it("escapes label values as the format requires and refuses invalid label names", () => {
    const zero = { connects: 0, reconnects: 0, resends: 0, duplicatesDropped: 0, unrouted: 0, protocolErrors: 0, tokenFetches: 0, tokenFailures: 0, pending: 0 }
    const text = prometheusMetrics(zero, { tenant: 'a"b\\c\nd' })
    parse(text)
    expect(text).toContain('optave_client_connects_total{tenant="a\\"b\\\\c\\nd"} 0\n')
    expect(() => prometheusMetrics(zero, { "bad-name": "x" })).toThrow(TypeError)
    expect(() => prometheusMetrics(zero, { __reserved: "x" })).toThrow(TypeError)
  })
})
