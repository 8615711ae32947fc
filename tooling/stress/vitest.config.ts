import { vitestConfig } from "@org/vitest-config"
export default vitestConfig({ testTimeout: 120_000 })
