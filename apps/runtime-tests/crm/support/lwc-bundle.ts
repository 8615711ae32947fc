// Bundles the example's Lightning Web Component for a page, as an org would serve it: each
// component's `.js` and `.html` compiled by `@lwc/compiler`, `lwc` from `@lwc/engine-dom`, and the
// platform modules it imports answered by stand-ins: `lightning/platformResourceLoader`,
// `lightning/uiRecordApi`, the base components `lightning-card` and `lightning-button`, the static
// resource's URL, the Apex method (a POST to this test's server) and the schema's field names.
import { transformSync } from "@lwc/compiler"
import { build, type Plugin } from "esbuild"
import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { basename, dirname } from "node:path"
import { fileURLToPath } from "node:url"

const exampleComponents = fileURLToPath(new URL("../../../examples/salesforce-lwc/force-app/main/default/lwc/", import.meta.url))
const standIns = fileURLToPath(new URL("../lwc-stand-ins/", import.meta.url))

const lightningWebComponents = (resourceUrl: string, apexUrl: string): Plugin => ({
  name: "lightning-web-components",
  setup(builder) {
    const virtual = (filter: RegExp, contents: (path: string) => string) => {
      builder.onResolve({ filter }, ({ path }) => ({ path, namespace: "lwc-platform" }))
      builder.onLoad({ filter, namespace: "lwc-platform" }, ({ path }) => ({ contents: contents(path), loader: "js" }))
    }
    builder.onResolve({ filter: /^lwc$/ }, () => ({ path: createRequire(import.meta.url).resolve("@lwc/engine-dom") }))
    builder.onResolve({ filter: /^c\/\w+$/ }, ({ path }) => ({ path: `${exampleComponents}${path.slice(2)}/${path.slice(2)}.js` }))
    builder.onResolve({ filter: /^lightning\/(card|button)$/ }, ({ path }) => ({ path: `${standIns}${path}/${basename(path)}.js` }))
    builder.onResolve({ filter: /^lightning\/platformResourceLoader$/ }, () => ({ path: `${standIns}platform-resource-loader.js` }))
    builder.onResolve({ filter: /^lightning\/uiRecordApi$/ }, () => ({ path: `${standIns}ui-record-api.js` }))
    virtual(/^@salesforce\/resourceUrl\//, () => `export default ${JSON.stringify(resourceUrl)}`)
    virtual(/^@salesforce\/schema\//, (path) => {
      const [objectApiName, fieldApiName] = path.slice("@salesforce/schema/".length).split(".")
      return `export default ${JSON.stringify({ objectApiName, fieldApiName })}`
    })
    // An `@AuraEnabled` method: a POST that the server answers with the method's return value.
    virtual(/^@salesforce\/apex\//, (path) => `export default () => fetch(${JSON.stringify(`${apexUrl}/${path.slice("@salesforce/apex/".length)}`)}, { method: "POST" }).then((response) => response.ok ? response.json() : Promise.reject(new Error("Apex: " + response.status)))`)
    // A component's optional stylesheets: none here.
    virtual(/\.css(\?scoped=true)?$/, () => "export default undefined")
    builder.onLoad({ filter: /\.(js|html)$/ }, ({ path }) => {
      const inComponents = path.startsWith(exampleComponents) || path.startsWith(standIns)
      if (!inComponents || path.endsWith("platform-resource-loader.js") || path.endsWith("ui-record-api.js")) return undefined
      const name = basename(dirname(path))
      const namespace = path.startsWith(exampleComponents) ? "c" : basename(dirname(dirname(path)))
      const { code } = transformSync(readFileSync(path, "utf8"), basename(path), { namespace, name })
      return { contents: code, loader: "js", resolveDir: dirname(path) }
    })
  }
})

/** The page script that renders the example's component (pages/lwc-app.js), bundled with its stand-ins. */
export const bundleLightningPage = async (resourceUrl: string, apexUrl: string): Promise<string> => {
  const result = await build({
    entryPoints: [fileURLToPath(new URL("../pages/lwc-app.js", import.meta.url))],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2022",
    define: { "process.env.NODE_ENV": '"production"' },
    plugins: [lightningWebComponents(resourceUrl, apexUrl)],
    logLevel: "silent"
  })
  return result.outputFiles[0]!.text
}
