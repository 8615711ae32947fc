import type { AuthError } from "../errors.ts"
import { isRetryableStatus } from "../request/retry-policy.ts"

/**
 * A token failure worth another attempt: a timeout, a provider that threw, an endpoint that failed
 * for a reason that may pass. The one rule for both transports: a REST call retries its token
 * under it, and the socket's connection policy backs off and reconnects under it.
 */
export const isRecoverableTokenFailure = (error: AuthError): boolean =>
  error.code === "TOKEN_TIMEOUT" ||
  error.code === "TOKEN_PROVIDER_FAILED" ||
  (error.code === "TOKEN_ENDPOINT_FAILED" && (error.status === undefined || isRetryableStatus(error.status)))
