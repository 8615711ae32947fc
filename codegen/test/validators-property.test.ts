// The generated validators agree with TypeBox's `Value.Check` (default settings) on thousands of
// generated values: valid ones built from the schemas, and the same values corrupted. When they
// agree that a value is invalid, every issue has a path and a message; a valid value gets the
// shared NO_ISSUES.
import * as schema from "@org/optave-schema"
import fc from "fast-check"
import { Value } from "typebox/value"
import { afterAll, describe, expect, it } from "vitest"
import * as generated from "../../packages/core/src/generated/validators.ts"
import { NO_ISSUES, type ValidationIssue } from "../../packages/core/src/validation-issue.ts"
import * as fixtureValidators from "./fixtures/expected/validators.ts"
import * as fixture from "./fixtures/fixture-schema.ts"
import { mutate, mutationArbitrary, validValue } from "./schema-arbitrary.ts"

type Validate = (value: unknown) => ReadonlyArray<ValidationIssue>

/** Values compared: built valid (`generated`), then corrupted (`valid`/`invalid` by Value.Check's verdict). */
const counts = { generated: 0, valid: 0, invalid: 0, cases: 0 }

const agrees = (target: object, validate: Validate, value: unknown): boolean => {
  const expected = Value.Check(target as never, value)
  const issues = validate(value)
  counts.cases += 1
  if (expected) counts.valid += 1
  else counts.invalid += 1
  if (expected) return issues === NO_ISSUES
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
      expect(Value.Check(target as never, value)).toBe(true)
      expect(validate(value)).toBe(NO_ISSUES)
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

describe("generated validators agree with Value.Check", () => {
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
    const withHidden = JSON.parse(JSON.stringify(base)) as Record<string, unknown>
    Object.defineProperty(withHidden, "hidden", { value: 1, enumerable: false })
    expect(Value.Check(schema.InsightsPayload, withHidden)).toBe(false)
    expect(generated.validateInsightsPayload(withHidden)).toEqual([{ path: "hidden", message: "is not allowed (unknown property)" }])
  })

  afterAll(() => {
    // The brief asks for at least 1,000 valid and 1,000 invalid values compared.
    expect(counts.generated).toBeGreaterThanOrEqual(1000)
    expect(counts.invalid).toBeGreaterThanOrEqual(1000)
    console.log(
      `validators-property: ${counts.generated} generated valid values, then ${counts.cases} corrupted ones ` +
        `(${counts.valid} still valid, ${counts.invalid} invalid), all with the same verdict as Value.Check`
    )
  })
})
