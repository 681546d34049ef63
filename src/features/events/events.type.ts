import { defineMessages } from '../../i18n/messages.js';
import { cover, licence, location, titled } from '../content-types/fields.js';
import { describeContentType, paged } from '../content-types/type-description.js';

/** Upcoming and past events. */
export const eventType = describeContentType({
  key: 'event', feature: 'events', adminPath: '/admin/events', table: 'events', translationsTable: 'event_translations', workflow: 'full',
  publicPath: paged('/events'), dateColumn: 'starts_at',
  search: { dateColumn: 'starts_at', translationText: ['location'] }, sitemap: true,
  labels: defineMessages({ en: { one: 'Event', many: 'Events' }, km: { one: 'ព្រឹត្តិការណ៍', many: 'ព្រឹត្តិការណ៍' } }),
  fields: [
    { name: 'startsAt', label: 'startsAt', widget: 'datetime', required: true },
    { name: 'endsAt', label: 'endsAt', widget: 'datetime' },
    cover,
    licence,
  ],
  localeFields: [...titled, location], titleField: 'title',
});
