import type { FastifyInstance } from 'fastify';
import type { Locale } from '../../i18n/locales.js';
import { renderTopicPage } from '../topics/topic-page.js';
import { findPreviewTopic } from './editor.preview.repository.js';

/** A topic's preview is its public page, whatever the topic's own state. */
export async function renderTopicPreview(app: FastifyInstance, id: number, locale: Locale) {
  const row = await findPreviewTopic(app.db, id);
  return row && renderTopicPage(app, row, locale);
}
