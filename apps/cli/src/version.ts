import { readFileSync } from "node:fs"

/** The package's version, read from its package.json (one directory above both src/ and dist/). */
export const cliVersion = (): string => {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { readonly version?: string }
  return manifest.version ?? "0.0.0"
}
