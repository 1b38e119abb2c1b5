// Vite's import.meta.glob, which the test bundler resolves at build time (vite/client types the
// same function, but brings the DOM's types along).
interface ImportMeta {
  glob<Module = unknown>(
    pattern: string | string[],
    options: { query: '?raw'; import: 'default'; eager: true },
  ): Record<string, Module>;
}
