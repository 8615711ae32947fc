// `pnpm hostile`, credentials: redirects to another origin (item 2), token sources that never
// answer (3), a token with CR/LF (5), a token that lives 30 s (10).
import { inspect } from "node:util"
import { check, client, contentOf, describeError, expectError, failureOf, heapAfterGcMb, payload, quiet, restClientWithCredentials, using, within, type Scenario } from "./hostile-harness.ts"
import { answerElevate, completedEvent, sendToken, startHttpServer, startWsServer } from "./hostile-servers.ts"

// 2 ---------------------------------------------------------------------------------------------
export const tokenRedirect: Scenario = {
  name: "token-endpoint-redirects-elsewhere",
  item: 2,
  run: () =>
    using(async (track) => {
      // Main followed the 307 and re-sent client_secret over plain http to the other origin.
      const elsewhere = track(await startHttpServer((_request, response) => sendToken(response, "forged-token")))
      const auth = track(
        await startHttpServer((_request, response) => {
          response.writeHead(307, { location: `${elsewhere.url}/token` })
          response.end()
        })
      )
      const rest = track(await startHttpServer((_request, response) => response.end(JSON.stringify(completedEvent("improve_answer", "forged")))))
      const optave = track(
        restClientWithCredentials(auth, rest, { clientSecret: "the-client-secret" })
      )
      const error = await within(5_000, failureOf(optave.elevate(payload("r-1"))), "the request")
      expectError(error, "AuthError", "TOKEN_ENDPOINT_FAILED")
      check(error.status === 307 && /307/.test(error.message), `the error does not name the 307: ${describeError(error)}`)
      check(elsewhere.requests.length === 0, `${elsewhere.requests.length} requests reached the redirect target`)
      check(rest.requests.length === 0, "a REST call went out without a token")
      return { detail: `AuthError TOKEN_ENDPOINT_FAILED 307, 0 requests reached the other origin`, heapMb: heapAfterGcMb(), connections: 0 }
    })
}

export const restRedirect: Scenario = {
  name: "rest-redirects-elsewhere",
  item: 2,
  run: () =>
    using(async (track) => {
      const elsewhere = track(await startHttpServer((_request, response) => response.end(JSON.stringify(completedEvent("improve_answer", "forged")))))
      const rest = track(
        await startHttpServer((_request, response) => {
          response.writeHead(308, { location: `${elsewhere.url}/message/elevate` })
          response.end()
        })
      )
      const optave = track(client({ urls: { rest: rest.url, ws: rest.url.replace("http", "ws") }, token: "the-rest-token", transport: "rest", timeouts: quiet }))
      const error = await within(5_000, failureOf(optave.elevate(payload("r-2"))), "the request")
      expectError(error, "TransportError", "REDIRECT_REFUSED")
      check(error.status === 308, `the error does not carry the 308: ${describeError(error)}`)
      check(elsewhere.requests.length === 0, `${elsewhere.requests.length} requests (with the bearer token) reached the redirect target`)
      check(rest.requests.length === 1, `the redirect was retried ${rest.requests.length - 1} times`)
      return { detail: "TransportError REDIRECT_REFUSED 308, 0 requests reached the other origin", heapMb: heapAfterGcMb(), connections: 0 }
    })
}

// 3 ---------------------------------------------------------------------------------------------
export const stuckProvider: Scenario = {
  name: "token-provider-never-answers",
  item: 3,
  run: () =>
    using(async (track) => {
      // Main: every later request timed out and the provider was never asked again.
      const server = track(await startWsServer({ onEnvelope: (socket, envelope) => answerElevate(socket, envelope) }))
      let calls = 0
      const optave = track(
        client({
          urls: { ws: server.url },
          tokenProvider: () => (++calls === 1 ? new Promise<string>(() => {}) : Promise.resolve(`token-${calls}`)),
          timeouts: { ...quiet, tokenMs: 200, requestMs: 5_000 }
        })
      )
      const first = await within(4_000, optave.elevate(payload("s-1")).then(contentOf, (error) => describeError(error)), "the first request")
      const second = await within(4_000, optave.elevate(payload("s-2")), "the second request")
      check(contentOf(second) === "ok:s-2", "the second request failed")
      check(calls >= 2, `the provider was asked ${calls} times`)
      check(optave.stats().tokenFailures >= 1, "the abandoned acquisition was not counted")
      return { detail: `stuck provider abandoned after 200 ms (first request: ${first}); provider calls ${calls}`, heapMb: heapAfterGcMb(), connections: server.connections() }
    })
}

export const stuckEndpoint: Scenario = {
  name: "token-endpoint-never-answers",
  item: 3,
  run: () =>
    using(async (track) => {
      let tokenRequests = 0
      const auth = track(
        await startHttpServer((_request, response) => {
          // The first token request gets its headers and half a body, then nothing.
          if (++tokenRequests === 1) {
            response.writeHead(200, { "content-type": "application/json" })
            response.write('{"access_token":')
          } else sendToken(response, `token-${tokenRequests}`)
        })
      )
      const rest = track(await startHttpServer((_request, response) => response.end(JSON.stringify(completedEvent("improve_answer", "fine")))))
      const optave = track(
        restClientWithCredentials(auth, rest, { timeouts: { ...quiet, tokenMs: 300, requestMs: 5_000 } })
      )
      // The stalled fetch is abandoned at tokenMs and, the request having budget left, asked again.
      const first = await within(4_000, optave.elevate(payload("e-1")).then(contentOf, (error) => describeError(error)), "the first request")
      check(first === "fine", `first request: ${first}`)
      const second = await within(4_000, optave.elevate(payload("e-2")), "the second request")
      check(contentOf(second) === "fine", "the second request failed")
      check(tokenRequests === 2, `${tokenRequests} token requests`)
      return { detail: "stalled token body abandoned at tokenMs, asked again within the request's budget; both requests succeeded", heapMb: heapAfterGcMb(), connections: 0 }
    })
}

// 5 ---------------------------------------------------------------------------------------------
export const tokenWithCrlf: Scenario = {
  name: "token-with-cr-lf",
  item: 5,
  run: () =>
    using(async (track) => {
      // Main: the platform's header error quoted the token into message, stack, JSON and inspect.
      const secret = "hostile-SECRET-4711"
      const rest = track(await startHttpServer((_request, response) => response.end(JSON.stringify(completedEvent("improve_answer", "x")))))
      const ws = track(await startWsServer({ onEnvelope: (socket, envelope) => answerElevate(socket, envelope) }))
      const optave = track(
        client({ urls: { rest: rest.url, ws: ws.url }, tokenProvider: () => `${secret}\r\nx-injected: 1`, reconnect: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 10 }, timeouts: { ...quiet, requestMs: 5_000 } })
      )
      const overRest = await within(4_000, failureOf(optave.elevate(payload("c-1"), { transport: "rest" })), "the REST request")
      const overSocket = await within(4_000, failureOf(optave.elevate(payload("c-2"))), "the socket request")
      for (const [where, error] of [["REST", overRest], ["socket", overSocket]] as const) {
        expectError(error, "AuthError", "TOKEN_INVALID", `${where}: `)
        for (const [form, text] of [
          ["message", String(error.message)],
          ["stack", String(error.stack)],
          ["JSON", JSON.stringify(error)],
          ["inspect", inspect(error, { depth: 10, showHidden: true })]
        ] as const) {
          check(!text.includes(secret), `${where}: the token appears in the error's ${form}`)
        }
      }
      check(rest.requests.length === 0 && ws.connections() === 0, "a request went out with the bad token")
      return { detail: "AuthError TOKEN_INVALID over REST and socket; the token is in no message, stack, JSON or inspect output", heapMb: heapAfterGcMb(), connections: ws.connections() }
    })
}

export const shortLivedToken: Scenario = {
  name: "token-expires-in-30-s",
  item: 10,
  run: () =>
    using(async (track) => {
      // Main: a token with expires_in <= 30 was fetched again for every REST call.
      const auth = track(await startHttpServer((_request, response) => sendToken(response, "short", 30)))
      const rest = track(await startHttpServer((_request, response) => response.end(JSON.stringify(completedEvent("improve_answer", "ok")))))
      const optave = track(
        restClientWithCredentials(auth, rest)
      )
      for (let index = 0; index < 10; index++) await optave.elevate(payload(`sl-${index}`))
      check(auth.requests.length === 1, `${auth.requests.length} token requests for 10 calls`)
      return { detail: "10 REST calls, 1 token request (a 30 s token is used for 15 s)", heapMb: heapAfterGcMb(), connections: 0 }
    })
}
