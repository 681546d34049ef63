import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../../i18n/locales.js';
import { denyAccess } from '../site-settings/deny.js';
import { listPickerImages } from './media-library.picker.repository.js';
import { can } from './media-library.policy.js';

const pickerQuery = z.object({
  q: z.string().trim().max(100).optional(),
  locale: z.union([z.enum(SUPPORTED_LOCALES), z.literal('')]).optional(),
});

/** The rich-text editor's image picker reads the library through this JSON list. */
export async function mediaPickerRoutes(instance: FastifyInstance): Promise<void> {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.get('/admin/media/picker.json', { schema: { querystring: pickerQuery } }, async (request, reply) => {
    if (!can(request.user, 'view')) return denyAccess(request, reply, 'file', 'view');
    const { q, locale } = request.query;
    const images = await listPickerImages(app.db, { search: q || undefined, locale: locale || undefined });
    return reply.header('cache-control', 'no-store').send({ images });
  });
}
