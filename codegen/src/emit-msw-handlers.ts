import type { ActionModel, CatalogModel } from "./catalog-model.ts"
import { printSourceFile, propertyName, writeDoc } from "./print-source-file.ts"

// The second output folder, `packages/msw/src/generated/`: the routes `@org/optave-msw` builds
// its handlers from, so the handlers always answer exactly the schema's catalog.

/** Where `pnpm codegen` writes these files, relative to the repository root. */
export const MSW_GENERATED_DIR = "packages/msw/src/generated"

const deprecation = (action: ActionModel): ReadonlyArray<string> =>
  action.deprecatedFor === undefined ? [] : [`@deprecated Use ${action.deprecatedFor}.`]

const union = (values: ReadonlyArray<string>): string => (values.length === 0 ? "never" : values.map((value) => JSON.stringify(value)).join(" | "))

/**
 * `rest-routes.ts`: per action its wire name, REST path and expected superpowers as runtime data,
 * and the types the handlers and scenarios are keyed by (payloads, superpowers, result contents).
 */
export const emitMswRestRoutes = (catalog: CatalogModel): string =>
  printSourceFile("rest-routes", "rest-routes.ts", (writer) => {
    const payloadNames = [...new Set(catalog.actions.map((action) => action.payloadName))].sort()
    if (payloadNames.length > 0) writer.writeLine(`import type { ${payloadNames.join(", ")} } from "@org/optave-core/validate"`)
    writer.writeLine('import type { SuperpowerContent } from "@org/optave-mock"')
    writer.blankLine()
    writeDoc(writer, [
      "Every action the handlers answer, in catalog order: its wire name (`headers.action` on the",
      "socket), its REST route (`POST {restUrl}{restPath}`) and the superpowers one request streams."
    ])
    writer.write("export const restRoutes = ").inlineBlock(() => {
      catalog.actions.forEach((action, index) => {
        writeDoc(writer, [action.summary, ...deprecation(action)])
        writer.write(`${propertyName(action.name)}: `).inlineBlock(() => {
          writer.writeLine(`wireName: ${JSON.stringify(action.wireName)},`)
          writer.writeLine(`restPath: ${JSON.stringify(action.restPath)},`)
          writer.writeLine(`superpowers: [${action.superpowers.map((superpower) => JSON.stringify(superpower)).join(", ")}]`)
        })
        writer.write(index < catalog.actions.length - 1 ? "," : "").newLine()
      })
    })
    writer.write(" as const").newLine()
    writer.blankLine()
    writeDoc(writer, ["Name of an action the handlers answer (its wire name, lowercase)."])
    writer.writeLine("export type RouteAction = keyof typeof restRoutes")
    writer.blankLine()
    writeDoc(writer, ["Every action, in catalog order: one `http.post` handler each."])
    writer.writeLine(
      `export const routeActions: ReadonlyArray<RouteAction> = [${catalog.actions.map((action) => JSON.stringify(action.name)).join(", ")}]`
    )
    writer.blankLine()
    writeDoc(writer, ["The payload `{ session, request }` each route accepts (the REST body, the socket envelope's `payload`)."])
    writer.write("export interface RoutePayloads ").block(() => {
      for (const action of catalog.actions) {
        writeDoc(writer, [action.summary, ...deprecation(action)])
        writer.writeLine(`readonly ${propertyName(action.name)}: ${action.payloadName}`)
      }
    })
    writer.blankLine()
    writeDoc(writer, ["The superpowers (`actionType`) each route streams; a request ends when each is completed or in error."])
    writer.write("export interface RouteSuperpowers ").block(() => {
      for (const action of catalog.actions) writer.writeLine(`readonly ${propertyName(action.name)}: ${union(action.superpowers)}`)
    })
    writer.blankLine()
    writeDoc(writer, [
      "What each superpower of each route completes with (`message.results[0].response[0].content`):",
      "the shape a scenario's `results` gives and the generated answers follow."
    ])
    writer.write("export interface RouteResults ").block(() => {
      for (const action of catalog.actions) {
        if (action.superpowers.length === 0) {
          writer.writeLine(`readonly ${propertyName(action.name)}: {}`)
          continue
        }
        writer.write(`readonly ${propertyName(action.name)}: `).block(() => {
          for (const superpower of action.superpowers) {
            writer.writeLine(`readonly ${propertyName(superpower)}: SuperpowerContent<${JSON.stringify(superpower)}>`)
          }
        })
      }
    })
  })

/** `index.ts`: the barrel `@org/optave-msw`'s hand-written entry re-exports (R8). */
export const emitMswIndex = (): string =>
  printSourceFile("index", "index.ts", (writer) => {
    writer.writeLine('export * from "./rest-routes.ts"')
  })

/** What the manifest records besides the file list. */
export interface MswManifestInput {
  readonly generatorVersion: string
  readonly schemaHash: string
}

/** Every file of `packages/msw/src/generated/`, sorted by name, the manifest included (R5). */
export const emitMswFiles = (catalog: CatalogModel, manifestInput: MswManifestInput): Map<string, string> => {
  const files = new Map<string, string>([
    ["index.ts", emitMswIndex()],
    ["rest-routes.ts", emitMswRestRoutes(catalog)]
  ])
  const manifest = {
    generator: "@org/optave-codegen",
    generatorVersion: manifestInput.generatorVersion,
    schemaHash: manifestInput.schemaHash,
    files: [...files.keys(), "manifest.json"].sort()
  }
  files.set("manifest.json", JSON.stringify(manifest, null, 2) + "\n")
  return new Map([...files.entries()].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)))
}
