import * as Effect from "effect/Effect"
import { TimeoutError, TransportError } from "../errors.ts"
import type { PlatformShape } from "../platform.ts"
import { isRetryableStatus, parseRetryAfter, waitFits } from "../request/retry-policy.ts"

/** An HTTP answer read at most to `maxBytes`: what the REST transport and the token source see. */
export interface BoundedResponse {
  /** The status; 0 for a redirect a browser hides (`opaqueredirect`). */
  readonly status: number
  readonly headers: { get(name: string): string | null }
  /** The body as text; `undefined` when it was larger than the limit (reading stopped there) or not read (a redirect). */
  readonly text: string | undefined
}

/** True for an answer that asks to go elsewhere: 3xx, or the browser's opaque form of it. */
export const isRedirect = (response: BoundedResponse): boolean => response.status === 0 || (response.status >= 300 && response.status < 400)

const BAD_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/

/**
 * One exchange, bounded: redirects are never followed (`redirect: "manual"`, Fetch standard:
 * the 3xx comes back as it is, or as an `opaqueredirect` in browsers, in Node/undici, workerd
 * and Deno alike), so a secret never travels to another origin or down to plain http; the body
 * is streamed and counted, and reading stops (the stream is cancelled) past `maxBytes`, so a
 * 50 MB body costs at most `maxBytes`. `signal` covers the headers and the body alike.
 * Header values are checked first: a platform's own error would quote the bad value (a token).
 */
export const fetchBounded = async (
  platform: PlatformShape,
  url: string,
  init: RequestInit & { readonly headers: Record<string, string> },
  maxBytes: number,
  signal: AbortSignal
): Promise<BoundedResponse> => {
  for (const [name, value] of Object.entries(init.headers)) {
    if (BAD_HEADER_VALUE.test(value)) throw new TypeError(`the ${name} header holds characters HTTP does not allow`)
  }
  const response = await platform.fetch(url, { ...init, redirect: "manual", signal })
  const status = response.type === "opaqueredirect" ? 0 : response.status
  if (status === 0 || (status >= 300 && status < 400)) {
    await response.body?.cancel().catch(() => {})
    return { status, headers: response.headers, text: undefined }
  }
  if (response.body === null) return { status, headers: response.headers, text: "" }
  const reader = response.body.getReader()
  const onAbort = () => void reader.cancel().catch(() => {})
  signal.addEventListener("abort", onAbort, { once: true })
  try {
    const decoder = new TextDecoder()
    let text = ""
    let bytes = 0
    while (true) {
      const chunk = await reader.read()
      if (chunk.done) return { status, headers: response.headers, text: text + decoder.decode() }
      bytes += chunk.value.byteLength
      if (bytes > maxBytes) {
        await reader.cancel().catch(() => {})
        return { status, headers: response.headers, text: undefined }
      }
      text += decoder.decode(chunk.value, { stream: true })
    }
  } finally {
    signal.removeEventListener("abort", onAbort)
  }
}

/** What a failed fetch may say without quoting anything it was given (a header value may be a token): its name and system code. */
export const describeFetchFailure = (cause: unknown): string => {
  if (!(cause instanceof Error)) return "network error"
  const code = (cause.cause as { code?: unknown } | undefined)?.code
  return typeof code === "string" && /^[A-Z_]{2,40}$/.test(code) ? `${cause.name} ${code}` : cause.name
}

/** One HTTP exchange of the client (a REST call, a token request): where, what, and its bounds. */
export interface Exchange {
  readonly url: string
  readonly init: RequestInit & { readonly headers: Record<string, string> }
  /** The largest body read; a larger one comes back as `text: undefined`. */
  readonly maxBytes: number
  /** The time one attempt (headers and body) may take. */
  readonly attemptMs: number
  /** How errors name the other end (`token endpoint`, a REST path), never with a secret in it. */
  readonly target: string
}

/**
 * One bounded exchange, the one way the client speaks HTTP (`fetchBounded`): aborted when
 * interrupted, an `ATTEMPT_TIMEOUT` past `attemptMs`, a failed fetch a retryable `NETWORK` error
 * (named by kind and system code only), a redirect refused (`REDIRECT_REFUSED`), never followed.
 * Any other status is the caller's to read (`statusFailure` for the usual reading).
 */
export const exchangeBounded = (platform: PlatformShape, exchange: Exchange): Effect.Effect<BoundedResponse, TransportError | TimeoutError> =>
  Effect.tryPromise({
    try: (signal) => fetchBounded(platform, exchange.url, exchange.init, exchange.maxBytes, signal),
    catch: (cause) => new TransportError({ code: "NETWORK", reason: `${exchange.target} could not be reached (${describeFetchFailure(cause)})`, retryable: true })
  }).pipe(
    Effect.timeoutOrElse({
      duration: exchange.attemptMs,
      orElse: () => Effect.fail(new TimeoutError({ code: "ATTEMPT_TIMEOUT", timeoutMs: exchange.attemptMs }))
    }),
    Effect.flatMap((response) =>
      isRedirect(response)
        ? Effect.fail(
            new TransportError({
              code: "REDIRECT_REFUSED",
              status: response.status,
              reason: `${exchange.target} answered ${response.status === 0 ? "a redirect" : response.status}; redirects are never followed`,
              retryable: false
            })
          )
        : Effect.succeed(response)
    )
  )

/**
 * A status outside 2xx as a failure: `HTTP_STATUS` with the server's wait (`Retry-After`),
 * retryable when the status is (408, 409, 429, 5xx) and the wait fits `maxDelayMs` and the time
 * left. `detail` follows the status in the reason (a server's own message, when it sent one).
 */
export const statusFailure = (
  response: BoundedResponse,
  options: { readonly target: string; readonly now: number; readonly maxDelayMs: number; readonly timeLeftMs: number; readonly detail?: string | undefined }
): TransportError => {
  const retryAfterMs = parseRetryAfter(response.headers, options.now)
  const fits = waitFits(retryAfterMs, options, options.timeLeftMs)
  return new TransportError({
    code: "HTTP_STATUS",
    status: response.status,
    reason: `${options.target} answered ${response.status}${options.detail ? `: ${options.detail}` : ""}${fits ? "" : `; the server asks to wait ${retryAfterMs} ms, more than maxDelayMs or the time left`}`,
    retryable: isRetryableStatus(response.status) && fits,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs })
  })
}
