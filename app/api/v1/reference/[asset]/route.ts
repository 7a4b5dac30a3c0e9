import { referenceAsset } from "@/lib/api/reference";

export async function GET(_: Request, { params }: { params: Promise<{ asset: string }> }) {
  return referenceAsset((await params).asset);
}
