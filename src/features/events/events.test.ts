import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createEvent, daysFromNow } from '../../../test/factories/events.js';
import { createImage, testStorage } from '../../../test/factories/media.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { listUpcomingEvents } from './events.repository.js';

function jsonLdOf(html: string): Array<Record<string, unknown>> {
  return [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) => JSON.parse(m[1]!));
}

/** The text between two markers of a page, to check what is listed in which section. */
function between(html: string, start: string, end: string): string {
  const from = html.indexOf(start);
  assert.ok(from >= 0, `${start} is on the page`);
  const to = html.indexOf(end, from);
  return html.slice(from, to < 0 ? undefined : to);
}

for (const engine of testEngines()) {
  describe(`events (${engine})`, () => {
    let t: TestContext;

    before(async () => {
      t = await createTestApp(engine);
      const cover = await createImage(t.db, testStorage(t.config));
      await createEvent(t.db, {
        slug: 'forum-next-month',
        startsAt: daysFromNow(30),
        translations: { en: { title: 'Forum next month', location: 'Siem Reap' }, km: { title: 'វេទិកាខែក្រោយ', location: 'សៀមរាប' } },
      });
      await createEvent(t.db, {
        slug: 'training-next-week',
        startsAt: daysFromNow(7),
        coverFileId: cover,
        translations: { en: { title: 'Training next week', summary: 'Two days on digital security.' } },
      });
      await createEvent(t.db, {
        slug: 'ongoing-exhibition',
        startsAt: daysFromNow(-1),
        endsAt: daysFromNow(2),
        translations: { en: { title: 'Exhibition in progress' } },
      });
      await createEvent(t.db, {
        slug: 'human-rights-day-2024',
        startsAt: '2024-12-10T02:00:00.000Z',
        endsAt: '2024-12-10T09:30:00.000Z',
        translations: {
          en: {
            title: 'Human Rights Day 2024',
            summary: 'A day of talks and music.',
            bodyHtml: '<p>Speakers from five provinces.</p>',
            location: 'Phnom Penh',
          },
          km: { title: 'ទិវាសិទ្ធិមនុស្ស ២០២៤', location: 'ភ្នំពេញ', bodyHtml: '<p>វាគ្មិនមកពីខេត្តចំនួនប្រាំ។</p>' },
        },
      });
      await createEvent(t.db, { slug: 'launch-2023', startsAt: '2023-05-03T03:00:00.000Z', translations: { en: { title: 'Report launch 2023' } } });
      await createEvent(t.db, { slug: 'draft-event', status: 'draft', startsAt: daysFromNow(3) });
      await createEvent(t.db, { slug: 'not-yet-announced', publishedAt: '2999-01-01T00:00:00.000Z', startsAt: daysFromNow(3) });
    });
    after(() => t.close());

    it('splits upcoming events, soonest first, from past ones, newest first', async () => {
      const res = await t.app.inject('/en/events');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<h1>TCHR Events<\/h1>/);
      const upcoming = between(res.body, 'id="events-upcoming"', 'id="events-past"');
      const past = between(res.body, 'id="events-past"', '</main>');
      const order = (html: string, titles: string[]) => titles.map((title) => html.indexOf(title));
      const up = order(upcoming, ['Exhibition in progress', 'Training next week', 'Forum next month']);
      assert.ok(up.every((i) => i > 0), 'an event in progress counts as upcoming');
      assert.deepEqual([...up].sort((a, b) => a - b), up);
      const down = order(past, ['Human Rights Day 2024', 'Report launch 2023']);
      assert.ok(down.every((i) => i > 0));
      assert.deepEqual([...down].sort((a, b) => a - b), down);
      assert.doesNotMatch(upcoming, /Human Rights Day/);
      assert.doesNotMatch(res.body, /draft-event|not-yet-announced/);
      assert.equal(res.headers['x-page-cache'], undefined, 'the split depends on the clock, so the list is not page-cached');
    });

    it('shows date, time in the site time zone, place, summary and cover on the cards', async () => {
      const res = await t.app.inject('/en/events');
      assert.match(
        res.body,
        /<time datetime="2024-12-10T02:00:00.000Z">10 December 2024 at 9:00<\/time> – <time datetime="2024-12-10T09:30:00.000Z">10 December 2024 at 16:30<\/time><\/span> · <span class="event-location">Phnom Penh<\/span>/,
      );
      assert.match(res.body, /<p class="card__summary">A day of talks and music.<\/p>/);
      const cards = res.body.split('<li class="card card--event">').slice(1);
      const training = cards.find((card) => card.includes('Training next week'));
      assert.match(training ?? '', /^<div class="card__media"><picture>/);
      assert.doesNotMatch(cards.find((card) => card.includes('Forum next month')) ?? '', /card__media/);
    });

    it('writes Khmer dates with Khmer digits and marks English-only cards on /km', async () => {
      const res = await t.app.inject('/km/events');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<h1>ព្រឹត្តិការណ៍របស់ ម.ស.ស<\/h1>/);
      assert.match(res.body, /<time datetime="2024-12-10T02:00:00.000Z">១០ ធ្នូ ២០២៤[^<]*៩:០០[^<]*<\/time>/);
      assert.doesNotMatch(between(res.body, '<main', '</main>'), /<time[^>]*>[^<]*[0-9]/, 'no Latin digits in dates');
      assert.match(res.body, /<h3 class="card__title" lang="en"><a href="\/km\/events\/launch-2023">Report launch 2023<\/a><\/h3>/);
      assert.match(res.body, /<span class="event-location">ភ្នំពេញ<\/span>/);
    });

    it('shows an event with its dates, place, body, licence and Event structured data', async () => {
      const res = await t.app.inject('/en/events/human-rights-day-2024');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<article class="event" lang="en">/);
      assert.match(res.body, /<h1>Human Rights Day 2024<\/h1>/);
      assert.match(res.body, /10 December 2024 at 9:00<\/time> – <time datetime="2024-12-10T09:30:00.000Z">10 December 2024 at 16:30/);
      assert.match(res.body, /<dd class="event-location">Phnom Penh<\/dd>/);
      assert.match(res.body, /<p>Speakers from five provinces.<\/p>/);
      assert.match(res.body, /rel="license" href="https:\/\/creativecommons.org\/licenses\/by\/4.0\/"/);
      const event = jsonLdOf(res.body).find((d) => d['@type'] === 'Event');
      assert.ok(event);
      assert.equal(event.name, 'Human Rights Day 2024');
      assert.equal(event.startDate, '2024-12-10T02:00:00.000Z');
      assert.equal(event.endDate, '2024-12-10T09:30:00.000Z');
      assert.equal(event.url, 'http://dove.test/en/events/human-rights-day-2024');
      assert.deepEqual(event.location, { '@type': 'Place', name: 'Phnom Penh', address: 'Phnom Penh' });
      const km = await t.app.inject('/km/events/human-rights-day-2024');
      assert.match(km.body, /<h1>ទិវាសិទ្ធិមនុស្ស ២០២៤<\/h1>/);
      assert.match(km.body, /១០ ធ្នូ ២០២៤/);
    });

    it('shows a one-language event in that language with a notice, lang and canonical', async () => {
      const res = await t.app.inject('/km/events/training-next-week');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<html lang="km"/);
      assert.match(res.body, /<article class="event" lang="en">/);
      assert.match(res.body, /notice--language/);
      assert.match(res.body, /<link rel="canonical" href="http:\/\/dove.test\/en\/events\/training-next-week"/);
      assert.match(res.body, /<figure class="photo event__cover"><picture>/);
      assert.match(res.body, /<meta property="og:image" content="http:\/\/dove.test\/media\/[0-9a-f]{64}\.jpg"/);
      const event = jsonLdOf(res.body).find((d) => d['@type'] === 'Event');
      assert.equal(event?.inLanguage, 'en');
    });

    it('answers 404 for drafts, events not yet announced and unknown slugs', async () => {
      for (const url of ['/en/events/draft-event', '/en/events/not-yet-announced', '/km/events/no-such-event', '/en/events/Bad_Slug']) {
        const res = await t.app.inject(url);
        assert.equal(res.statusCode, 404, url);
      }
    });

    it('offers the next upcoming events to other pages', async () => {
      const next = await listUpcomingEvents(t.db, 2);
      assert.deepEqual(
        next.map((e) => e.slug),
        ['ongoing-exhibition', 'training-next-week'],
      );
      assert.ok(next[0]!.translations.length > 0);
    });

    it('pages past events twelve at a time and refuses bad page numbers', async () => {
      for (let i = 0; i < 11; i++) {
        await createEvent(t.db, { slug: `old-${i}`, startsAt: `2010-01-${String(10 + i)}T03:00:00.000Z` });
      }
      const page2 = await t.app.inject('/en/events?page=2');
      assert.equal(page2.statusCode, 200);
      assert.doesNotMatch(page2.body, /id="events-upcoming"/, 'upcoming events head the first page only');
      assert.match(page2.body, /href="\/en\/events\/old-0"/);
      assert.match(page2.body, /<a rel="prev" href="\/en\/events">/);
      for (const bad of ['page=0', 'page=-3', 'page=two', 'page=2.5']) {
        const res = await t.app.inject(`/en/events?${bad}`);
        assert.equal(res.statusCode, 400, bad);
      }
      assert.equal((await t.app.inject('/en/events?page=3')).statusCode, 404);
    });
  });
}
