"use client"
// A mistake bundlers must refuse: the Node client imported in browser code (for Next.js, a client page).
import { createClient } from "@org/optave-node"

export default function NodeInBrowser() {
  return typeof createClient
}
