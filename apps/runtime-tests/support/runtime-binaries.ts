import { existsSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { chromium, type Browser } from "playwright-core"

/** Deno's binary from the `deno` npm package (its per-platform package holds it); fails loudly when missing. */
export const denoBinary = (): string => {
  const fromDenoPackage = createRequire(createRequire(import.meta.url).resolve("deno/package.json"))
  const target = `@deno/${process.platform === "linux" ? `linux-${process.arch === "arm64" ? "arm64" : "x64"}-glibc` : `${process.platform}-${process.arch}`}`
  let binary: string
  try {
    binary = join(dirname(fromDenoPackage.resolve(`${target}/package.json`)), process.platform === "win32" ? "deno.exe" : "deno")
  } catch (error) {
    throw new Error(`Deno is not installed: ${target} (an optional dependency of the "deno" npm package) is missing; run pnpm install. ${String(error)}`)
  }
  if (!existsSync(binary)) throw new Error(`Deno is not installed: no binary at ${binary}`)
  return binary
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"

/** Chromium from Debian's package (scripts/ensure-chromium.sh installs it); fails loudly when missing. */
export const chromiumBinary = (): string => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: run apps/runtime-tests/scripts/ensure-chromium.sh (apt-get install chromium)`)
  }
  return CHROMIUM
}

/**
 * Debian's Chromium, headless, with the flags this machine's closed network needs: without the
 * background-networking ones it tries to reach outside hosts at every start and is refused.
 */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: chromiumBinary(),
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
  })
