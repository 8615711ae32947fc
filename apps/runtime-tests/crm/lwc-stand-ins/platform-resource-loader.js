// Stand-in of `lightning/platformResourceLoader`: `loadScript` appends a `<script src>` and
// resolves on its load, as the real one does (inside LWS, the sandbox evaluates that script).
export const loadScript = (_component, url) =>
  new Promise((resolve, reject) => {
    const script = document.createElement("script")
    script.src = url
    script.addEventListener("load", () => resolve(), { once: true })
    script.addEventListener("error", () => reject(new Error(`could not load ${url}`)), { once: true })
    document.head.appendChild(script)
  })
