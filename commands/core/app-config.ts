/** What the partner app reads from `app-config/<env>.json` (docs/pipeline.md, "How the app reads it"; written by commands/pipeline/app-config.ts). */
export interface AppConfig {
  readonly organizationId: string;
  readonly organizationName: string;
  readonly region: string;
  readonly apiBaseUrl: string;
  /** Tokens come from `<loginBaseUrl>/oauth/token`, not from the API base URL. */
  readonly loginBaseUrl: string;
  readonly oauthClientId: string;
  /** Only with `includeSecret`. */
  readonly oauthClientSecret?: string;
}
