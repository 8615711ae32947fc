#!/usr/bin/env node
// The `optave` binary: `optave --help` for the commands.
import { runCli } from "./cli.ts"

// A reader that went away (`optave insights p.json --json | head -1`) is no error of ours.
const quietOnClosedPipe = (error: NodeJS.ErrnoException): void => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0)
  throw error
}
process.stdout.on("error", quietOnClosedPipe)
process.stderr.on("error", quietOnClosedPipe)

const code = await runCli(process.argv.slice(2))
process.exitCode = code
// Everything is closed by now; should a stray handle linger, leave anyway (the timer itself does not hold the process).
setTimeout(() => process.exit(code), 2000).unref()
