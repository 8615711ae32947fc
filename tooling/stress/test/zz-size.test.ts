import { it } from "vitest"
import { buildEdgeBundle } from "../src/edge-bundle.ts"
it("size", async () => { const b = await buildEdgeBundle(); console.log("SIZE", b.gzipBytes, b.bytes) })
