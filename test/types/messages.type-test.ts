/**
 * Compiled by `tsc --noEmit`, never run: each `@ts-expect-error` below must meet an error, so
 * a `defineMessages` that let a missing catalogue or key through would fail the type check.
 */
import { defineMessages } from '../../src/i18n/messages.js';

export const complete = defineMessages({
  en: { hello: 'Hello', count: (n: string) => `${n} items` },
  km: { hello: 'សួស្តី', count: (n: string) => `${n} ធាតុ` },
});

// @ts-expect-error: a supported locale without its catalogue
export const missingCatalogue = defineMessages({
  en: { hello: 'Hello' },
});

export const missingKey = defineMessages({
  en: { hello: 'Hello', bye: 'Goodbye' },
  // @ts-expect-error: a catalogue without one of the source catalogue's keys
  km: { hello: 'សួស្តី' },
});

export const wrongShape = defineMessages({
  en: { count: (n: string) => `${n} items` },
  // @ts-expect-error: a message that takes arguments in the source must take them everywhere
  km: { count: 'ធាតុ' },
});
