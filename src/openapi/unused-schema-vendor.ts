// hono-openapi can convert schemas of several libraries and imports each one's converter on demand.
// We only use valibot: wrangler.toml aliases the other converters here, keeping them out of the bundle.
export {};
