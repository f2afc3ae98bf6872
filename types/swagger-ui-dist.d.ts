// The ES module build of Swagger UI's bundle: the same function as the package's
// SwaggerUIBundle export, without the package index's Node-only helpers.
declare module "swagger-ui-dist/swagger-ui-es-bundle.js" {
  import type { SwaggerUIBundle } from "swagger-ui-dist";
  const bundle: SwaggerUIBundle;
  export default bundle;
}
