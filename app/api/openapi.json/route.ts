import { apiRoute } from "@/lib/http/api-route";
import { openApiDocument } from "@/lib/http/openapi";

// The API's OpenAPI 3.1 document, public: it describes the API, it holds no data.
export const GET = apiRoute("public", async () => Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } }));
