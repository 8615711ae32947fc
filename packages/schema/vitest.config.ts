import { coreSourceAliases, vitestConfig } from "@org/vitest-config"
import { mergeConfig } from "vitest/config"

// Some tests check the corpus against core's generated validators, from source (see coreSourceAliases).
export default mergeConfig(vitestConfig(), { resolve: { alias: coreSourceAliases } })
