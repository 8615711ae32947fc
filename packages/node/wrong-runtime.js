// What @org/optave-node resolves to under the `browser` and `workerd` conditions: a bundler building
// browser or Worker code lands here and fails to resolve the re-export below, quoting its specifier,
// which is the fix. (A `null` target gave "Package path . is not exported", or nothing at all in Vite.)
export * from "@org/optave-node is for Node.js: in browser code or a Worker, import @org/optave-edge"
