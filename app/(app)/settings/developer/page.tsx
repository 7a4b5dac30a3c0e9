import { ApiTokens } from "@/components/settings/api-tokens";
import { SettingsSection } from "@/components/settings/settings-shell";
import { listApiTokens } from "@/lib/domain/api-tokens";
import { requirePageUser } from "@/lib/queries/pages";

export default async function DeveloperSettingsPage() {
  const me = await requirePageUser("/settings/developer");
  const tokens = await listApiTokens({ userId: me.id });
  return (
    <>
      <SettingsSection
        title="API tokens"
        description="Tokens let scripts and bots use the REST API and live events as you. They can do what you can, never more; a read-only token cannot post or change anything."
      >
        <ApiTokens tokens={tokens} />
      </SettingsSection>
      <SettingsSection title="API reference">
        <p className="text-sm text-muted">
          Every route, its parameters and answers:{" "}
          <a className="text-link underline-offset-2 hover:underline" href="/api/v1/reference" target="_blank">
            API reference
          </a>{" "}
          (OpenAPI document at{" "}
          <a className="text-link underline-offset-2 hover:underline" href="/api/v1/openapi.json" target="_blank">
            /api/v1/openapi.json
          </a>
          ).
        </p>
      </SettingsSection>
    </>
  );
}
