import { defineMessages } from '../../i18n/messages.js';
import { cover, licence } from '../content-types/fields.js';
import { describeContentType, paged } from '../content-types/type-description.js';

/** Photo albums. */
export const albumType = describeContentType({
  key: 'album', feature: 'gallery', adminPath: '/admin/albums', table: 'albums', translationsTable: 'album_translations', workflow: 'full',
  publicPath: paged('/gallery'), dateColumn: 'taken_on', sitemap: true,
  labels: defineMessages({ en: { one: 'Album', many: 'Photo albums' }, km: { one: 'អាល់ប៊ុម', many: 'អាល់ប៊ុមរូបភាព' } }),
  fields: [{ name: 'takenOn', label: 'takenOn', widget: 'date' }, cover, licence],
  localeFields: [
    { name: 'title', label: 'title', widget: 'text', required: true, maxLength: 300 },
    { name: 'description', label: 'description', widget: 'textarea', maxLength: 5000 },
  ],
  titleField: 'title', attachment: 'photos',
});
