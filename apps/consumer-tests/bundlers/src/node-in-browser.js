// A mistake bundlers must refuse: the Node client imported in browser code.
import { createClient } from "@org/optave-node"

globalThis.optaveClient = createClient
