/**
 * An HRD alert's one name wherever it is stored or keyed, in the form of the content types'
 * registry keys: the audit log's subject type (and its actions, `hrd-alert.publish`), the search
 * index's type, the sitemap's source and subscriber notification keys (`hrd-alert:12`).
 */
export const ALERT_TYPE = 'hrd-alert';
