"use client";

import { useEffect, useRef } from "react";
import "swagger-ui-dist/swagger-ui.css";

/**
 * The OpenAPI document rendered by Swagger UI from its prebuilt bundle (the
 * swagger-ui-dist package, shipped with the app: nothing is fetched from
 * elsewhere). The React package's OpenAPI 3.1 parser breaks under Turbopack
 * ("refract is not a function", vercel/next.js#86507); the bundle is built by
 * its maintainers and loads as one chunk.
 */
export function ApiDocs({ spec }: { spec: object }) {
  const node = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let cancelled = false;
    void import("swagger-ui-dist/swagger-ui-es-bundle.js").then(({ default: SwaggerUIBundle }) => {
      if (cancelled || !node.current) return;
      // "Try it out" would send requests with the reader's session from inside the docs; reading is what this page is for
      SwaggerUIBundle({ domNode: node.current, spec, supportedSubmitMethods: [], docExpansion: "list", defaultModelsExpandDepth: 0 });
    });
    return () => {
      cancelled = true;
    };
  }, [spec]);
  return <div ref={node} data-state="ready" />;
}
