import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Request, Response } from 'restify';

export interface Asset {
  body: Buffer;
  /** Compressed on first use and kept (the Web Chat bundle takes about 0.15 s: not at start). */
  readonly gzipped?: Buffer;
  type: string;
  /** Short content hash: the `?v=` of links that may be cached for a year. */
  version: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '': 'text/plain; charset=utf-8',
};

/** Reads a file once at start and prepares it for serving (hash, gzip for anything over 1 KB). */
export function loadAsset(publicDir: string, file: string, transform?: (text: string) => string): Asset {
  let body = readFileSync(join(publicDir, file));
  if (transform) body = Buffer.from(transform(body.toString('utf8')));
  const hash = createHash('sha256').update(body).digest('base64url');
  const ext = /\.[a-z]+$/.exec(file)?.[0] ?? '';
  let gzipped: Buffer | undefined;
  return {
    body,
    get gzipped() {
      if (body.length <= 1024) return undefined;
      gzipped ??= gzipSync(body, { level: 9 });
      return gzipped;
    },
    type: TYPES[ext] ?? 'application/octet-stream',
    version: hash.slice(0, 12),
    etag: `"${hash.slice(0, 27)}"`,
  };
}

/**
 * Sends a static file. A link that names the current version (`?v=`) is cached for a year,
 * because a new version gets a new link; without it (the embed script that organisations
 * paste), browsers keep it five minutes and then ask again with its ETag.
 */
export function sendAsset(req: Request, res: Response, asset: Asset, opts: { maxAgeSeconds?: number } = {}): void {
  const versioned = new URL(req.url ?? '/', 'http://x').searchParams.get('v') === asset.version;
  res.setHeader('Content-Type', asset.type);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', versioned ? 'public, max-age=31536000, immutable' : `public, max-age=${opts.maxAgeSeconds ?? 300}`);
  res.setHeader('ETag', asset.etag);
  res.setHeader('Vary', 'Accept-Encoding');
  if (req.headers['if-none-match'] === asset.etag) {
    res.writeHead(304);
    res.end();
    return;
  }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) && asset.gzipped !== undefined;
  const body = gzip ? asset.gzipped! : asset.body;
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  res.setHeader('Content-Length', body.length);
  res.writeHead(200);
  res.end(req.method === 'HEAD' ? undefined : body);
}
