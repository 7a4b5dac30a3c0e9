import { openApiDocument } from "@/lib/api/openapi";

let document: ReturnType<typeof openApiDocument> | undefined;

/** The OpenAPI 3.1 document of /api/v1 (public: it describes, it grants nothing). */
export function GET() {
  document ??= openApiDocument();
  return Response.json(document, { headers: { "Cache-Control": "public, max-age=300" } });
}
