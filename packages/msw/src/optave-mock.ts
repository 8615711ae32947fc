import {
  createScenarioEngine,
  DOCUMENTED_TOKEN_PATH,
  type ClientCredentials,
  type EngineStats,
  type RecordedRequest,
  type RecordedTokenRequest,
  type Scenario,
  type ScenarioEngine,
  type ScenarioEngineOptions
} from "@org/optave-mock"
import type { HttpHandler, WebSocketHandler } from "msw"
import type { RouteAction } from "./rest-routes.ts"
import { restHandlers } from "./rest-handlers.ts"
import { resolveServiceUrls, type ServiceUrlOptions, type ServiceUrls } from "./service-urls.ts"
import { createConnectionRegistry, socketLink } from "./socket-link.ts"
import { tokenEndpoint } from "./token-endpoint.ts"

/**
 * Where to listen, under `createClient`'s names (`tenant` and `tld`, or `urls: { ws, rest }`, and
 * `authenticationUrl`), and how the engine behaves (seed, latency, tokens...).
 */
export interface OptaveMockOptions extends ServiceUrlOptions, ScenarioEngineOptions {
  /** An engine you already hold (shared with other handlers); its own options then apply. */
  readonly engine?: ScenarioEngine | undefined
}

/** A scenario, typed by the schema: `results` per superpower of `action`, `error`, `latencyMs`, `http`, `drop`... */
export type OptaveScenario<Action extends RouteAction = RouteAction> = Scenario<Action>

/** One MSW handler of this package: the REST routes, the token endpoint, the `ws.link`. */
export type OptaveHandler = HttpHandler | WebSocketHandler

/** The handlers plus the controls a test uses on them. */
export interface OptaveMock {
  /** For `setupServer(...optave.handlers)`, `setupWorker(...)` or `server.use(...)`. */
  readonly handlers: ReadonlyArray<OptaveHandler>
  /** The endpoints the handlers answer. */
  readonly urls: ServiceUrls
  /** The scenario engine behind the handlers (the same one as the local mock server's). */
  readonly engine: ScenarioEngine
  /** Adds a scenario (newest first, one per request); returns a function that removes it. */
  readonly use: <Action extends RouteAction = RouteAction>(scenario: OptaveScenario<Action>) => () => void
  /** Removes every scenario, keeps the record. */
  readonly resetScenarios: () => void
  /** Every request received (REST and WebSocket), oldest first, parsed and typed; optionally one action's. */
  readonly requests: {
    (): ReadonlyArray<RecordedRequest>
    <Action extends RouteAction>(action: Action): ReadonlyArray<RecordedRequest<Action>>
  }
  /** Executions, requests, idempotent replays. */
  readonly stats: () => EngineStats
  /** Every call of the token endpoint, oldest first, with `secretInUrl` true when the secret travelled in the URL. */
  readonly tokenRequests: () => ReadonlyArray<RecordedTokenRequest>
  /** Mints a token the handlers accept, as the token endpoint would (default client `demo-client`). */
  readonly issueToken: (credentials?: ClientCredentials) => string
  /** Open intercepted WebSocket connections. */
  readonly connections: () => number
  /** Drops every open WebSocket as a network failure would (close code 1006). */
  readonly dropConnections: () => void
  /** Clears records, scenarios, idempotency memory and stats, and restarts the seeded sequence: call it in `afterEach`. */
  readonly reset: () => void
}

/**
 * Creates MSW handlers that answer like the Optave service, through the scenario engine the local
 * mock server uses: every action's REST route, a `ws.link` for the WebSocket host and the OAuth2
 * token endpoint (the documented `{rest}/auth/oauth2/token`, and `authenticationUrl` when given). Plain web APIs only: works under `setupServer` and `setupWorker`.
 *
 * ```ts
 * const optave = createOptaveMock({ tenant: "acme", tld: "tech", seed: 1 })
 * const server = setupServer(...optave.handlers)
 * optave.use({ action: "insights", http: { status: 429, retryAfter: 1 } })
 * expect(optave.requests("insights")).toHaveLength(2)
 * ```
 */
export const createOptaveMock = (options: OptaveMockOptions): OptaveMock => {
  const { tenant, tld, urls: givenUrls, authenticationUrl, baseUrl, wsUrl, restUrl, authUrl, engine: givenEngine, ...engineOptions } = options
  const urls = resolveServiceUrls({ tenant, tld, urls: givenUrls, authenticationUrl, baseUrl, wsUrl, restUrl, authUrl })
  const engine = givenEngine ?? createScenarioEngine(engineOptions)
  const connections = createConnectionRegistry()
  const handlers: Array<OptaveHandler> = [
    ...restHandlers(engine, urls.rest),
    tokenEndpoint(engine, urls.token),
    // The documented endpoint answers too when `authenticationUrl` points elsewhere.
    ...(urls.token === `${urls.rest}${DOCUMENTED_TOKEN_PATH}` ? [] : [tokenEndpoint(engine, `${urls.rest}${DOCUMENTED_TOKEN_PATH}`)]),
    socketLink(engine, urls.ws, connections)
  ]

  function requests(): ReadonlyArray<RecordedRequest>
  function requests<Action extends RouteAction>(action: Action): ReadonlyArray<RecordedRequest<Action>>
  function requests(action?: RouteAction): ReadonlyArray<RecordedRequest> {
    return action === undefined ? engine.requests() : engine.requests(action)
  }

  return {
    handlers,
    urls,
    engine,
    use: (scenario) => engine.use(scenario),
    resetScenarios: () => engine.resetScenarios(),
    requests,
    stats: () => engine.stats(),
    tokenRequests: () => engine.tokenRequests(),
    issueToken: (credentials = { clientId: "demo-client", clientSecret: "demo-secret" }) => {
      const issued = engine.issueToken(credentials)
      if (!issued.ok) throw new TypeError(`@org/optave-msw: ${issued.body.error_description}`)
      return issued.body.access_token
    },
    connections: connections.size,
    dropConnections: connections.dropAll,
    reset: () => engine.reset()
  }
}

/** Only the handlers, for `setupServer(...optaveHandlers({ tenant, tld }))`; use `createOptaveMock` to steer and inspect them. */
export const optaveHandlers = (options: OptaveMockOptions): ReadonlyArray<OptaveHandler> => createOptaveMock(options).handlers
