import type { ActionModel, CatalogModel } from "./catalog-model.ts"
import type { SchemaNode, SchemaSet } from "./schema-node.ts"

// The per-action reference users read (docs, not code): REST path, required fields with their
// descriptions, expected superpowers and what the API pages document of their results, and a
// minimal valid payload. All of it comes from the schema package: nothing here is hand-written
// protocol knowledge.

/** Where the reference is written, from the repository root (one dedicated folder: strays are removed). */
export const ACTION_REFERENCE_DIR = "packages/core/docs/reference"

/** A superpower whose result shape the API pages document, with the `$id` of its schema. */
export interface DocumentedResult {
  readonly superpower: string
  readonly schemaName: string
}

interface RequiredField {
  readonly path: string
  readonly description: string | undefined
  readonly note: string | undefined
}

const resolve = (set: SchemaSet, node: SchemaNode): { readonly node: SchemaNode; readonly description: string | undefined } => {
  if (node.kind !== "ref") return { node, description: node.description }
  const named = set.named.get(node.name)
  if (named === undefined) throw new Error(`unknown schema ${node.name}`)
  const inner = resolve(set, named.node)
  return { node: inner.node, description: node.description ?? inner.description }
}

/** Every required field reachable through required properties (and array items), in schema order. */
const requiredFields = (set: SchemaSet, node: SchemaNode, prefix: string, out: Array<RequiredField>): void => {
  const { node: resolved } = resolve(set, node)
  if (resolved.kind === "array") return requiredFields(set, resolved.items, `${prefix}[]`, out)
  if (resolved.kind !== "object") return
  for (const property of resolved.properties) {
    if (!property.required) continue
    const path = prefix === "" ? property.key : `${prefix}.${property.key}`
    const { node: value, description } = resolve(set, property.node)
    const note = value.kind === "array" && value.minItems !== undefined && value.minItems > 0 ? `at least ${value.minItems}` : value.kind === "string" && value.minLength ? "non-empty" : undefined
    out.push({ path, description, note })
    requiredFields(set, property.node, path, out)
  }
}

const SAMPLE_TIMESTAMP = "2024-01-15T10:30:00.000Z"

/** The smallest value the schema accepts: required properties only, `minItems` items, sample strings. */
const minimalValue = (set: SchemaSet, node: SchemaNode, key: string): unknown => {
  const { node: resolved } = resolve(set, node)
  switch (resolved.kind) {
    case "object":
      return Object.fromEntries(resolved.properties.filter((property) => property.required).map((property) => [property.key, minimalValue(set, property.node, property.key)]))
    case "array":
      return Array.from({ length: resolved.minItems ?? 0 }, () => minimalValue(set, resolved.items, key))
    case "string": {
      if (resolved.pattern !== undefined) {
        if (new RegExp(resolved.pattern).test(SAMPLE_TIMESTAMP)) return SAMPLE_TIMESTAMP
        throw new Error(`no sample value for the pattern ${resolved.pattern} at ${key}`)
      }
      const sample = `${key}-1`
      return resolved.minLength !== undefined && sample.length < resolved.minLength ? sample.padEnd(resolved.minLength, "x") : sample
    }
    case "number":
      return resolved.minimum ?? (resolved.exclusiveMinimum === undefined ? 0 : resolved.exclusiveMinimum + 1)
    case "boolean":
      return false
    case "literal":
      return resolved.value
    case "union":
      return minimalValue(set, resolved.variants[0]!, key)
    case "record":
      return {}
    default:
      // Anything goes here (e.g. an offer): an empty object reads as "a record of your own".
      return {}
  }
}

/** The leaves of a documented result shape: `response[].content` (string): what it holds. */
const resultLeaves = (set: SchemaSet, node: SchemaNode, prefix: string, out: Array<string>): void => {
  const { node: resolved, description } = resolve(set, node)
  if (resolved.kind === "array") return resultLeaves(set, resolved.items, `${prefix}[]`, out)
  if (resolved.kind === "object") {
    for (const property of resolved.properties) resultLeaves(set, property.node, prefix === "" ? property.key : `${prefix}.${property.key}`, out)
    return
  }
  out.push(`\`${prefix}\` (${resolved.kind})${description === undefined ? "" : `: ${description}`}`)
}

const documentedLeaves = (set: SchemaSet, schemaName: string): string => {
  const leaves: Array<string> = []
  resultLeaves(set, set.named.get(schemaName)!.node, "", leaves)
  return leaves.join("; ")
}

const cell = (text: string | undefined): string => (text ?? "").replace(/\|/g, "\\|").replace(/\n/g, " ")

const actionSection = (set: SchemaSet, action: ActionModel, documented: ReadonlyMap<string, string>): ReadonlyArray<string> => {
  const payload = set.named.get(action.payloadName)!.node
  const fields: Array<RequiredField> = []
  requiredFields(set, payload, "", fields)
  const lines = [`## ${action.name}`, "", action.summary, ""]
  if (action.deprecatedFor !== undefined) lines.push(`**Deprecated**: use [${action.deprecatedFor}](#${action.deprecatedFor}). Sent lowercase on the wire.`, "")
  lines.push(
    `- REST: \`POST https://{tenant}.oco.optave.{tld}${action.restPath}\` (body: the payload)`,
    `- WebSocket: \`headers.action: "${action.wireName}"\` in the envelope`,
    `- Promise API: \`client.${action.name}(payload)\`, \`client.stream.${action.name}(payload)\`; Effect API: \`${action.name}(payload)\`, \`${action.name}Stream(payload)\``,
    "",
    "Required fields (every other field of the payload is optional):",
    "",
    "| field | what it holds |",
    "| --- | --- |",
    ...fields.map((field) => `| \`${field.path}\`${field.note === undefined ? "" : ` (${field.note})`} | ${cell(field.description)} |`),
    "",
    `Expected superpowers (${action.superpowersSource === "documented" ? "documented by the API pages" : "inferred: the pages name none; override with `expectedSuperpowers`"}); the request ends when each is \`completed\` or \`error\`:`,
    "",
    "| superpower | documented result |",
    "| --- | --- |",
    ...action.superpowers.map((superpower) => {
      const schemaName = documented.get(superpower)
      return `| \`${superpower}\` | ${
        schemaName === undefined
          ? "not documented: `content` is `unknown` (what the mock sends is its own invention)"
          : `\`${schemaName}\`: ${cell(documentedLeaves(set, schemaName))}`
      } |`
    }),
    "",
    "Minimal valid payload:",
    "",
    "```json",
    JSON.stringify(minimalValue(set, payload, "payload"), null, 2),
    "```",
    ""
  )
  return lines
}

/** `actions.md`: the reference of every action of the catalog, in catalog order. */
export const emitActionReference = (set: SchemaSet, catalog: CatalogModel, documentedResults: ReadonlyArray<DocumentedResult>): string => {
  const documented = new Map(documentedResults.map((entry) => [entry.superpower, entry.schemaName]))
  const lines = [
    "<!-- @generated by @org/optave-codegen from @org/optave-schema. DO NOT EDIT. Regenerate: pnpm codegen · Verify: pnpm codegen --check -->",
    "",
    "# Action reference",
    "",
    "One section per action of the catalog. Every superpower's `error` state is documented alike: the",
    "message in `results[].response[].content` (a string) and an optional `error_code`; the client",
    "reads it into `outcome.error.message` and `outcome.error.code`.",
    "",
    ...catalog.actions.map((action) => `- [${action.name}](#${action.name}): ${action.summary}`),
    "",
    ...catalog.actions.flatMap((action) => actionSection(set, action, documented))
  ]
  return lines.join("\n").replace(/\n+$/, "\n")
}
