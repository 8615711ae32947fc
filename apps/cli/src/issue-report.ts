import type { ValidationIssue } from "@org/optave-core/validate"
import type { TerminalStyle } from "./terminal-style.ts"

/** One line per validation issue: the JSON path (red), then the message (dim). */
export const issueLines = (issues: ReadonlyArray<ValidationIssue>, style: TerminalStyle): Array<string> => {
  const paths = issues.map((issue) => (issue.path === "" ? "(root)" : issue.path))
  const width = Math.min(48, Math.max(0, ...paths.map((path) => path.length)))
  return issues.map((issue, index) => `  ${style.red((paths[index] ?? "").padEnd(width))}  ${style.dim(issue.message)}`)
}

export const problemCount = (count: number): string => `${count} problem${count === 1 ? "" : "s"}`
