import { build } from "esbuild"
import { writeFileSync } from "node:fs"
const r = await build({ entryPoints:["fixtures/edge-worker.ts"], bundle:true, write:false, outfile:"o.js", format:"esm", platform:"neutral", target:"es2022", conditions:["workerd","worker","browser"], mainFields:["browser","module","main"], minify:false, treeShaking:true, logLevel:"silent" })
writeFileSync("/tmp/edge-unmin.js", r.outputFiles[0].text)
