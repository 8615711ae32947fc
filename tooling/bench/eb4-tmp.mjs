import { build } from "esbuild"
import { gzipSync } from "node:zlib"
import { readFileSync, readdirSync } from "node:fs"
const base = { entryPoints:["fixtures/edge-worker.ts"], bundle:true, write:false, outfile:"o.js", format:"esm", platform:"neutral", target:"es2022", conditions:["workerd","worker","browser"], mainFields:["browser","module","main"], minify:true, treeShaking:true, logLevel:"silent" }
const size = async (plugins=[]) => { const r = await build({...base, plugins}); return gzipSync(r.outputFiles[0].contents,{level:9}).length }
const full = await size()
console.log("full", full)
const dir = "/work/main/packages/core/dist/"
const files = [...readdirSync(dir).filter(f=>f.endsWith(".js")).map(f=>dir+f), ...readdirSync(dir+"generated").filter(f=>f.endsWith(".js")).map(f=>dir+"generated/"+f)]
const rows=[]
for (const file of files) {
  const src = readFileSync(file,"utf8")
  const names = [...src.matchAll(/export (?:const|function|class|let) (\w+)/g)].map(m=>m[1])
  const re = [...src.matchAll(/export \{([^}]*)\}/g)].flatMap(m=>m[1].split(",").map(x=>x.trim().split(/\s+as\s+/).pop()).filter(Boolean))
  const stub = [...new Set([...names, ...re])].map(n=>`export const ${n}=globalThis.__stub;`).join("\n")
  const s = await size([{ name:"s", setup(b){ b.onLoad({filter:/.*/}, (a)=> a.path===file ? {contents:stub, loader:"js"} : undefined) } }])
  rows.push([full-s, file.replace(dir,"")])
}
rows.sort((a,b)=>b[0]-a[0]); for (const r of rows) if (r[0]>0) console.log(r[0], r[1])
