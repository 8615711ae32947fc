import { buildEdgeBundle } from "./dist/edge-bundle.js"
const b = await buildEdgeBundle()
console.log(b.bytes, b.gzipBytes)
const out = Object.values(b.metafile.outputs)[0]
const rows = Object.entries(out.inputs).map(([k,v])=>[v.bytesInOutput,k.replace(/.*node_modules\//,'')]).sort((a,b)=>b[0]-a[0])
for (const r of rows.slice(0, +process.argv[2] || 30)) console.log(r[0], r[1])
