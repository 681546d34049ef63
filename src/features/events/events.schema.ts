import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../../i18n/locales.js';
import { languageParam } from '../content-types/language-choice.js';

/** Past events on one page of the list. */
export const EVENTS_PAGE_SIZE = 12;
/** Upcoming events on the list: an organisation rarely announces more, and the list stays one page. */
export const UPCOMING_EVENTS_LIMIT = 50;

export const eventsQuery = z.object({ page: z.coerce.number().int().min(1).default(1), language: languageParam(SUPPORTED_LOCALES) });
