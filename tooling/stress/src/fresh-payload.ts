// The payload of the send benchmark: a new object per request, the way an application builds one
// for each call (fresh objects and arrays, literal strings shared), from the Insights page's
// example. The client and the raw `ws` side both call this one builder, so what it costs (time
// and bytes) is the same on both sides of the ratio.
import type { InsightsPayload } from "@org/optave-core"
import { insightsExample } from "@org/optave-schema"

const copyJson = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map((item: unknown) => copyJson(item))
  if (typeof value !== "object" || value === null) return value
  const copy: Record<string, unknown> = {}
  for (const key of Object.keys(value)) copy[key] = copyJson((value as Record<string, unknown>)[key])
  return copy
}

/** A new, valid insights payload whose `request.requestId` is `requestId`. */
export const freshInsightsPayload = (requestId: string): InsightsPayload => {
  const payload = copyJson(insightsExample) as { request: { requestId: string } }
  payload.request.requestId = requestId
  return payload as unknown as InsightsPayload
}
