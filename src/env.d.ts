// Bindings wrangler.toml cannot declare as optional: `wrangler types` generates the rest of Env.
interface OptionalBindings {
  /** The previous token key, live beside METER_TOKEN_KEY while a rotation is under way. */
  METER_TOKEN_KEY_PREVIOUS?: string;
}
interface Env extends OptionalBindings {}
declare namespace Cloudflare {
  interface Env extends OptionalBindings {}
}
