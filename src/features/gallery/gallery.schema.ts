import { z } from 'zod';

/** Albums on one page of the gallery. */
export const GALLERY_PAGE_SIZE = 12;

export const galleryQuery = z.object({ page: z.coerce.number().int().min(1).default(1) });
