import type { TokenClaims } from './auth/token';

/** What a request learns on its way through the app, for the handlers and middleware after. */
export interface RequestVariables {
  /** Names this request in logs and in the X-Request-Id header (set by hono/request-id). */
  requestId: string;
  /** What the caller's token grants (full access when tokens are off). */
  access: TokenClaims;
  /** Whether the route takes the sign-in cookie as a token (a browser page). */
  acceptsTokenCookie?: boolean;
  /** The meter the request acts on, for the request log. */
  meterId?: string;
}

/** The Hono environment of every route: the Worker's bindings and the request variables. */
export interface AppEnv {
  Bindings: Env;
  Variables: RequestVariables;
}
