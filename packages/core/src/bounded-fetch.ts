import type { PlatformShape } from "./platform.ts"

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
