import { isRecord } from "./request-intake.ts"
import { stableJson } from "./stable-json.ts"

/**
 * The text a request's seeded content is drawn from: the payload in a stable key order, without
 * what a client fills in per call. The client sets `request.requestId` to the request's fresh
 * correlation id when the caller gives none, and adds an empty `session`: seeding on those would
 * give the same conversation different content on every call. So the same seed, action and
 * conversation give the same content whichever client (or none) sent it.
 */
export const contentSeedText = (payload: unknown): string => {
  if (!isRecord(payload)) return stableJson(payload)
  const { session, request, ...rest } = payload
  const withoutId = isRecord(request) ? Object.fromEntries(Object.entries(request).filter(([key]) => key !== "requestId")) : request
  const emptySession = isRecord(session) && Object.keys(session).length === 0
  return stableJson({ ...rest, ...(session === undefined || emptySession ? {} : { session }), request: withoutId })
}
