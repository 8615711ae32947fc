import { vitestConfig } from "@org/vitest-config"

// The runtime matrix (matrix/): run only by `pnpm test:all` (turbo task test:runtimes), not by `pnpm test`.
export default vitestConfig({ include: ["matrix/**/*.test.ts", "bundlers/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 300_000 })
