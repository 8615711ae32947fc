// The ZAF SDK ships no types; the test bundles it as is and needs only its default export.
declare module "zendesk_app_framework_sdk" {
  const ZAFClient: { readonly init: (callback?: (context: unknown) => void) => unknown }
  export default ZAFClient
}
