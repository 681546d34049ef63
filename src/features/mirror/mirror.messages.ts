import { defineMessages } from '../../i18n/messages.js';

/** The words the mirror adds to the copied pages, and its own pages. */
export const mirrorMessages = defineMessages({
  en: {
    bannerText: 'You are reading a copy of this website, for readers who cannot reach the live site.',
    bannerAbout: 'About this copy',
    bannerLive: 'Live site',
    aboutTitle: 'About this copy of the website',
    aboutMade: (name: string, date: string) => `This is a static copy of the website of ${name}, made on ${date}.`,
    aboutCanonical: 'The website itself is at this address:',
    aboutWhy:
      'The copy exists so that readers can still find our work when the site is blocked or unreachable. It may be a few days behind the live site.',
    aboutForms:
      'Forms do not work in a copy: to subscribe, comment or write to us, use the live site or send an email.',
    aboutEmail: 'Email:',
    aboutVerify:
      'Every file of the copy is listed with its SHA-256 checksum in manifest.json at the top of the copy, so anyone can check that nothing was changed.',
    aboutOtherLanguages: 'This page in other languages:',
    aboutHome: 'Home page of the copy',
    searchTitle: 'Search this copy',
    searchLabel: 'Search',
    searchButton: 'Search',
    searchNeedsScript:
      'Searching this copy needs JavaScript, which is switched off or not supported in your browser. You can find every page through the site map, or search on the live site.',
    searchSiteMap: 'Site map',
    searchLive: 'Search on the live site',
    searchNoResults: 'No page of this copy matches your search.',
    searchResults: 'Pages that match',
    searchUnavailable: 'The search index of this copy could not be loaded. Open the copy through a web server, or use the site map.',
    formSubscribe: 'Subscribing needs the live site: this page is a copy.',
    formContact: 'This copy cannot send messages. Write to us on the live site or by email.',
    formComment: 'Comments can be written on the live site only: this page is a copy.',
    formFilter: 'Filtering needs the live site. The lists in this copy can be browsed through their links.',
    formOther: 'This form works on the live site only: this page is a copy.',
    formGoLive: 'Open it on the live site',
    formEmail: 'Email us',
    folderTitle: 'A folder of this copy',
    folderText: 'This folder holds files that the pages of this copy use. Start from the home page, or read about the copy.',
  },
  km: {
    bannerText: 'អ្នកកំពុងអានច្បាប់ចម្លងនៃគេហទំព័រនេះ សម្រាប់អ្នកអានដែលមិនអាចចូលគេហទំព័រដើមបាន។',
    bannerAbout: 'អំពីច្បាប់ចម្លងនេះ',
    bannerLive: 'គេហទំព័រដើម',
    aboutTitle: 'អំពីច្បាប់ចម្លងនៃគេហទំព័រនេះ',
    aboutMade: (name: string, date: string) => `នេះជាច្បាប់ចម្លងឋិតិវន្តនៃគេហទំព័ររបស់ ${name} ដែលបានធ្វើនៅថ្ងៃទី ${date}។`,
    aboutCanonical: 'គេហទំព័រដើមស្ថិតនៅអាសយដ្ឋាននេះ៖',
    aboutWhy:
      'ច្បាប់ចម្លងនេះមាន ដើម្បីឱ្យអ្នកអាននៅតែអាចរកឃើញការងាររបស់យើង នៅពេលគេហទំព័រត្រូវបានបិទ ឬចូលមិនបាន។ វាអាចយឺតជាងគេហទំព័រដើមពីរបីថ្ងៃ។',
    aboutForms:
      'ទម្រង់បែបបទមិនដំណើរការនៅក្នុងច្បាប់ចម្លងទេ៖ ដើម្បីជាវ បញ្ចេញមតិ ឬសរសេរមកយើង សូមប្រើគេហទំព័រដើម ឬផ្ញើអ៊ីមែល។',
    aboutEmail: 'អ៊ីមែល៖',
    aboutVerify:
      'ឯកសារនីមួយៗនៃច្បាប់ចម្លងនេះ ត្រូវបានរាយក្នុង manifest.json ជាមួយលេខផ្ទៀងផ្ទាត់ SHA-256 របស់វា ដូច្នេះអ្នកណាក៏អាចពិនិត្យបានថា គ្មានអ្វីត្រូវបានកែប្រែឡើយ។',
    aboutOtherLanguages: 'ទំព័រនេះជាភាសាផ្សេងទៀត៖',
    aboutHome: 'ទំព័រដើមនៃច្បាប់ចម្លង',
    searchTitle: 'ស្វែងរកក្នុងច្បាប់ចម្លងនេះ',
    searchLabel: 'ស្វែងរក',
    searchButton: 'ស្វែងរក',
    searchNeedsScript:
      'ការស្វែងរកក្នុងច្បាប់ចម្លងនេះ ត្រូវការ JavaScript ដែលត្រូវបានបិទ ឬមិនដំណើរការក្នុងកម្មវិធីរុករករបស់អ្នក។ អ្នកអាចរកឃើញទំព័រទាំងអស់តាមរយៈផែនទីគេហទំព័រ ឬស្វែងរកនៅលើគេហទំព័រដើម។',
    searchSiteMap: 'ផែនទីគេហទំព័រ',
    searchLive: 'ស្វែងរកនៅលើគេហទំព័រដើម',
    searchNoResults: 'គ្មានទំព័រណាមួយនៃច្បាប់ចម្លងនេះ ត្រូវនឹងការស្វែងរករបស់អ្នកទេ។',
    searchResults: 'ទំព័រដែលត្រូវគ្នា',
    searchUnavailable: 'មិនអាចផ្ទុកសន្ទស្សន៍ស្វែងរកនៃច្បាប់ចម្លងនេះបានទេ។ សូមបើកច្បាប់ចម្លងតាមរយៈម៉ាស៊ីនមេគេហទំព័រ ឬប្រើផែនទីគេហទំព័រ។',
    formSubscribe: 'ការជាវត្រូវការគេហទំព័រដើម៖ ទំព័រនេះជាច្បាប់ចម្លង។',
    formContact: 'ច្បាប់ចម្លងនេះមិនអាចផ្ញើសារបានទេ។ សូមសរសេរមកយើងនៅលើគេហទំព័រដើម ឬតាមអ៊ីមែល។',
    formComment: 'មតិអាចសរសេរបានតែនៅលើគេហទំព័រដើមប៉ុណ្ណោះ៖ ទំព័រនេះជាច្បាប់ចម្លង។',
    formFilter: 'ការច្រោះត្រូវការគេហទំព័រដើម។ បញ្ជីនៅក្នុងច្បាប់ចម្លងនេះ អាចរុករកបានតាមរយៈតំណរបស់វា។',
    formOther: 'ទម្រង់បែបបទនេះដំណើរការតែនៅលើគេហទំព័រដើមប៉ុណ្ណោះ៖ ទំព័រនេះជាច្បាប់ចម្លង។',
    formGoLive: 'បើកវានៅលើគេហទំព័រដើម',
    formEmail: 'ផ្ញើអ៊ីមែលមកយើង',
    folderTitle: 'ថតឯកសារមួយនៃច្បាប់ចម្លងនេះ',
    folderText: 'ថតនេះផ្ទុកឯកសារដែលទំព័រនានានៃច្បាប់ចម្លងនេះប្រើ។ សូមចាប់ផ្តើមពីទំព័រដើម ឬអានអំពីច្បាប់ចម្លងនេះ។',
  },
});
