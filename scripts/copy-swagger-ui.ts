/**
 * Copies Swagger UI's browser files from the swagger-ui-dist package into public/vendor, where
 * Workers static assets serve them to /docs. Runs before dev, test, deploy and the benchmarks, so
 * the files always match the installed package and are never committed.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const FILES = ['swagger-ui-bundle.js', 'swagger-ui.css', 'favicon-32x32.png', 'LICENSE'];

const require = createRequire(import.meta.url);
const sourceDir = dirname(require.resolve('swagger-ui-dist/package.json'));
const targetDir = join(import.meta.dirname, '..', 'public', 'vendor', 'swagger-ui');

mkdirSync(targetDir, { recursive: true });
for (const file of FILES) copyFileSync(join(sourceDir, file), join(targetDir, file));
