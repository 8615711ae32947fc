// The compact validators (`validators-compact.ts`, what a page or a Worker gets) say exactly what the
// fast ones say, on every generated value: valid values built from the schema and the same values
// corrupted (`validValue` of @org/optave-test-fixtures reads the JSON Schema keywords, not the generator's model), in the
// default and the strict mode. "Exactly": the same verdict, and the same issues in the same order
// (paths and messages), so the core's issue cap (`issueCount`) and every error message read the
// same whichever form the runtime picked. The fast form is itself held to `Value.Check` by
// validators-property.test.ts, so this chains the compact form to TypeBox too.
import * as schema from "@org/optave-schema"
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { NO_ISSUES, type ValidationIssue, type ValidationOptions } from "../../packages/core/src/generated/validator-runtime.ts"
import * as compact from "../../packages/core/src/generated/validators-compact.ts"
import * as fast from "../../packages/core/src/generated/validators.ts"
import { NO_ISSUES as FIXTURE_NO_ISSUES } from "./fixtures/expected/validator-runtime.ts"
import * as fixtureCompact from "./fixtures/expected/validators-compact.ts"
import * as fixtureFast from "./fixtures/expected/validators.ts"
import * as fixture from "./fixtures/fixture-schema.ts"
import { mutate, mutationArbitrary, validValue } from "@org/optave-test-fixtures"

type Validate = (value: unknown, options?: ValidationOptions) => ReadonlyArray<ValidationIssue>
type Module = Readonly<Record<string, unknown>>

const validatorOf = (module: Module, name: string): Validate => {
  const validate = module[`validate${name}`]
  if (typeof validate !== "function") throw new Error(`no validate${name}`)
  return validate as Validate
}

const counts = { valid: 0, invalid: 0, issues: 0 }

/** Both forms on one value, both modes: the same result, `NO_ISSUES` (the same shared one) when valid. */
const expectAgreement = (fastValidate: Validate, compactValidate: Validate, value: unknown, empty: ReadonlyArray<ValidationIssue>): void => {
  for (const options of [undefined, { strict: true }]) {
    const expected = fastValidate(value, options)
    const actual = compactValidate(value, options)
    if (expected === empty) {
      counts.valid += 1
      expect(actual).toBe(empty)
    } else {
      counts.invalid += 1
      counts.issues += expected.length
      expect(actual).toEqual(expected)
    }
  }
}

const agreeOn = (target: object, fastValidate: Validate, compactValidate: Validate, empty: ReadonlyArray<ValidationIssue>, runs: number): void => {
  const valid = validValue(target as Readonly<Record<string, unknown>>)
  fc.assert(
    fc.property(valid, (value) => expectAgreement(fastValidate, compactValidate, value, empty)),
    { numRuns: runs }
  )
  fc.assert(
    fc.property(valid, mutationArbitrary, (value, mutations) => expectAgreement(fastValidate, compactValidate, mutate(value, mutations), empty)),
    { numRuns: runs * 3 }
  )
}

/** Every named schema the generator wrote a validator for, with its TypeBox schema (the values' source). */
const namedSchemas = (module: Module, source: Module): ReadonlyArray<readonly [string, object]> =>
  Object.keys(module)
    .filter((name) => name.startsWith("validate"))
    .map((name) => name.slice("validate".length))
    .map((name) => {
      const found = Object.values(source).find((candidate) => typeof candidate === "object" && candidate !== null && (candidate as { $id?: unknown }).$id === name)
      if (found === undefined) throw new Error(`no schema with $id ${name}`)
      return [name, found as object] as const
    })

const payloadSchemas = Object.fromEntries(Object.values(schema.actionCatalog).map((definition) => [(definition.payload as unknown as { readonly $id: string }).$id, definition.payload]))

describe("the compact validators agree with the fast ones (same verdict, same issues)", () => {
  it("export the same validators", () => {
    expect(Object.keys(compact).sort()).toEqual(Object.keys(fast).sort())
    expect(Object.keys(fixtureCompact).sort()).toEqual(Object.keys(fixtureFast).sort())
  })

  for (const [name, target] of namedSchemas(fast, { ...schema, ...payloadSchemas })) {
    it(`${name}: generated values, valid and corrupted, default and strict`, () => {
      agreeOn(target, validatorOf(fast, name), validatorOf(compact, name), NO_ISSUES, 40)
    })
  }

  it("the fixture: every supported kind, bound, union shape and unsafe key", () => {
    for (const [name, target] of namedSchemas(fixtureFast, fixture as Module)) {
      agreeOn(target, validatorOf(fixtureFast, name), validatorOf(fixtureCompact, name), FIXTURE_NO_ISSUES, 150)
    }
  })

  it("handcrafted corners: non-values, NaN, Infinity, lone surrogates, holes, inherited and non-enumerable keys", () => {
    const base = JSON.parse(JSON.stringify(schema.insightsExample)) as Record<string, unknown>
    const hidden = JSON.parse(JSON.stringify(base)) as Record<string, unknown>
    Object.defineProperty(hidden, "hidden", { value: 1, enumerable: false })
    const corners: ReadonlyArray<unknown> = [
      null,
      undefined,
      [],
      "payload",
      new Date(0),
      new Map(),
      Object.create(base),
      hidden,
      JSON.parse(JSON.stringify(base).replace('"request":', '"__proto__":{"x":1},"request":')),
      { ...base, request: { ...(base["request"] as object), settings: { maxResponseLength: Number.NaN } } },
      { ...base, request: { ...(base["request"] as object), settings: { maxResponseLength: Number.POSITIVE_INFINITY } } },
      { ...base, request: { ...(base["request"] as object), context: { organizationId: "\uD800" } } },
      { ...base, request: { ...(base["request"] as object), scope: { conversations: Object.assign([], { length: 2 }) } } },
      // For the fixture's unions: a value of each category that no variant takes.
      "medium",
      "shape:",
      0.5,
      true,
      { width: "wide" },
      { kind: "pong", count: "many" },
      { kind: "other" },
      [{ kind: "ping" }]
    ]
    for (const value of corners) {
      for (const name of ["InsightsPayload", "InboundFrame", "EnvelopeHeaders", "RestResponseBody", "TokenResponse"]) {
        expectAgreement(validatorOf(fast, name), validatorOf(compact, name), value, NO_ISSUES)
      }
      for (const name of ["Item", "Frame", "Mixed", "Scores", "Color", "Size", "Shape", "Paint"]) {
        expectAgreement(validatorOf(fixtureFast, name), validatorOf(fixtureCompact, name), value, FIXTURE_NO_ISSUES)
      }
    }
    const ping = { kind: "ping", item: { name: "ab", count: 2 }, extra: 1 }
    expect(fixtureCompact.validateFrame(ping, { strict: true })).toEqual([{ path: "extra", message: "is not allowed (unknown property)" }])
  })

  it("arbitrary values (any JSON, any object): the same result for every named schema", () => {
    const validators = [
      ...namedSchemas(fast, { ...schema, ...payloadSchemas }).map(([name]) => [validatorOf(fast, name), validatorOf(compact, name), NO_ISSUES] as const),
      ...namedSchemas(fixtureFast, fixture as Module).map(([name]) => [validatorOf(fixtureFast, name), validatorOf(fixtureCompact, name), FIXTURE_NO_ISSUES] as const)
    ]
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (value) => {
        for (const [fastValidate, compactValidate, empty] of validators) expectAgreement(fastValidate, compactValidate, value, empty)
      }),
      { numRuns: 300 }
    )
  })

  it("string lengths in code points: surrogate pairs, lone and misordered surrogates around minLength and maxLength", () => {
    const unit = fc.constantFrom("a", "\uD800", "\uDC00", "\uD83D\uDE00")
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 8 }), (units) => {
        const name = units.join("")
        expectAgreement(validatorOf(fixtureFast, "Item"), validatorOf(fixtureCompact, "Item"), { name, count: 1 }, FIXTURE_NO_ISSUES)
        expectAgreement(validatorOf(fast, "Context"), validatorOf(compact, "Context"), { organizationId: name }, NO_ISSUES)
      }),
      { numRuns: 500 }
    )
  })

  it("a polluted Object.prototype: both forms still agree (unknown keys are own keys only)", () => {
    const base = JSON.parse(JSON.stringify(schema.insightsExample)) as Record<string, unknown>
    const { request, ...withoutRequest } = base
    const prototype = Object.prototype as Record<string, unknown>
    try {
      prototype["polluted"] = 1
      prototype["request"] = request
      for (const value of [base, withoutRequest, { ...base, extra: 1 }]) {
        expectAgreement(validatorOf(fast, "InsightsPayload"), validatorOf(compact, "InsightsPayload"), value, NO_ISSUES)
      }
      expect(compact.validateInsightsPayload({ ...base, extra: 1 }, { strict: true })).toEqual([{ path: "extra", message: "is not allowed (unknown property)" }])
    } finally {
      delete prototype["polluted"]
      delete prototype["request"]
    }
  })

  afterAll(() => {
    // Both verdicts must be well represented, or agreement would prove little.
    expect(counts.valid).toBeGreaterThanOrEqual(1000)
    expect(counts.invalid).toBeGreaterThanOrEqual(1000)
    console.log(`validators-compact-property: ${counts.valid} valid and ${counts.invalid} invalid results (${counts.issues} issues) identical in both forms`)
  })
})
