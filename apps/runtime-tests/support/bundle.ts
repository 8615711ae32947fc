import { build, type Metafile } from "esbuild"

export interface Bundle {
  readonly code: string
  /** Every module with code in the output, by path (tree-shaken modules are left out). */
  readonly inputs: ReadonlyArray<string>
  readonly bytes: number
}

/** Bundles one entry in memory, as a Workers or browser bundler would: ESM, with the runtime's export conditions. */
export const bundle = async (entry: string, conditions: ReadonlyArray<string>): Promise<Bundle> => {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    conditions: [...conditions],
    mainFields: ["module", "main"],
    target: "es2022",
    minify: false,
    metafile: true,
    logLevel: "silent"
  })
  const code = result.outputFiles[0]!.text
  const [output] = Object.values((result.metafile as Metafile).outputs)
  const inputs = Object.entries(output?.inputs ?? {}).filter(([, input]) => input.bytesInOutput > 0)
  return { code, inputs: inputs.map(([path]) => path), bytes: Buffer.byteLength(code) }
}
