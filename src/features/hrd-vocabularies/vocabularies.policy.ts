export const VOCABULARY_ACTIONS = ['vocabularies.edit'] as const;
export type VocabularyAction = (typeof VOCABULARY_ACTIONS)[number];

/**
 * Only admins change the HRD vocabularies and the gazetteer: every case, statistic and alert
 * counts with their terms. Deny by default.
 */
export function can(user: { role: string } | null, action: VocabularyAction): boolean {
  if (!user) return false;
  return action === 'vocabularies.edit' && user.role === 'admin';
}
