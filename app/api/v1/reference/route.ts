import { referencePage } from "@/lib/api/reference";

/** The browsable API reference: swagger-ui, served from this app (nothing loaded from elsewhere). */
export function GET() {
  return referencePage();
}
