// The API's own examples are valid, and every required field of every action is enforced, with
// the path of what is missing, by TypeBox and by the generated validators alike.
import { Value } from "typebox/value"
import { describe, expect, it } from "vitest"
import { payloadValidators } from "../../core/src/generated/catalog.ts"
import { validateElevatePayload, validateInsightsPayload } from "../../core/src/generated/validators.ts"
import { NO_ISSUES, type ValidationIssue } from "../../core/src/validation-issue.ts"
import { actionCatalog, elevateExample, insightsExample, type ActionName } from "../src/index.ts"

type Json = Record<string, unknown>

const copy = <T>(value: T): T => structuredClone(value)

/** The value at a dotted path with `[n]` indexes (`request.scope.conversations[0]`), and its parent. */
const locate = (root: unknown, path: string): { readonly parent: Json; readonly key: string } => {
  const steps = path.replace(/\[(\d+)\]/g, ".$1").split(".")
  const key = steps.pop() ?? ""
  let parent = root as Json
  for (const step of steps) parent = parent[step] as Json
  return { parent, key }
}
const remove = (root: unknown, path: string): void => {
  const { parent, key } = locate(root, path)
  delete parent[key]
}
const set = (root: unknown, path: string, value: unknown): void => {
  const { parent, key } = locate(root, path)
  parent[key] = value
}

/** A valid payload of `action`: the Insights example plus what the action itself requires. */
const validPayload = (action: ActionName): Json => {
  const payload = copy(insightsExample) as unknown as { request: Json }
  if (action === "elevate" || action === "adjust") {
    payload.request["attributes"] = { content: "Hello! How can I assist you today?" }
    payload.request["connections"] = { threadId: "thread-1", parentId: "message-7" }
  }
  if (action === "adjust") (payload.request["attributes"] as Json)["instruction"] = "make it shorter"
  if (action === "recommend") payload.request["resources"] = { offers: [{ id: "offer-1", name: "Upgrade" }] }
  return payload as unknown as Json
}

const requiredFields: Readonly<Record<ActionName, ReadonlyArray<string>>> = (() => {
  const common = ["request.scope.conversations", "request.connections.threadId", "request.context.organizationId"]
  const edit = [...common, "request.attributes.content", "request.connections.parentId"]
  return {
    insights: common,
    elevate: edit,
    summarize: common,
    translate: common,
    recommend: [...common, "request.resources.offers"],
    adjust: [...edit, "request.attributes.instruction"],
    interaction: common,
    reception: common,
    customerinteraction: common
  }
})()

const arrayFields: ReadonlyArray<string> = ["request.scope.conversations", "request.resources.offers"]

const actions = Object.keys(actionCatalog) as ReadonlyArray<ActionName>
const checks = (action: ActionName, value: unknown): { readonly typebox: boolean; readonly issues: ReadonlyArray<ValidationIssue> } => ({
  typebox: Value.Check(actionCatalog[action].payload, value),
  issues: payloadValidators[action](value)
})

describe("the documented examples", () => {
  it("insightsExample passes Value.Check and the generated validator", () => {
    expect(Value.Check(actionCatalog.insights.payload, insightsExample)).toBe(true)
    expect(validateInsightsPayload(insightsExample)).toBe(NO_ISSUES)
  })
  it("elevateExample passes Value.Check and the generated validator", () => {
    expect(Value.Check(actionCatalog.elevate.payload, elevateExample)).toBe(true)
    expect(validateElevatePayload(elevateExample)).toBe(NO_ISSUES)
  })
  it("the Insights example is not a valid elevate payload (no content, empty parentId)", () => {
    expect(validateElevatePayload(insightsExample)).toEqual([
      { path: "request.attributes.content", message: "is required" },
      { path: "request.connections.parentId", message: "must be a non-empty string" }
    ])
  })
})

describe.each(actions)("required fields of %s", (action) => {
  it("the base payload is valid", () => {
    expect(checks(action, validPayload(action))).toEqual({ typebox: true, issues: NO_ISSUES })
  })

  it.each(requiredFields[action])("without %s it fails, naming the field", (path) => {
    const payload = validPayload(action)
    remove(payload, path)
    const { typebox, issues } = checks(action, payload)
    expect(typebox).toBe(false)
    expect(issues).toContainEqual({ path, message: "is required" })
  })

  it.each(requiredFields[action].filter((path) => !arrayFields.includes(path)))("an empty %s fails as an empty string", (path) => {
    const payload = validPayload(action)
    set(payload, path, "")
    expect(checks(action, payload)).toEqual({ typebox: false, issues: [{ path, message: "must be a non-empty string" }] })
  })

  it("an empty conversations array fails at request.scope.conversations", () => {
    const payload = validPayload(action)
    set(payload, "request.scope.conversations", [])
    expect(checks(action, payload)).toEqual({
      typebox: false,
      issues: [{ path: "request.scope.conversations", message: "must have at least 1 item(s)" }]
    })
  })

  it("fields the action does not require may be left out", () => {
    const optional = ["request.attributes.content", "request.connections.parentId", "request.attributes.instruction", "request.resources.offers", "session"]
      .filter((path) => !requiredFields[action].includes(path))
    for (const path of optional) {
      const payload = validPayload(action)
      if (path.startsWith("request.attributes") && !("attributes" in (payload["request"] as Json))) continue
      if (path.startsWith("request.resources") && !("resources" in (payload["request"] as Json))) continue
      remove(payload, path)
      expect(checks(action, payload), path).toEqual({ typebox: true, issues: NO_ISSUES })
    }
  })
})

describe("recommend needs offers to choose from", () => {
  it("an empty offers array fails at request.resources.offers", () => {
    const payload = validPayload("recommend")
    set(payload, "request.resources.offers", [])
    expect(checks("recommend", payload)).toEqual({
      typebox: false,
      issues: [{ path: "request.resources.offers", message: "must have at least 1 item(s)" }]
    })
  })
})

describe("wrong types and values are reported at their path", () => {
  const cases: ReadonlyArray<readonly [string, unknown, string]> = [
    ["request.scope.conversations[0].messages[2].content", 42, "must be a string"],
    ["request.scope.conversations[0].participants[1].role", null, 'must be one of: "operator", "user", "bot"'],
    ["request.scope.conversations[0].participants[1].role", "system", 'must be one of: "operator", "user", "bot"'],
    ["request.scope.conversations[0].messages[0].timestamp", 1705314600000, "must be a string"],
    ["request.context.organizationId", 7, "must be a string"],
    ["request.connections.threadId", ["t"], "must be a string"],
    ["session.channel.medium", "fax", 'must be one of: "chat", "voice", "email"'],
    ["session.channel.metadata", {}, "must be an array"],
    ["request.scope.conversations[0].metadata", "notes", "must be an object"],
    ["request.scope.conversations[0].metadata", [], "must be an object"],
    ["request.resources.links", [{ html: "<a href='x'>x</a>" }], ""],
    ["request.settings", { maxResponseLength: "10" }, ""],
    ["request.reference.ids[0]", "id-1", "must be an object"],
    ["request.reference.labels", "vip", "must be an array"],
    ["request.scope.products", [{ id: "p" }, 3], ""],
    ["request.scope.conversations", { 0: {} }, "must be an array"],
    ["request", null, "must be an object"]
  ]
  it.each(cases)("%s = %j", (path, value, message) => {
    const payload = validPayload("insights")
    set(payload, path, value)
    const { typebox, issues } = checks("insights", payload)
    expect(typebox).toBe(false)
    if (message !== "") expect(issues).toEqual([{ path, message }])
    else expect(issues.length).toBe(1)
  })

  it("numbers: any finite number (the official schema's type), nothing else", () => {
    for (const value of [0, 2.5, -1, 4000]) {
      const payload = validPayload("insights")
      set(payload, "request.settings", { maxResponseLength: value })
      expect(checks("insights", payload), String(value)).toEqual({ typebox: true, issues: NO_ISSUES })
    }
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, "10", true]) {
      const payload = validPayload("insights")
      set(payload, "request.settings", { maxResponseLength: value })
      const { typebox, issues } = checks("insights", payload)
      expect(typebox).toBe(false)
      expect(issues.map((issue) => issue.path)).toEqual(["request.settings.maxResponseLength"])
    }
  })

  it("an unknown property passes through by default, and is reported where it is in strict mode", () => {
    const payload = validPayload("insights")
    set(payload, "request.context.tenant", "acme")
    set(payload, "request.scope.conversations[0].messages[1].author", "Tom")
    expect(checks("insights", payload)).toEqual({ typebox: true, issues: NO_ISSUES })
    expect(payloadValidators.insights(payload, { strict: true })).toEqual([
      { path: "request.context.tenant", message: "is not allowed (unknown property)" },
      { path: "request.scope.conversations[0].messages[1].author", message: "is not allowed (unknown property)" }
    ])
  })

  it("every issue is reported, not just the first", () => {
    const payload = validPayload("adjust")
    remove(payload, "request.context.organizationId")
    remove(payload, "request.attributes.instruction")
    set(payload, "request.connections.threadId", "")
    set(payload, "request.scope.conversations[0].messages[2].content", false)
    set(payload, "session.sessionId", 12)
    const { typebox, issues } = checks("adjust", payload)
    expect(typebox).toBe(false)
    expect(issues).toEqual([
      { path: "session.sessionId", message: "must be a string" },
      { path: "request.context.organizationId", message: "is required" },
      { path: "request.attributes.instruction", message: "is required" },
      { path: "request.connections.threadId", message: "must be a non-empty string" },
      { path: "request.scope.conversations[0].messages[2].content", message: "must be a string" }
    ])
  })

  it("the root itself has the empty path", () => {
    for (const value of [null, "payload", [], 3]) {
      expect(checks("insights", value)).toEqual({ typebox: false, issues: [{ path: "", message: "must be an object" }] })
    }
    expect(checks("insights", {}).issues).toEqual([{ path: "request", message: "is required" }])
  })

  it("a key that is not an identifier is written in brackets", () => {
    const payload = validPayload("insights")
    set(payload, "request.context", { organizationId: "org", "case id": "c" })
    expect(payloadValidators.insights(payload, { strict: true })).toEqual([{ path: 'request.context["case id"]', message: "is not allowed (unknown property)" }])
  })
})

// Each rule relaxed to the official 3.2.3 schema, with the value the official client sends by
// default (runtime/core/main.js defaultPayload) or the value its schema allows and ours refused.
describe("relaxed to the official schema: its defaults and allowed values pass", () => {
  const relaxed: ReadonlyArray<readonly [string, unknown]> = [
    ["session.channel.metadata", []],
    ["session.channel.metadata", [{ key: "plan", value: "gold" }, "free text"]],
    ["request.settings.maxResponseLength", 0],
    ["request.settings.maxResponseLength", 1.5],
    ["request.cursor", { since: "", until: "" }],
    ["request.cursor", { since: "yesterday", until: "2024-01-15 11:00" }],
    ["request.resources.links", [{ expires_at: "", html: false, id: "", label: "", type: "", url: "" }]],
    ["request.resources.links", [{ expires_at: "next week", html: true }]],
    ["request.scope.conversations[0].messages[0].timestamp", ""],
    ["request.scope.conversations[0].messages[0].timestamp", "2024-01-15 10:30"],
    ["request.scope.interactions[0].timestamp", "yesterday"],
    ["request.scope.conversations[0].messages[1]", { participantId: "p-1" }],
    ["request.scope.conversations[0].participants[0].role", "bot"],
    ["request.scope.products", [{ id: "" }]],
    ["request.scope.accounts", ["acct-1", 7, { id: "a" }]],
    ["request.reference.labels", [{ label: "vip" }]],
    ["request.reference.tags", [1, "two"]],
    ["request.resources.offers", ["an offer as text"]],
    ["request.a2a", [{ id: "", name: "", type: "" }]]
  ]
  it.each(relaxed)("%s = %j", (path, value) => {
    const payload = validPayload("insights") as { request: Json }
    payload.request["cursor"] ??= {}
    payload.request["settings"] ??= {}
    set(payload, path, value)
    expect(checks("insights", payload)).toEqual({ typebox: true, issues: NO_ISSUES })
  })
})
