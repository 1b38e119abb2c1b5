import { describe, expect, it } from 'vitest';

// The source of every module, as text, bundled by Vite at build time (workerd has no file system).
const SOURCES = import.meta.glob<string>(['../../src/**/*.ts', '../../src/**/*.tsx'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Each module's path under src/ and the modules it imports (relative ones resolved). */
function imports(): { file: string; imported: string[] }[] {
  return Object.entries(SOURCES).map(([path, text]) => {
    const file = path.replace('../../src/', '');
    const folder = file.split('/').slice(0, -1);
    const imported = [...text.matchAll(/^(?:import|export)\b[^;]*?from '([^']+)'/gms)].map(
      ([, target = '']) => {
        if (!target.startsWith('.')) return target;
        const parts = [...folder];
        for (const segment of target.split('/')) {
          if (segment === '..') parts.pop();
          else if (segment !== '.') parts.push(segment);
        }
        return parts.join('/');
      },
    );
    return { file, imported };
  });
}

describe('the source tree', () => {
  it('is read whole', () => {
    expect(Object.keys(SOURCES).length).toBeGreaterThan(40);
  });

  it('keeps config and meter free of HTTP: they return values or throw their own errors', () => {
    const offending = imports()
      .filter(({ file }) => file.startsWith('config/') || file.startsWith('meter/'))
      .flatMap(({ file, imported }) =>
        imported
          .filter((target) => target.startsWith('http/') || target.startsWith('hono'))
          .map((target) => `${file} → ${target}`),
      );
    expect(offending).toEqual([]);
  });

  it('lets nothing import routes but the app', () => {
    const offending = imports()
      .filter(({ file }) => file !== 'app.ts' && !file.startsWith('routes/'))
      .flatMap(({ file, imported }) =>
        imported.filter((target) => target.startsWith('routes/')).map((t) => `${file} → ${t}`),
      );
    expect(offending).toEqual([]);
  });

  it('gives each schema name one meaning: no two modules export the same XSchema', () => {
    const exporters = new Map<string, string[]>();
    for (const [path, text] of Object.entries(SOURCES)) {
      for (const [, name = ''] of text.matchAll(/^export const (\w+Schema)\b/gm)) {
        exporters.set(name, [...(exporters.get(name) ?? []), path]);
      }
    }
    expect([...exporters].filter(([, paths]) => paths.length > 1)).toEqual([]);
  });

  it('splits schemas by endpoint family under src/schemas/', () => {
    expect(Object.keys(SOURCES)).not.toContain('../../src/schemas.ts');
    expect(Object.keys(SOURCES).filter((path) => path.includes('/src/schemas/'))).not.toEqual([]);
  });

  it('lets hono/jsx escape every text of the pages: no raw markup', () => {
    const raw = Object.entries(SOURCES)
      .filter(([path]) => path.includes('/src/dashboard/') || path.includes('/src/routes/'))
      .filter(([, text]) => /\braw\(/.test(text) || text.includes('&amp;'))
      .map(([path]) => path);
    expect(raw).toEqual([]);
  });
});
