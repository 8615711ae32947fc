// A corpus no one here wrote (fixtures/official-3.2.3, see its SOURCE.md): every example payload the
// official client's repository generates from its AsyncAPI spec, and the frames the official
// client sends for the API pages' payloads (its defaults deep-merged in). Our schema must accept
// what the service's own schema accepts: each one validates, by TypeBox and by both generated
// validator forms (fast, and compact for pages and Workers), in the default and strict modes
// alike; the two malformed reception examples are refused, with their paths.
import { readFileSync } from "node:fs"
import { Value } from "typebox/value"
import { describe, expect, it } from "vitest"
import { payloadValidators } from "../../core/src/generated/catalog.ts"
import * as compactForm from "../../core/src/generated/validators-compact.ts"
import { NO_ISSUES } from "../../core/src/validation-issue.ts"
import { actionCatalog, type ActionName } from "../src/index.ts"

type Json = Record<string, unknown>

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/official-3.2.3/${name}`, import.meta.url), "utf8"))

const examples = fixture("generated-examples.json") as Readonly<Record<string, { readonly method: string; readonly source: string; readonly payload: Json }>>
const frames = fixture("default-merged-frames.json") as Readonly<Record<string, { readonly headers: { readonly action: ActionName }; readonly payload: Json }>>

/** The example's argument without `headers` (the official client's header overrides; ours are RequestOptions). */
const payloadOf = (argument: Json): Json => {
  const { headers: _headers, ...payload } = argument
  return payload
}
const actionOf = (key: string): ActionName => key.split("/")[1] as ActionName

/** The compact form's validator of an action (what pages and Workers get): the same name as the fast one's. */
const compactValidator = (action: ActionName) =>
  (compactForm as unknown as Record<string, (value: unknown, options?: { strict?: boolean }) => ReadonlyArray<unknown>>)[payloadValidators[action].name]!

describe("the official client's generated examples (18, browser and server)", () => {
  const keys = Object.keys(examples)
  it("are all here: 9 actions x 2 builds", () => {
    expect(keys).toHaveLength(18)
    expect(new Set(keys.map(actionOf))).toEqual(new Set(Object.keys(actionCatalog)))
  })

  const wellFormed = keys.filter((key) => actionOf(key) !== "reception")
  it.each(wellFormed)("%s validates (TypeBox, generated, strict)", (key) => {
    const action = actionOf(key)
    const payload = payloadOf(examples[key]!.payload)
    expect(Value.Check(actionCatalog[action].payload, payload)).toBe(true)
    expect(payloadValidators[action](payload)).toBe(NO_ISSUES)
    expect(payloadValidators[action](payload, { strict: true })).toBe(NO_ISSUES)
    expect(compactValidator(action)(payload)).toEqual([])
    expect(compactValidator(action)(payload, { strict: true })).toEqual([])
  })

  it("includes the links the old schema refused (html a boolean)", () => {
    const withHtml = wellFormed.filter((key) => JSON.stringify(examples[key]!.payload).includes('"html":'))
    expect(withHtml.map(actionOf).sort()).toEqual(["customerinteraction", "customerinteraction", "interaction", "interaction"])
  })

  it.each(keys.filter((key) => actionOf(key) === "reception"))("%s is malformed upstream and refused, with its paths", (key) => {
    const payload = payloadOf(examples[key]!.payload)
    expect(Object.keys(payload).sort()).toEqual(["context", "conversations", "session"])
    expect(Value.Check(actionCatalog.reception.payload, payload)).toBe(false)
    expect(payloadValidators.reception(payload)).toEqual([{ path: "request", message: "is required" }])
    const strictIssues = [
      { path: "request", message: "is required" },
      { path: "context", message: "is not allowed (unknown property)" },
      { path: "conversations", message: "is not allowed (unknown property)" }
    ]
    expect(payloadValidators.reception(payload, { strict: true })).toEqual(strictIssues)
    // The compact form (pages, Workers) says the same of the official examples.
    expect(compactValidator("reception")(payload)).toEqual([{ path: "request", message: "is required" }])
    expect(compactValidator("reception")(payload, { strict: true })).toEqual(strictIssues)
  })
})

describe("the frames the official client sends for the API pages' payloads (defaults merged in)", () => {
  const keys = Object.keys(frames)
  it("are the three of the seeds, with the placeholder defaults", () => {
    expect(keys).toEqual(["insights.en page payload", "elevate.en page payload", "elevate.en curl body"])
    for (const key of keys) {
      const { payload } = frames[key]!
      expect(payload).toMatchObject({
        session: { channel: { metadata: [] } },
        request: {
          settings: { maxResponseLength: 0, disableStream: true },
          cursor: { since: "", until: "" },
          scope: { products: [{ id: "" }] },
          a2a: [{ id: "", name: "", type: "" }]
        }
      })
    }
    // Where the page gives no resources, the placeholder link goes out too.
    expect(frames["elevate.en curl body"]!.payload).toMatchObject({ request: { resources: { links: [{ expires_at: "", html: false }] } } })
  })

  it.each(keys)("%s: its payload validates (TypeBox, generated, strict)", (key) => {
    const { headers, payload } = frames[key]!
    expect(Value.Check(actionCatalog[headers.action].payload, payload)).toBe(true)
    expect(payloadValidators[headers.action](payload)).toBe(NO_ISSUES)
    expect(payloadValidators[headers.action](payload, { strict: true })).toBe(NO_ISSUES)
    expect(compactValidator(headers.action)(payload)).toEqual([])
    expect(compactValidator(headers.action)(payload, { strict: true })).toEqual([])
  })
})
