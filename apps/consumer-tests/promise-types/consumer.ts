// Type-checked by a Promise-only consumer's tsc against the installed tarballs, with no `effect`
// installed: the Promise API's types hold without it (a type that fell back to `any` where an
// Effect type was missing would make the `@ts-expect-error` lines below unused, and fail).
import { createClient, isOptaveError, type ActionResult, type ClientStats, type OptaveError } from "@org/optave-node"
import { insightsExample } from "@org/optave-schema"

export const promiseOnly = async (): Promise<string> => {
  const client = createClient({ tenant: "acme", tld: "tech", token: "t" })
  try {
    const result: ActionResult<"insights"> = await client.insights(insightsExample)
    const stats: ClientStats = client.stats()
    // @ts-expect-error a payload without `request` is not an InsightsPayload
    await client.insights({ session: insightsExample.session })
    return `${result.superpowers.sentiment_analysis.state} ${stats.reconnects}`
  } catch (error) {
    if (!isOptaveError(error)) throw error
    const tag: OptaveError["_tag"] = error._tag
    // @ts-expect-error no error has this tag
    if (error._tag === "NotAnOptaveError") return tag
    if (error._tag === "ValidationError") return error.issues.map((issue) => issue.path).join()
    // @ts-expect-error `issues` is a ValidationError's only
    return `${error.code} ${error.category} ${error.issues}`
  } finally {
    await client.close()
  }
}
