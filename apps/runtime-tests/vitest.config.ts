import { vitestConfig } from "@org/vitest-config"

// One file per runtime; each starts its own loopback mock server.
export default vitestConfig({
  include: ["*/*.test.ts"],
  testTimeout: 120_000,
  hookTimeout: 120_000
})
