import { handleApiRequest } from "@/lib/api/handler";

/** REST API v1: every route is defined (and documented) in lib/api/routes.ts. */
export const GET = handleApiRequest;
export const POST = handleApiRequest;
export const PATCH = handleApiRequest;
export const PUT = handleApiRequest;
export const DELETE = handleApiRequest;
