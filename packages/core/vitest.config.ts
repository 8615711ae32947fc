import { coreSourceAliases, vitestConfig } from "@org/vitest-config"
import { mergeConfig } from "vitest/config"

// The tests run the sources: `#validators` is the fast form's source (see coreSourceAliases).
export default mergeConfig(vitestConfig(), { resolve: { alias: coreSourceAliases } })
