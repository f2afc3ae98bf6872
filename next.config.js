/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // forbidden(): pages answer 403 with app/forbidden.tsx when the role does not fit
  experimental: { authInterrupts: true },
  // PGlite is only ever opened by the owner process (scripts), never bundled into the app;
  // exceljs and pdfkit (large CommonJS libraries; pdfkit reads its font data files at run time)
  // are loaded by Node as they are, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "pg", "exceljs", "pdfkit"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
