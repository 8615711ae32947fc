// The Next.js app (App Router): this layout, a client page on @org/optave-edge, a route handler on @org/optave-node.
export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
