// Runs the BUILT binary (dist/bin.js) as a subprocess; build first (`npx tsc -b`, or turbo's test task).
import { spawn, type ChildProcess } from "node:child_process"
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll } from "vitest"

export const binary = fileURLToPath(new URL("../../dist/bin.js", import.meta.url))

export interface OptaveRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

export interface OptaveRunOptions {
  /** Extra environment; the run never inherits OPTAVE_* variables or a colour setting from the test's own. */
  readonly env?: Readonly<Record<string, string>>
  readonly input?: string
  readonly cwd?: string
  readonly timeoutMs?: number
}

const baseEnv = (): Record<string, string> => {
  const env: Record<string, string> = {}
  for (const name of ["PATH", "HOME", "LANG", "SYSTEMROOT"]) {
    const value = process.env[name]
    if (value !== undefined) env[name] = value
  }
  return env
}

const scratchDirectories: Array<string> = []
// Vitest ends its workers without a process "exit" event: clean up after each test file instead.
afterAll(() => {
  for (const directory of scratchDirectories.splice(0)) rmSync(directory, { recursive: true, force: true })
})

/** A fresh empty directory (no stray .env), with these files, to run in; removed when the test process exits. */
export const scratchDirectory = (files: Readonly<Record<string, string>> = {}): string => {
  const directory = mkdtempSync(join(tmpdir(), "optave-cli-test-"))
  scratchDirectories.push(directory)
  for (const [name, content] of Object.entries(files)) writeFileSync(join(directory, name), content)
  return directory
}

/**
 * Collects a child's output until it closes; kills it and rejects, with what it printed, if it
 * outlives `timeoutMs`.
 */
const collect = (child: ChildProcess, label: string, timeoutMs: number): Promise<OptaveRun> =>
  new Promise((resolve, reject) => {
    let stdout = ""
    let stderr = ""
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`${label} did not exit within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`))
    }, timeoutMs)
    child.once("error", reject)
    child.once("close", (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })

export const runOptave = (args: ReadonlyArray<string>, options: OptaveRunOptions = {}): Promise<OptaveRun> => {
  const child = spawn(process.execPath, [binary, ...args], {
    cwd: options.cwd ?? scratchDirectory(),
    env: { ...baseEnv(), ...options.env },
    stdio: ["pipe", "pipe", "pipe"]
  })
  child.stdin.end(options.input ?? "")
  return collect(child, `optave ${args.join(" ")}`, options.timeoutMs ?? 30_000)
}

const shellQuote = (word: string): string => `'${word.replace(/'/gu, `'\\''`)}'`

/**
 * Runs the binary with a pseudo-terminal as stdout/stderr: util-linux `script` where present,
 * else python3's `pty` module. Returns everything the terminal received (escapes included).
 */
export const runOptaveInTerminal = (args: ReadonlyArray<string>, options: OptaveRunOptions = {}): Promise<OptaveRun> => {
  const command = [process.execPath, binary, ...args].map(shellQuote).join(" ")
  const [program, programArgs] = existsSync("/usr/bin/script")
    ? ["script", ["-qec", command, "/dev/null"]]
    : ["python3", ["-c", "import pty, sys; sys.exit(pty.spawn(['sh', '-c', sys.argv[1]]) >> 8)", command]]
  const child = spawn(program as string, programArgs as Array<string>, {
    cwd: options.cwd ?? scratchDirectory(),
    env: { ...baseEnv(), TERM: "xterm-256color", ...options.env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  return collect(child, `optave ${args.join(" ")} (in a terminal)`, options.timeoutMs ?? 30_000)
}

/** Parses NDJSON output: one JSON value per non-empty line (throws on any other line). */
export const ndjsonLines = (text: string): Array<Record<string, unknown>> =>
  text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>)
