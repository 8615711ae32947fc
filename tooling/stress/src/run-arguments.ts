// Command-line flags shared by the chaos, fuzz and bench entry points: `--quick`, `--seed N`,
// and `--name value` numbers.

export interface RunArguments {
  readonly quick: boolean
  readonly seed: number | undefined
  /** A numeric `--name value` (or `--name=value`) flag, or `fallback`. */
  readonly number: (name: string, fallback: number) => number
  /** A string `--name value` flag, or undefined. */
  readonly string: (name: string) => string | undefined
  readonly has: (name: string) => boolean
}

export const parseRunArguments = (argv: ReadonlyArray<string> = process.argv.slice(2)): RunArguments => {
  const values = new Map<string, string>()
  const flags = new Set<string>()
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!
    if (!argument.startsWith("--")) continue
    const [name, inline] = argument.slice(2).split("=", 2) as [string, string | undefined]
    flags.add(name)
    if (inline !== undefined) values.set(name, inline)
    else if (argv[index + 1] !== undefined && !argv[index + 1]!.startsWith("--")) values.set(name, argv[++index]!)
  }
  const number = (name: string, fallback: number): number => {
    const text = values.get(name)
    if (text === undefined) return fallback
    const value = Number(text)
    if (!Number.isFinite(value)) throw new Error(`--${name} must be a number, got ${text}`)
    return value
  }
  return {
    quick: flags.has("quick"),
    seed: values.has("seed") ? number("seed", 0) : undefined,
    number,
    string: (name) => values.get(name),
    has: (name) => flags.has(name)
  }
}
