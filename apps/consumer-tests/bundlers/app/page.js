"use client"
// The page app of src/index.js as a Next.js client component.
import { useEffect } from "react"
import { createClient } from "@org/optave-edge"
import { runApp } from "../src/payload.js"

export default function Page() {
  useEffect(() => {
    const query = new URLSearchParams(location.search)
    const client = createClient({ urls: { ws: query.get("ws"), rest: query.get("rest") }, tokenProvider: async () => "browser-token" })
    runApp(client).then((report) => (globalThis.optaveReport = report))
  }, [])
  return <p>optave</p>
}
