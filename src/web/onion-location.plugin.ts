import fp from 'fastify-plugin';
import type { Locale } from '../i18n/locales.js';
import { hasQuickExit } from './components/quick-exit.js';

export interface OnionLocationOptions {
  onionAddress: string | undefined;
  locales: readonly Locale[];
  /** Paths below the locale that carry the header (the quick-exit pages). */
  paths: readonly string[];
}

/**
 * `Onion-Location` on the pages a person at risk reads (the report form, the HRD support pages):
 * Tor Browser then offers the onion service, where neither the network nor the exit node sees
 * which site is being read. Set in onRequest, before the handler, so a cached page keeps it.
 */
export const onionLocationPlugin = fp<OnionLocationOptions>(
  async (app, { onionAddress, locales, paths }) => {
    if (!onionAddress) return;
    app.addHook('onRequest', async (request, reply) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const path = request.url.replace(/[?#].*$/, '');
      const match = /^\/([^/]+)(\/.*)?$/.exec(path);
      if (!match || !locales.includes(match[1] as Locale)) return;
      if (hasQuickExit({ paths }, match[2] ?? '/')) reply.header('onion-location', `http://${onionAddress}${path}`);
    });
  },
  { name: 'dove-onion-location' },
);
