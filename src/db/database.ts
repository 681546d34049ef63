import type { Kysely, Transaction } from 'kysely';
import type { AccountTables } from '../features/accounts/accounts.tables.js';
import type { MailTables } from '../features/mail/mail.tables.js';
import type { SubscriberTables } from '../features/subscribers/subscribers.tables.js';
import type { MailingTables } from '../features/mailings/mailings.tables.js';
import type { CommentTables } from '../features/comments/comments.tables.js';
import type { ContactTables } from '../features/contact/contact.tables.js';
import type { VocabularyTables } from '../features/hrd-vocabularies/vocabularies.tables.js';
import type { CaseTables } from '../features/hrd-cases/cases.tables.js';
import type { AlertTables } from '../features/hrd-alerts/alerts.tables.js';
import type { IncidentReportTables } from '../features/incident-reports/reports.tables.js';
import type { OperationsTables } from '../features/operations/operations.tables.js';
import type { AuditTables } from '../features/audit/audit.tables.js';
import type { InstanceTables } from '../features/instance/instance.tables.js';
import type { EventTables } from '../features/events/events.tables.js';
import type { GalleryTables } from '../features/gallery/gallery.tables.js';
import type { MediaTables } from '../features/media/media.tables.js';
import type { NewsTables } from '../features/news/news.tables.js';
import type { OrganisationTables } from '../features/organisations/organisations.tables.js';
import type { PageTables } from '../features/pages/pages.tables.js';
import type { PeopleTables } from '../features/people/people.tables.js';
import type { ProjectTables } from '../features/projects/projects.tables.js';
import type { PublicationTables } from '../features/publications/publications.tables.js';
import type { SiteTables } from '../features/site/site.tables.js';
import type { TopicTables } from '../features/topics/topics.tables.js';
import type { UprTables } from '../features/upr/upr.tables.js';
import type { VacancyTables } from '../features/vacancies/vacancies.tables.js';

/** Every table, assembled from the features that own them. Keys are camelCase; columns snake_case. */
export interface Database
  extends AccountTables,
    AuditTables,
    EventTables,
    GalleryTables,
    MediaTables,
    NewsTables,
    OrganisationTables,
    PageTables,
    PeopleTables,
    ProjectTables,
    PublicationTables,
    SiteTables,
    TopicTables,
    VacancyTables,
    MailTables,
    SubscriberTables,
    MailingTables,
    CommentTables,
    ContactTables,
    VocabularyTables,
    CaseTables,
    AlertTables,
    IncidentReportTables,
    InstanceTables,
    OperationsTables,
    UprTables {}

export type Db = Kysely<Database>;
/** Repositories take either the database or an open transaction. */
export type DbOrTx = Kysely<Database> | Transaction<Database>;
