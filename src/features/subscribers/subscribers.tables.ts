import type { Generated } from 'kysely';
import type { Locale } from '../../i18n/locales.js';

export const SUBSCRIPTION_TOPICS = ['news', 'publications', 'hrd-alerts', 'events'] as const;
export type SubscriptionTopic = (typeof SUBSCRIPTION_TOPICS)[number];

/** pending: waits for the person to confirm; active: receives mail; unsubscribed: asked to stop. */
export const SUBSCRIBER_STATUSES = ['pending', 'active', 'unsubscribed'] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];

/** How consent was given: the site's form (confirmed by mail), or an import of people who consented elsewhere. */
export type ConsentSource = 'form' | 'import';

export interface SubscriberTable {
  id: Generated<number>;
  email: string;
  name: string | null;
  locale: Locale;
  status: SubscriberStatus;
  consentSource: ConsentSource;
  /** Where an imported address came from, as the importer described it. */
  sourceNote: string | null;
  /** When the person confirmed (or, for an import, when the import recorded their earlier consent). */
  consentedAt: string | null;
  confirmationSentAt: string | null;
  unsubscribedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SubscriberTopicTable {
  subscriberId: number;
  topic: SubscriptionTopic;
}

/** One row per notification key: the same published item or alert update is announced once. */
export interface SubscriberNotificationTable {
  id: Generated<number>;
  idempotencyKey: string;
  topic: SubscriptionTopic;
  queued: number;
  createdAt: string;
}

/** A notification asked for on an item that is scheduled: queued once the item is published. */
export interface SubscriberNotificationRequestTable {
  id: Generated<number>;
  contentType: string;
  itemId: number;
  requestedBy: number | null;
  createdAt: string;
}

export interface SubscriberTables {
  subscribers: SubscriberTable;
  subscriberTopics: SubscriberTopicTable;
  subscriberNotifications: SubscriberNotificationTable;
  subscriberNotificationRequests: SubscriberNotificationRequestTable;
}

declare module '../../db/database.js' {
  interface Database extends SubscriberTables {}
}
