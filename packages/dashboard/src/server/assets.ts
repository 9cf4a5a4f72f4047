import { join } from 'node:path';
import type { Request, Response } from 'express';
import { clientDir, packageRoot, uplotDir } from './package-root.js';

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** A served file: where it is and its content type. */
interface Asset {
  path: string;
  type: string;
}

/**
 * Serves the page's files from the installed package: the compiled browser
 * modules and stylesheet under `dist/client`, and uPlot from its package.
 * Only names on the list are served, so no path can escape.
 */
export function assetHandler(root = packageRoot()) {
  const client = clientDir(root);
  const uplot = uplotDir(root);
  const fixed: Record<string, Asset> = {
    'uplot.js': { path: join(uplot, 'uPlot.esm.js'), type: JS },
    'uPlot.min.css': { path: join(uplot, 'uPlot.min.css'), type: CSS },
    'dashboard.css': { path: join(client, 'dashboard.css'), type: CSS },
  };

  return (req: Request, res: Response) => {
    const name = String(req.params.name);
    const asset = Object.hasOwn(fixed, name)
      ? fixed[name]
      : /^[a-z][a-z0-9-]*\.js$/.test(name)
        ? { path: join(client, name), type: JS }
        : undefined;

    if (!asset) {
      res.status(404).type('text').send('No such dashboard asset.');
      return;
    }

    res.sendFile(
      asset.path,
      {
        // pnpm keeps packages under node_modules/.pnpm, a dot directory that
        // send() would refuse; the names served are a fixed list anyway.
        dotfiles: 'allow',
        headers: { 'Content-Type': asset.type, 'Cache-Control': 'no-cache' },
      },
      (error) => {
        if (error && !res.headersSent) {
          res.status(404).type('text').send('No such dashboard asset.');
        }
      },
    );
  };
}
