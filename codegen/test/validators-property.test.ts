// The generated validators agree with TypeBox's `Value.Check` (default settings) on thousands of
// generated values: valid ones built from the schemas, and the same values corrupted. When they
// agree that a value is invalid, every issue has a path and a message; a valid value gets the
// shared NO_ISSUES. One deliberate difference: where the schema expects an object or a record, the
// validators also require a plain object (prototype `Object.prototype` or `null`), so the oracle is
// `Value.Check(schema, value) && everyObjectIsPlain(schema, value)`; a separate test checks that
// rule on its own (Date, Map, class instances, array-likes).
import * as schema from "@org/optave-schema"
import fc from "fast-check"
import { Value } from "typebox/value"
import { afterAll, describe, expect, it } from "vitest"
import * as generated from "../../packages/core/src/generated/validators.ts"
import { NO_ISSUES, type ValidationIssue } from "../../packages/core/src/generated/validator-runtime.ts"
import { NO_ISSUES as FIXTURE_NO_ISSUES } from "./fixtures/expected/validator-runtime.ts"
import * as fixtureValidators from "./fixtures/expected/validators.ts"
import * as fixture from "./fixtures/fixture-schema.ts"
import { mutate, mutationArbitrary, validValue } from "@org/optave-test-fixtures"

type Validate = (value: unknown) => ReadonlyArray<ValidationIssue>
type Schema = Readonly<Record<string, unknown>>

const unsafeKeys = new Set(["__proto__", "constructor", "prototype"])

const isPlain = (value: unknown): boolean => {
  if (typeof value !== "object" || value === null) return false
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/**
 * For a value `Value.Check` accepts: true when every value it checked against an object or a record
 * schema is a plain object. Walks the JSON Schema keywords (not the generator's model) the way
 * `Value.Check` does: the present properties (an optional one holding `undefined` is skipped), the
 * own enumerable keys of a record that match its pattern, the items of an array (holes skipped),
 * and, for a union, some variant that accepts the value.
 */
const everyObjectIsPlain = (schema: Schema, value: unknown): boolean => {
  const variants = schema["anyOf"]
  if (Array.isArray(variants)) {
    return variants.some((variant: Schema) => Value.Check(variant as never, value) && everyObjectIsPlain(variant, value))
  }
  switch (schema["type"]) {
    case "object": {
      if (!isPlain(value)) return false
      const object = value as Record<string, unknown>
      const patternProperties = schema["patternProperties"] as Readonly<Record<string, Schema>> | undefined
      if (patternProperties !== undefined) {
        return Object.entries(patternProperties).every(([pattern, entrySchema]) =>
          Object.entries(object).every(([key, entry]) => !new RegExp(pattern, "u").test(key) || everyObjectIsPlain(entrySchema, entry))
        )
      }
      const properties = (schema["properties"] ?? {}) as Readonly<Record<string, Schema>>
      return Object.entries(properties).every(([key, propertySchema]) => {
        const present = unsafeKeys.has(key) ? Object.prototype.hasOwnProperty.call(object, key) : key in object
        return !present || object[key] === undefined || everyObjectIsPlain(propertySchema, object[key])
      })
    }
    case "array":
      return (value as ReadonlyArray<unknown>).every((item) => everyObjectIsPlain(schema["items"] as Schema, item))
    default:
      return true
  }
}

/** What the validators accept: `Value.Check`, and plain objects wherever an object or a record is expected. */
const oracle = (target: object, value: unknown): boolean => Value.Check(target as never, value) && everyObjectIsPlain(target as Schema, value)

/**
 * Values compared: built valid (`generated`), then corrupted (`valid`/`invalid` by the oracle's
 * verdict; `notPlain`: the invalid ones `Value.Check` alone accepts, for a non-plain object).
 */
// Each generated folder has its own runtime, so its own shared empty result: a valid value gets
// the one of the validator's folder (core's output or the fixture's).
const isSharedEmpty = (issues: ReadonlyArray<ValidationIssue>): boolean => issues === NO_ISSUES || issues === FIXTURE_NO_ISSUES

const counts = { generated: 0, valid: 0, invalid: 0, notPlain: 0, cases: 0 }

const agrees = (target: object, validate: Validate, value: unknown): boolean => {
  const expected = oracle(target, value)
  const issues = validate(value)
  counts.cases += 1
  if (expected) counts.valid += 1
  else counts.invalid += 1
  if (!expected && Value.Check(target as never, value)) counts.notPlain += 1
  if (expected) return isSharedEmpty(issues)
  return (
    issues.length > 0 &&
    issues.every((issue) => typeof issue.path === "string" && typeof issue.message === "string" && issue.message !== "")
  )
}

const validatorOf = (module: Record<string, unknown>, id: string): Validate => {
  const validate = module[`validate${id}`]
  if (typeof validate !== "function") throw new Error(`no validate${id}`)
  return validate as Validate
}

const check = (target: Record<string, unknown>, validate: Validate, validRuns: number, mutatedRuns: number): void => {
  const valid = validValue(target)
  fc.assert(
    fc.property(valid, (value) => {
      counts.generated += 1
      expect(oracle(target, value)).toBe(true)
      expect(isSharedEmpty(validate(value))).toBe(true)
    }),
    { numRuns: validRuns }
  )
  fc.assert(
    fc.property(valid, mutationArbitrary, (value, mutations) => {
      const mutated = mutate(value, mutations)
      expect(agrees(target, validate, mutated)).toBe(true)
    }),
    { numRuns: mutatedRuns }
  )
}

const payloads = Object.values(schema.actionCatalog).map((definition) => definition.payload)
const events = [
  schema.SuperpowerEvent,
  schema.InboundFrame,
  schema.RestResponseBody,
  schema.ResponseEnvelope,
  schema.RequestEnvelope,
  schema.EnvelopeHeaders,
  schema.TokenResponse,
  schema.PerformanceCriterion,
  schema.SentimentAnalysis
]

/**
 * The schema as strict mode reads it: every object without `additionalProperties` closed
 * (`additionalProperties: false`), the always-open ones (`true`) left open.
 */
const closedCopy = (target: Schema): Schema =>
  JSON.parse(JSON.stringify(target), (_key, inner: unknown) =>
    typeof inner === "object" && inner !== null && !Array.isArray(inner) && (inner as Schema)["type"] === "object" && "properties" in inner && !("additionalProperties" in inner)
      ? { ...inner, additionalProperties: false }
      : inner
  ) as Schema

const strictly = (validate: Validate): Validate => (value) => (validate as (value: unknown, options: { strict: boolean }) => ReadonlyArray<ValidationIssue>)(value, { strict: true })

describe("strict mode agrees with Value.Check of the schema with every open object closed", () => {
  for (const target of [...payloads, schema.EnvelopeHeaders]) {
    const id = (target as unknown as { readonly $id: string }).$id
    it(`${id}: valid values pass both, corrupted values (extra keys among them) get the same verdict`, () => {
      check(closedCopy(target as unknown as Schema) as never, strictly(validatorOf(generated, id)), 50, 300)
    })
  }

  it("the fixture: an open object closes, an always-open one (additionalProperties: true) stays open", () => {
    for (const name of ["Frame", "PingPayload", "PongPayload", "SuperpowerEvent"]) {
      const target = (fixture as Record<string, unknown>)[name] as Schema
      check(closedCopy(target) as never, strictly(validatorOf(fixtureValidators, name)), 50, 200)
    }
    const ping = { kind: "ping", item: { name: "ab", count: 2 }, extra: 1 }
    expect(fixtureValidators.validateFrame(ping)).toBe(FIXTURE_NO_ISSUES)
    expect(fixtureValidators.validateFrame(ping, { strict: true })).toEqual([{ path: "extra", message: "is not allowed (unknown property)" }])
    expect(fixtureValidators.validateSuperpowerEvent({ action: "superpower", state: "started", extra: 1 }, { strict: true })).toBe(FIXTURE_NO_ISSUES)
  })
})

describe("generated validators agree with Value.Check (plain objects required)", () => {
  for (const target of [...payloads, ...events]) {
    const id = (target as unknown as { readonly $id: string }).$id
    it(`${id}: valid values pass both, corrupted values get the same verdict`, () => {
      check(target as never, validatorOf(generated, id), 100, 300)
    })
  }

  it("every other named schema: the same on corrupted values", () => {
    const others = ["Session", "Channel", "Interface", "Conversation", "Participant", "Message", "Interaction", "Context", "Reference", "Settings", "Medium", "Metadata", "Link", "Code", "Cursor"]
    for (const id of others) check((schema as Record<string, unknown>)[id] as never, validatorOf(generated, id), 20, 60)
  })

  it("the fixture's validators (every supported kind and bound) agree too", () => {
    for (const name of ["Item", "Frame", "Mixed", "PingPayload", "PongPayload", "Scores", "Empty", "Color"]) {
      const target = (fixture as Record<string, unknown>)[name] as Record<string, unknown>
      check(target, validatorOf(fixtureValidators, name), 100, 300)
    }
  })

  it("handcrafted corners: NaN, Infinity, -0, lone surrogates, __proto__ own keys, inherited keys, holes", () => {
    const base = schema.insightsExample
    const corners: ReadonlyArray<unknown> = [
      null,
      undefined,
      [],
      "payload",
      JSON.parse(JSON.stringify(base).replace('"request":', '"__proto__":{"x":1},"request":')),
      { ...base, session: undefined },
      Object.create(base),
      { ...base, request: { ...base.request, settings: { maxResponseLength: Number.NaN } } },
      { ...base, request: { ...base.request, settings: { maxResponseLength: Number.POSITIVE_INFINITY } } },
      { ...base, request: { ...base.request, settings: { maxResponseLength: 1.5 } } },
      { ...base, request: { ...base.request, settings: { maxResponseLength: -0 } } },
      { ...base, request: { ...base.request, context: { organizationId: "\uD800" } } },
      { ...base, request: { ...base.request, scope: { conversations: Object.assign([], { length: 2 }) } } },
      { ...base, request: { ...base.request, scope: { conversations: [{ messages: [{ content: "hi", timestamp: "2024-01-15T10:30:00Z\n" }] }] } } }
    ]
    for (const value of corners) expect(agrees(schema.InsightsPayload, generated.validateInsightsPayload, value)).toBe(true)
    const strictPayload = closedCopy(schema.InsightsPayload as unknown as Schema)
    for (const value of corners) expect(agrees(strictPayload, strictly(generated.validateInsightsPayload), value)).toBe(true)
    // A non-enumerable own key is a property too: open by default, refused in strict mode as by TypeBox.
    const withHidden = JSON.parse(JSON.stringify(base)) as Record<string, unknown>
    Object.defineProperty(withHidden, "hidden", { value: 1, enumerable: false })
    expect(Value.Check(schema.InsightsPayload, withHidden)).toBe(true)
    expect(generated.validateInsightsPayload(withHidden)).toBe(NO_ISSUES)
    expect(Value.Check(strictPayload as never, withHidden)).toBe(false)
    expect(generated.validateInsightsPayload(withHidden, { strict: true })).toEqual([{ path: "hidden", message: "is not allowed (unknown property)" }])
  })

  afterAll(() => {
    // The brief asks for at least 1,000 valid and 1,000 invalid values compared.
    expect(counts.generated).toBeGreaterThanOrEqual(1000)
    expect(counts.invalid).toBeGreaterThanOrEqual(1000)
    // The corruptions put Dates, Maps, errors, regular expressions and inherited-key objects in object positions.
    expect(counts.notPlain).toBeGreaterThan(0)
    console.log(
      `validators-property: ${counts.generated} generated valid values, then ${counts.cases} corrupted ones ` +
        `(${counts.valid} still valid, ${counts.invalid} invalid, ${counts.notPlain} of them only for a non-plain object), ` +
        "all with the same verdict as Value.Check plus the plain-object rule"
    )
  })
})

describe("non-plain objects where an object or a record is expected: one issue, `must be a plain object`", () => {
  /** A class instance with the same own properties as `value`. */
  class Copy {
    constructor(value: object) {
      Object.assign(this, value)
    }
  }
  /** An array-like: indexed keys and a length, with `Array.prototype` but not an array. */
  const arrayLike = (): object => Object.setPrototypeOf({ 0: "x", length: 1 }, Array.prototype) as object
  const plainOnly = (message: string, path: string) => [{ path, message }]
  const base = (): schema.InsightsPayload => JSON.parse(JSON.stringify(schema.insightsExample)) as schema.InsightsPayload
  const conversation = (payload: schema.InsightsPayload): schema.Conversation => payload.request.scope.conversations[0] as schema.Conversation

  // Each puts a non-plain object (`as never`: the types do not allow it) where the schema expects an object or a record.
  const payloadCases: ReadonlyArray<readonly [string, (payload: schema.InsightsPayload) => unknown, string]> = [
    ["a Date as the whole payload", () => new Date(0), ""],
    ["a class instance as the whole payload (same own properties)", (payload) => new Copy(payload), ""],
    ["a Date as an object with no required key", (payload) => ((payload.session!.channel = new Date(0) as never), payload), "session.channel"],
    ["a Map as an object", (payload) => ((payload.session!.interface = new Map() as never), payload), "session.interface"],
    ["a class instance with the right own properties", (payload) => ((payload.request.context = new Copy(payload.request.context) as never), payload), "request.context"],
    [
      "a class instance as an array item",
      (payload) => ((payload.request.scope.conversations[0] = new Copy(conversation(payload)) as never), payload),
      "request.scope.conversations[0]"
    ],
    ["a Map as a record", (payload) => ((conversation(payload).metadata = new Map() as never), payload), "request.scope.conversations[0].metadata"],
    ["an array-like as a record", (payload) => ((conversation(payload).metadata = arrayLike() as never), payload), "request.scope.conversations[0].metadata"],
    ["an object inheriting its keys", (payload) => ((payload.request.connections = Object.create(payload.request.connections) as never), payload), "request.connections"]
  ]
  for (const [what, make, path] of payloadCases) {
    it(`InsightsPayload: ${what} -> ${path === "" ? "the root" : path}`, () => {
      expect(generated.validateInsightsPayload(make(base()))).toEqual(plainOnly("must be a plain object", path))
    })
  }

  it("InsightsPayload: Value.Check accepts most of them (the deliberate difference)", () => {
    const acceptedByTypeBox = payloadCases.filter(([, make]) => Value.Check(schema.InsightsPayload, make(base())))
    expect(acceptedByTypeBox.length).toBeGreaterThanOrEqual(6)
  })

  it("other schemas: the envelope headers, an inbound frame, a superpower event", () => {
    expect(generated.validateEnvelopeHeaders(new Date(0))).toEqual(plainOnly("must be a plain object", ""))
    expect(generated.validateSuperpowerEvent(new Map())).toEqual(plainOnly("must be a plain object", ""))
    expect(generated.validateInboundFrame(new Date(0))).toEqual(plainOnly("must be a plain object", ""))
    expect(generated.validateMetadata(arrayLike())).toEqual(plainOnly("must be a plain object", ""))
  })

  it("the fixture: closed and open objects, records, union variants (discriminated or not)", () => {
    const item = { name: "ab", count: 2 }
    const ping = { kind: "ping", item }
    const pong = { kind: "pong", count: 1 }
    const v = fixtureValidators
    expect(v.validateItem(new Copy(item))).toEqual(plainOnly("must be a plain object", ""))
    expect(v.validateItem({ ...item, extras: new Map() })).toEqual(plainOnly("must be a plain object", "extras"))
    expect(v.validateItem({ ...item, scores: new Date(0) })).toEqual(plainOnly("must be a plain object", "scores"))
    expect(v.validateScores(arrayLike())).toEqual(plainOnly("must be a plain object", ""))
    expect(v.validateFrame(new Copy(pong))).toEqual(plainOnly("must be a plain object", ""))
    expect(v.validateFrame([ping, new Copy(ping)])).toEqual(plainOnly("must be a plain object", "[1]"))
    expect(v.validateFrame({ ...pong, nested: new Date(0) })).toEqual(plainOnly("must be a plain object", "nested"))
    expect(v.validateMixed(new Copy({ value: "x" }))).toEqual(plainOnly("must be a plain object", ""))
    expect(v.validatePingPayload({ request: { item: new Copy(item), frames: [ping] } })).toEqual(plainOnly("must be a plain object", "request.item"))
    expect(v.validateEmpty(new Date(0))).toEqual(plainOnly("must be a plain object", ""))
  })

  it("still accepted: objects without a prototype, and non-plain objects where anything goes", () => {
    const nullPrototype = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(nullPrototype)
      if (typeof value !== "object" || value === null) return value
      return Object.assign(Object.create(null) as object, Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, nullPrototype(entry)])))
    }
    expect(generated.validateInsightsPayload(nullPrototype(base()))).toBe(NO_ISSUES)
    const withDates = base()
    conversation(withDates).metadata = { when: new Date(0), map: new Map() }
    expect(generated.validateInsightsPayload(withDates)).toBe(NO_ISSUES)
    expect(fixtureValidators.validatePingPayload({ request: { item: { name: "ab", count: 2 }, frames: [{ kind: "ping", item: { name: "ab", count: 2 }, note: new Date(0) }] } })).toBe(FIXTURE_NO_ISSUES)
  })

  it("an array where an object is expected is still `must be an object`", () => {
    expect(generated.validateEnvelopeHeaders([])).toEqual(plainOnly("must be an object", ""))
    expect(fixtureValidators.validateItem({ name: "ab", count: 2, extras: [] })).toEqual(plainOnly("must be an object", "extras"))
  })
})
