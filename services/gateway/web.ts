/**
 * The web application (web/), bundled by esbuild in memory when the gateway starts and served at `/`:
 * no build command to forget, nothing written next to the sources (the image's files are read-only),
 * and the bundle always matches the sources the process runs. Assets are named by their content
 * hash and cached for good; every other page path answers index.html, where the app's router takes over.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import type { RequestHandler } from 'express';

export const WEB_ROOT = path.resolve(import.meta.dirname, '..', '..', 'web');

interface Asset {
  type: string;
  body: Buffer;
}

export interface WebApp {
  /** Asset path (`/assets/app-<hash>.js`) → its content. */
  assets: Map<string, Asset>;
  indexHtml: Buffer;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json' };

/**
 * Bundles web/src/main.tsx (and its CSS) into hashed assets and fills index.html's placeholders with
 * their names. Source maps only when asked (development): in production they would hand anyone the
 * application's sources, comments included, so none is built, linked or served.
 */
export async function buildWebApp(root = WEB_ROOT, opts: { sourceMaps?: boolean } = {}): Promise<WebApp> {
  const result = await esbuild.build({
    entryPoints: { app: path.join(root, 'src', 'main.tsx') },
    bundle: true,
    write: false,
    outdir: '/assets',
    entryNames: '[name]-[hash]',
    format: 'esm',
    target: ['es2022'],
    minify: true,
    sourcemap: opts.sourceMaps === true ? 'linked' : false,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    loader: { '.css': 'css' },
    legalComments: 'none',
    logLevel: 'silent',
  });
  const assets = new Map<string, Asset>();
  for (const f of result.outputFiles) {
    assets.set(f.path, { type: TYPES[path.extname(f.path)] ?? 'application/octet-stream', body: Buffer.from(f.contents) });
  }
  const find = (ext: string): string => {
    const hit = [...assets.keys()].find((p) => p.endsWith(ext));
    if (!hit) throw new Error(`the web build produced no ${ext}`);
    return hit;
  };
  const html = fs.readFileSync(path.join(root, 'index.html'), 'utf8').replace('%APP_JS%', find('.js')).replace('%APP_CSS%', find('.css'));
  return { assets, indexHtml: Buffer.from(html) };
}

/** Paths that belong to the API and the operations endpoints, never to the app's pages. */
const NOT_PAGES = /^\/(api|healthz|readyz)(\/|$)/;

/** Serves the assets and, for every other GET of a page, index.html. */
export function serveWebApp(web: WebApp): RequestHandler {
  const etag = `"${createHash('sha256').update(web.indexHtml).digest('base64url').slice(0, 16)}"`;
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const asset = web.assets.get(req.path);
    if (asset) {
      res.set({ 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=31536000, immutable' });
      res.send(asset.body);
      return;
    }
    if (NOT_PAGES.test(req.path) || req.path.startsWith('/assets/') || path.extname(req.path) !== '') return next();
    res.set({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache', ETag: etag });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.send(web.indexHtml);
  };
}
