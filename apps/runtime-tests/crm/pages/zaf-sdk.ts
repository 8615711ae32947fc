// The ZAF SDK from npm (`zendesk_app_framework_sdk`, CommonJS) as the one script a Zendesk app
// page loads: bundled into a classic script that defines `window.ZAFClient`, as the SDK's own
// minified build on Zendesk's CDN does.
import ZAFClient from "zendesk_app_framework_sdk"

;(window as unknown as { ZAFClient: unknown }).ZAFClient = ZAFClient
