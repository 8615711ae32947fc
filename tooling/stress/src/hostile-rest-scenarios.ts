// `pnpm hostile`, REST: huge and stalled bodies (item 8), close() with work in flight (9),
// Retry-After, 429 and per-call options (10).
import { check, client, expectError, failureOf, heapAfterGcMb, payload, quiet, sleep, using, within, type Scenario } from "./hostile-harness.ts"
import { startHttpServer } from "./hostile-servers.ts"

// 8 ---------------------------------------------------------------------------------------------
export const hugeErrorBody: Scenario = {
  name: "rest-5xx-with-huge-body",
  item: 8,
  run: (size) =>
    using(async (track) => {
      // Main read the whole 50 MB body on each of the 3 attempts.
      const bodyBytes = size === "quick" ? 24 * 2 ** 20 : 50 * 2 ** 20
      const written: Array<number> = []
      const chunk = Buffer.alloc(64 * 1024, "x")
      const rest = track(
        await startHttpServer((_request, response) => {
          const attempt = written.push(0) - 1
          response.writeHead(503, { "content-type": "application/json", "content-length": String(bodyBytes) })
          const pump = () => {
            while (written[attempt]! < bodyBytes && !response.destroyed) {
              written[attempt]! += chunk.length
              if (!response.write(chunk)) return void response.once("drain", pump)
            }
            response.end()
          }
          pump()
        })
      )
      const optave = track(client({ urls: { rest: rest.url, ws: rest.url.replace("http", "ws") }, token: "t", transport: "rest", retry: { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 20 }, timeouts: quiet }))
      const error = await within(20_000, failureOf(optave.elevate(payload("b-1"))), "the request")
      expectError(error, "TransportError", "HTTP_STATUS")
      check(error.status === 503 && written.length === 3, `status ${error.status}, ${written.length} attempts`)
      const mostMb = Math.max(...written) / 2 ** 20
      check(mostMb < 12, `the server wrote ${mostMb.toFixed(1)} MiB of one body before the client stopped reading`)
      return { detail: `3 attempts, at most ${mostMb.toFixed(1)} MiB of a ${bodyBytes / 2 ** 20} MiB body written each`, heapMb: heapAfterGcMb(), connections: 0 }
    })
}

export const stalledBody: Scenario = {
  name: "rest-body-stalls-after-headers",
  item: 8,
  run: () =>
    using(async (track) => {
      // Main: attemptMs covered the headers only; the request hung until its overall timeout.
      const rest = track(
        await startHttpServer((_request, response) => {
          response.writeHead(200, { "content-type": "application/json" })
          response.write("[")
        })
      )
      const optave = track(
        client({ urls: { rest: rest.url, ws: rest.url.replace("http", "ws") }, token: "t", transport: "rest", retry: { maxRetries: 0 }, timeouts: { ...quiet, attemptMs: 300, requestMs: 10_000 } })
      )
      const started = performance.now()
      const error = await within(5_000, failureOf(optave.elevate(payload("st-1"))), "the request")
      expectError(error, "TimeoutError", "ATTEMPT_TIMEOUT")
      const ms = performance.now() - started
      check(ms < 2_000, `cut after ${ms.toFixed(0)} ms`)
      return { detail: `stalled body cut by attemptMs after ${ms.toFixed(0)} ms`, heapMb: heapAfterGcMb(), connections: 0 }
    })
}

// 9 ---------------------------------------------------------------------------------------------
export const closeEndsRest: Scenario = {
  name: "close-ends-rest-work",
  item: 9,
  run: () =>
    using(async (track) => {
      // Main: the in-flight request resolved 20 s after close(), and a request after close() was sent.
      let calls = 0
      const rest = track(
        await startHttpServer((_request, response) => {
          // First call never answered; second answered 503 with a 5 s Retry-After.
          if (++calls === 2) {
            response.writeHead(503, { "retry-after": "5" })
            response.end()
          }
        })
      )
      const timersBefore = process.getActiveResourcesInfo().filter((name) => name === "Timeout").length
      const optave = client({ urls: { rest: rest.url, ws: rest.url.replace("http", "ws") }, token: "t", transport: "rest", retry: { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 10_000 }, timeouts: quiet })
      const inFlight = failureOf(optave.elevate(payload("cl-1")))
      await sleep(100)
      const waiting = failureOf(optave.elevate(payload("cl-2")))
      await sleep(200)
      check(calls === 2, `${calls} calls reached the server before close()`)
      const closedAt = performance.now()
      await optave.close()
      const [first, second] = await within(1_000, Promise.all([inFlight, waiting]), "the requests in flight after close()")
      const ms = performance.now() - closedAt
      expectError(first, "TransportError", "CLIENT_CLOSED", "in flight: ")
      expectError(second, "TransportError", "CLIENT_CLOSED", "waiting out Retry-After: ")
      const after = await failureOf(optave.elevate(payload("cl-3")))
      expectError(after, "TransportError", "CLIENT_CLOSED", "after close: ")
      await sleep(50)
      check(calls === 2, "a request made after close() reached the server")
      const timersAfter = process.getActiveResourcesInfo().filter((name) => name === "Timeout").length
      check(timersAfter <= timersBefore, `${timersAfter - timersBefore} timers outlived close()`)
      return { detail: `both REST requests ended CLIENT_CLOSED ${ms.toFixed(0)} ms after close(); nothing sent after; no timer left`, heapMb: heapAfterGcMb(), connections: 0 }
    })
}

// 10 --------------------------------------------------------------------------------------------
const restServer = (status: number, headers: Record<string, string>) =>
  startHttpServer((_request, response) => {
    response.writeHead(status, headers)
    response.end()
  })

export const longRetryAfter: Scenario = {
  name: "retry-after-longer-than-max-delay",
  item: 10,
  run: () =>
    using(async (track) => {
      // Main: Retry-After 3600 made the caller wait 60 s although maxDelayMs was 100.
      const rest = track(await restServer(429, { "retry-after": "3600" }))
      const optave = track(client({ urls: { rest: rest.url, ws: rest.url.replace("http", "ws") }, token: "t", transport: "rest", retry: { maxDelayMs: 100 }, timeouts: quiet }))
      const started = performance.now()
      const error = await within(3_000, failureOf(optave.elevate(payload("ra-1"))), "the request")
      expectError(error, "TransportError", "HTTP_STATUS")
      check(error.status === 429 && error.retryAfterMs === 3_600_000, `status ${error.status}, retryAfterMs ${error.retryAfterMs}`)
      check(rest.requests.length === 1, `${rest.requests.length} attempts`)
      return { detail: `429 reported after ${(performance.now() - started).toFixed(0)} ms with retryAfterMs 3600000`, heapMb: heapAfterGcMb(), connections: 0 }
    })
}

export const rateLimitedDefaults: Scenario = {
  name: "429-with-default-options",
  item: 10,
  run: () =>
    using(async (track) => {
      // Main: with defaults, a 429 ended as REQUEST_TIMEOUT after 120 s, the 429 lost.
      const rest = track(await restServer(429, { "retry-after": "120" }))
      const optave = track(client({ urls: { rest: rest.url, ws: rest.url.replace("http", "ws") }, token: "t", transport: "rest", timeouts: quiet }))
      const error = await within(3_000, failureOf(optave.elevate(payload("rl-1"))), "the request")
      expectError(error, "TransportError", "HTTP_STATUS")
      check(error.status === 429 && error.retryAfterMs === 120_000, `status ${error.status}, retryAfterMs ${error.retryAfterMs}`)
      return { detail: "429 reported at once with the server's 120 s wait", heapMb: heapAfterGcMb(), connections: 0 }
    })
}

export const uncheckedOptions: Scenario = {
  name: "per-call-options-out-of-range",
  item: 10,
  run: () =>
    using(async (track) => {
      // Main: timeoutMs NaN never settled; maxRetries Infinity sent 3,779 POSTs in 3 s.
      const rest = track(await restServer(503, {}))
      const optave = track(client({ urls: { rest: rest.url, ws: rest.url.replace("http", "ws") }, token: "t", transport: "rest", timeouts: quiet }))
      const nan = await within(1_000, failureOf(optave.elevate(payload("o-1"), { timeoutMs: Number.NaN })), "timeoutMs NaN")
      expectError(nan, "ValidationError", "INVALID_PAYLOAD", "timeoutMs NaN: ")
      const infinite = await within(1_000, failureOf(optave.elevate(payload("o-2"), { retry: { maxRetries: Number.POSITIVE_INFINITY, baseDelayMs: 1 } })), "maxRetries Infinity")
      expectError(infinite, "ValidationError", "INVALID_PAYLOAD", "maxRetries Infinity: ")
      check(rest.requests.length === 0, `${rest.requests.length} POSTs were sent`)
      return { detail: "NaN timeout and infinite retries refused with ValidationError, 0 POSTs", heapMb: heapAfterGcMb(), connections: 0 }
    })
}
