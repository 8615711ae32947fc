import { insightsExample } from "@org/optave-schema"

// The insights request both apps send: the Insights page's own example, from the packed schema
// package (a bundler keeps only this object of it: the package has no side effects).
export const conversation = insightsExample

/** What an app reports: the state of each superpower over each transport, and the paths of a refused payload. */
export const runApp = async (client) => {
  const statesOf = (result) => Object.fromEntries(Object.values(result.superpowers).map((outcome) => [outcome.superpower, outcome.state]))
  try {
    const overSocket = statesOf(await client.insights(conversation))
    const overRest = statesOf(await client.insights(conversation, { transport: "rest" }))
    const refused = await client.insights({ session: conversation.session }).then(
      () => "accepted",
      (error) => ({ tag: error._tag, paths: error.issues?.map((issue) => issue.path) })
    )
    return { platform: JSON.parse(JSON.stringify(client)).platform, overSocket, overRest, refused }
  } catch (error) {
    return { platform: JSON.parse(JSON.stringify(client)).platform, error: { tag: error._tag, code: error.code, retryable: error.retryable, message: error.message, cause: error.cause?.message } }
  } finally {
    await client.close()
  }
}
