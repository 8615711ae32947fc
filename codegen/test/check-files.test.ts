// The drift gate (`pnpm codegen --check`): `checkFiles` and `--check` name every drifted, missing and stray file, and
// a schema change is reported as drift until the output is regenerated.
import * as schema from "@org/optave-schema"
import Type from "typebox"
import { execFileSync } from "node:child_process"
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterEach, describe, expect, it } from "vitest"
import { checkFiles, CORE_OPTIONS, formatCheck, generate, writeFiles } from "../src/index.ts"

const generatedDir = fileURLToPath(new URL("../../packages/core/src/generated/", import.meta.url))
const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url))
const current = generate(schema, schema.actionCatalog, CORE_OPTIONS)

const temporaryDirs: Array<string> = []
const copyOfGenerated = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "codegen-check-"))
  temporaryDirs.push(dir)
  cpSync(generatedDir, dir, { recursive: true })
  return dir
}
afterEach(() => {
  for (const dir of temporaryDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const runCli = (args: ReadonlyArray<string>): { readonly status: number; readonly output: string } => {
  try {
    const stdout = execFileSync(process.execPath, [cli, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })
    return { status: 0, output: stdout }
  } catch (error) {
    const failure = error as { status: number; stdout: string; stderr: string }
    return { status: failure.status, output: failure.stdout + failure.stderr }
  }
}

describe("checkFiles", () => {
  it("finds the committed output up to date", () => {
    expect(checkFiles(generatedDir, current)).toEqual({ drifted: [], missing: [], stray: [], upToDate: true })
  })

  it("names an edited file, a deleted one and a stray one", () => {
    const dir = copyOfGenerated()
    writeFileSync(join(dir, "types.ts"), readFileSync(join(dir, "types.ts"), "utf8").replace("readonly organizationId: string", "readonly organizationId?: string"))
    unlinkSync(join(dir, "catalog.ts"))
    writeFileSync(join(dir, "notes.md"), "hand-written")
    const result = checkFiles(dir, current)
    expect(result).toEqual({ drifted: ["types.ts"], missing: ["catalog.ts"], stray: ["notes.md"], upToDate: false })
    expect(formatCheck(result, current.size, "generated")).toEqual([
      "codegen --check: drifted: generated/types.ts",
      "codegen --check: missing: generated/catalog.ts",
      "codegen --check: stray: generated/notes.md",
      "codegen --check: run `pnpm codegen` and commit the result (fix the schema or the emitter, never the output)"
    ])
  })

  it("looks into subfolders: a stray there is named, and writeFiles removes it and the emptied folder", () => {
    const dir = copyOfGenerated()
    mkdirSync(join(dir, "surface/old"), { recursive: true })
    writeFileSync(join(dir, "surface/old/actions.ts"), "export {}\n")
    unlinkSync(join(dir, "surface/actions.ts"))
    expect(checkFiles(dir, current)).toEqual({ drifted: [], missing: ["surface/actions.ts"], stray: ["surface/old/actions.ts"], upToDate: false })
    writeFiles(dir, current)
    expect(existsSync(join(dir, "surface/old"))).toBe(false)
    expect(checkFiles(dir, current).upToDate).toBe(true)
  })

  it("counts a whitespace-only edit as drift (byte for byte)", () => {
    const dir = copyOfGenerated()
    writeFileSync(join(dir, "index.ts"), readFileSync(join(dir, "index.ts"), "utf8") + "\n")
    expect(checkFiles(dir, current).drifted).toEqual(["index.ts"])
  })

  it("writeFiles repairs all three and removes the stray", () => {
    const dir = copyOfGenerated()
    writeFileSync(join(dir, "validators.ts"), "// hand patch\n")
    unlinkSync(join(dir, "manifest.json"))
    writeFileSync(join(dir, "stray.ts"), "export {}\n")
    writeFiles(dir, current)
    expect(existsSync(join(dir, "stray.ts"))).toBe(false)
    expect(checkFiles(dir, current).upToDate).toBe(true)
  })
})

describe("a schema changed in memory", () => {
  // InsightsPayload with one more required field, as if someone edited actions/insights.ts.
  const request = schema.InsightsPayload.properties.request as typeof schema.InsightsPayload.properties.request & { readonly description: string }
  const payloadDescription = (schema.InsightsPayload as { readonly description?: string }).description ?? ""
  const changedInsights = Type.Object(
    {
      ...schema.InsightsPayload.properties,
      request: Type.Object(
        { ...request.properties, priority: Type.String({ minLength: 1, description: "How urgent it is." }) },
        { additionalProperties: false, description: request.description }
      )
    },
    { $id: "InsightsPayload", additionalProperties: false, description: payloadDescription }
  )
  const changedCatalog = { ...schema.actionCatalog, insights: { ...schema.actionCatalog.insights, payload: changedInsights } }
  const changed = generate({ ...schema, InsightsPayload: changedInsights }, changedCatalog, CORE_OPTIONS)

  it("drifts from the committed output where the payload shows: types, both validator forms, manifest", () => {
    expect(checkFiles(generatedDir, changed)).toEqual({
      drifted: ["manifest.json", "types.ts", "validators-compact.ts", "validators.ts"],
      missing: [],
      stray: [],
      upToDate: false
    })
    expect(changed.get("types.ts")).toContain("readonly priority: string")
    expect(changed.get("validators.ts")).toContain('"priority" in')
    expect(changed.get("validators-compact.ts")).toContain('"priority", 1,')
  })

  it("changes the manifest's schema hash and nothing else in it", () => {
    const before = JSON.parse(current.get("manifest.json") ?? "") as Record<string, unknown>
    const after = JSON.parse(changed.get("manifest.json") ?? "") as Record<string, unknown>
    expect(after["schemaHash"]).not.toBe(before["schemaHash"])
    expect({ ...after, schemaHash: "" }).toEqual({ ...before, schemaHash: "" })
  })

  it("is up to date once regenerated, and the old output then drifts", () => {
    const dir = copyOfGenerated()
    expect(checkFiles(dir, changed).upToDate).toBe(false)
    writeFiles(dir, changed)
    expect(checkFiles(dir, changed).upToDate).toBe(true)
    expect(checkFiles(dir, current).drifted).toEqual(["manifest.json", "types.ts", "validators-compact.ts", "validators.ts"])
  })
})

// Each run loads TypeScript (through ts-morph): seconds each on a busy machine.
describe("the CLI (built dist/cli.js)", { timeout: 120_000 }, () => {
  it("--check exits 1 listing each drifted, missing and stray file", () => {
    const dir = copyOfGenerated()
    writeFileSync(join(dir, "types.ts"), "// edited\n")
    unlinkSync(join(dir, "surface/actions.ts"))
    writeFileSync(join(dir, "old.ts"), "export {}\n")
    const { status, output } = runCli(["--check", "--out-dir", dir])
    expect(status).toBe(1)
    expect(output).toContain(`codegen --check: drifted: ${dir}/types.ts`)
    expect(output).toContain(`codegen --check: missing: ${dir}/surface/actions.ts`)
    expect(output).toContain(`codegen --check: stray: ${dir}/old.ts`)
  })

  it("writes, then --check exits 0 with the file count", () => {
    const dir = copyOfGenerated()
    rmSync(dir, { recursive: true })
    expect(runCli(["--out-dir", dir]).status).toBe(0)
    const { status, output } = runCli(["--check", "--out-dir", dir])
    expect(status).toBe(0)
    expect(output.trim()).toBe(`codegen --check: ${current.size} files up to date`)
  })

  it("refuses unknown arguments", () => {
    expect(runCli(["--chek"]).status).toBe(2)
  })
})
