// @org/optave-cli: the `optave` command line. The binary is dist/bin.js; `runCli` runs it in-process.
export { runCli } from "./cli.ts"
export { processIo, type CliIo, type OutputStream } from "./cli-io.ts"
export { ExitCode, exitCodeOf } from "./exit-codes.ts"
export { parseDotenv } from "./dotenv-file.ts"
