// ARCHITECTURE.md names repository paths (`packages/schema/src/actions.ts`, `tooling/stress`) and
// source files by name (`socket-request.ts`): each must exist, so the map cannot drift from the
// tree. A path is checked where it says; a bare file name anywhere in the sources (files move
// between folders without the map saying which).
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { basename, join, relative } from "node:path"
import { describe, expect, it } from "vitest"
import { workspaceRoot } from "./support/consumer-projects.ts"

const text = readFileSync(join(workspaceRoot, "ARCHITECTURE.md"), "utf8")

const ROOTS = ["packages", "apps", "tooling", "codegen", "benchmarks"]
/** Paths under the repository's top folders, in prose or in the diagram; placeholders (`<runtime>`) skipped. */
const pathPattern = new RegExp(`(?<![\\w/.-])(?:${ROOTS.join("|")})(?:/[\\w.@-]+)*/?`, "gu")
const namedPaths = [...new Set([...text.matchAll(pathPattern)].map((match) => match[0].replace(/[.]$/u, "")))].filter((path) => !/[<{]/u.test(path))
/** File names in backquotes without a folder: `client-engine.ts`, `chaos-proxy.ts`. */
const namedFiles = [...new Set([...text.matchAll(/`([\w.-]+\.(?:ts|mjs|json))`/gu)].map((match) => match[1]!))].filter((name) => name !== "package.json")

const sourceFiles = (() => {
  const names = new Set<string>()
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === "dist" || entry.name.startsWith(".")) continue
      const path = join(folder, entry.name)
      if (entry.isDirectory()) walk(path)
      else names.add(basename(path))
    }
  }
  for (const root of ROOTS) if (existsSync(join(workspaceRoot, root))) walk(join(workspaceRoot, root))
  return names
})()

describe("ARCHITECTURE.md names only what exists", () => {
  it("names paths and files at all (the reading works)", () => {
    expect(namedPaths).toContain("packages/schema")
    expect(namedPaths.length).toBeGreaterThan(10)
    expect(namedFiles).toContain("client-engine.ts")
  })

  it.each(namedPaths)("%s exists", (path) => {
    expect(existsSync(join(workspaceRoot, path))).toBe(true)
  })

  it.each(namedFiles)("a file named %s exists in the sources", (name) => {
    expect(sourceFiles.has(name)).toBe(true)
  })
})

describe("comments say why in words a reader of this repository can check", () => {
  const outside = /\b[Ii]ssues? \d+[a-z]?\b|DESIGN\.md|HOUSE-RULES|PROTOCOL\.md|\(R\d{1,2}\b|\bR\d{1,2}:/u
  const offenders: Array<string> = []
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === "dist" || entry.name.startsWith(".")) continue
      const path = join(folder, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (/\.(?:ts|mts|mjs|js)$/u.test(entry.name)) {
        readFileSync(path, "utf8")
          .split("\n")
          .forEach((line, index) => {
            if (/^\s*(?:\/\/|\*|\/\*)/u.test(line) && outside.test(line)) offenders.push(`${relative(workspaceRoot, path)}:${index + 1}: ${line.trim()}`)
          })
      }
    }
  }
  for (const root of ["packages", "apps", "codegen", "tooling"]) walk(join(workspaceRoot, root))

  it("no comment points at an issue number, an outside design document or a house-rule id", () => {
    expect(offenders).toEqual([])
  })
})
