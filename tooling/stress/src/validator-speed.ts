// validate: the generated, eval-free validators of @org/optave-core/validate against TypeBox's
// `Value.Check` (typebox/value) on the same payloads: the valid seed payload of every action.
// Also, for context, the compact form pages and Workers get (the core's `#validators` under the
// `browser`/`workerd` conditions; Node gets the fast one), loaded here by its file.
import { payloadValidators, type Validator } from "@org/optave-core/validate"
import { createRequire } from "node:module"
import { pathToFileURL } from "node:url"
import { Compile } from "typebox/compile"
import { Value } from "typebox/value"
import { payloadSchemas } from "./payload-schemas.ts"
import { ALL_ACTIONS, seedPayloadJson } from "./seed-payloads.ts"
import { median } from "./statistics.ts"

export interface ValidatorSpeed {
  readonly generatedOpsPerSecond: ReadonlyArray<number>
  readonly typeboxOpsPerSecond: ReadonlyArray<number>
  readonly ratios: ReadonlyArray<number>
  /** For context only: TypeBox's JIT compiler (`new Function`, so unusable on Workers and under strict CSP). */
  readonly typeboxCompiledOpsPerSecond: number
  /** The compact validators (what a page or a Worker runs) on the same payloads. */
  readonly compactOpsPerSecond: number
}

const cases = ALL_ACTIONS.map((action, index) => ({ action, payload: seedPayloadJson(action, `bench-validate-${index}`), schema: payloadSchemas[action], validate: payloadValidators[action] }))

/** Runs `check` over every case for about `budgetMs` (whole passes only); returns checks per second. */
const timed = (budgetMs: number, check: (index: number) => boolean): number => {
  let valid = 0
  let passes = 0
  const started = performance.now()
  let elapsed = 0
  do {
    for (let repeat = 0; repeat < 16; repeat++) {
      for (let index = 0; index < cases.length; index++) if (check(index)) valid++
      passes++
    }
    elapsed = performance.now() - started
  } while (elapsed < budgetMs)
  if (valid !== passes * cases.length) throw new Error(`a seed payload failed validation (${valid} of ${passes * cases.length} valid)`)
  return ((passes * cases.length) / elapsed) * 1000
}

/** The core's two validator modules, by file (Node's `#validators` resolves to the first). */
const coreFile = (path: string): string => pathToFileURL(createRequire(import.meta.url).resolve("@org/optave-core/package.json").replace(/package\.json$/, path)).href
const fastModule = (await import(coreFile("dist/generated/validators.js"))) as Readonly<Record<string, Validator>>
const compactModule = (await import(coreFile("dist/generated/validators-compact.js"))) as Readonly<Record<string, Validator>>
const compactValidators = cases.map(({ validate }) => {
  const name = Object.keys(fastModule).find((key) => fastModule[key] === validate)
  const compact = name === undefined ? undefined : compactModule[name]
  if (compact === undefined) throw new Error("a payload validator has no compact counterpart")
  return compact
})

const generated = (index: number) => cases[index]!.validate(cases[index]!.payload).length === 0
const typebox = (index: number) => Value.Check(cases[index]!.schema, cases[index]!.payload)
const compiled = cases.map((entry) => Compile(entry.schema))
const typeboxCompiled = (index: number) => compiled[index]!.Check(cases[index]!.payload)
const compact = (index: number) => compactValidators[index]!(cases[index]!.payload).length === 0

export const measureValidatorSpeed = (options: { readonly budgetMs: number; readonly rounds: number; readonly log: (message: string) => void }): ValidatorSpeed => {
  // Warm-up: let both reach their optimized code.
  timed(options.budgetMs, generated)
  timed(options.budgetMs, typebox)
  const generatedOpsPerSecond: Array<number> = []
  const typeboxOpsPerSecond: Array<number> = []
  const ratios: Array<number> = []
  for (let round = 0; round < options.rounds; round++) {
    const generatedFirst = round % 2 === 0
    const a = timed(options.budgetMs, generatedFirst ? generated : typebox)
    const b = timed(options.budgetMs, generatedFirst ? typebox : generated)
    const ours = generatedFirst ? a : b
    const theirs = generatedFirst ? b : a
    generatedOpsPerSecond.push(ours)
    typeboxOpsPerSecond.push(theirs)
    ratios.push(ours / theirs)
    options.log(`validate round ${round + 1}: generated ${Math.round(ours)} ops/s, Value.Check ${Math.round(theirs)} ops/s, ratio ${(ours / theirs).toFixed(2)}`)
  }
  timed(options.budgetMs, typeboxCompiled)
  const typeboxCompiledOpsPerSecond = median(Array.from({ length: 3 }, () => timed(options.budgetMs, typeboxCompiled)))
  options.log(`validate (context): TypeBox Compile(...).Check ${Math.round(typeboxCompiledOpsPerSecond)} ops/s`)
  timed(options.budgetMs, compact)
  const compactOpsPerSecond = median(Array.from({ length: 3 }, () => timed(options.budgetMs, compact)))
  options.log(`validate (context): the compact form (browser/workerd) ${Math.round(compactOpsPerSecond)} ops/s`)
  return { generatedOpsPerSecond, typeboxOpsPerSecond, ratios, typeboxCompiledOpsPerSecond, compactOpsPerSecond }
}

export const summarizeValidator = (result: ValidatorSpeed) => ({
  opsPerSecond: median(result.generatedOpsPerSecond),
  typeboxOpsPerSecond: median(result.typeboxOpsPerSecond),
  ratio: median(result.ratios)
})
