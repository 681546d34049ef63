import { defineMessages } from '../../i18n/messages.js';

/**
 * Words of reordering a menu by drag and drop or by keyboard. `{label}`, `{position}` and
 * `{count}` are filled in by the page's script, which reads these texts from the page.
 */
export const menuOrderMessages = defineMessages({
  en: {
    help: 'Drag an item by its handle to reorder it among the items beside it, or focus the handle, press Space to pick it up, the arrow keys to move it and Space again to drop it (Escape cancels). To move an item under another one, edit it.',
    handle: 'Reorder “{label}”',
    grabbed: '“{label}” picked up, position {position} of {count}. Use the arrow keys to move it, Space to drop it, Escape to cancel.',
    movedTo: '“{label}”: position {position} of {count}.',
    dropped: '“{label}” dropped at position {position} of {count}. Saving…',
    cancelled: 'Move cancelled: “{label}” is back at position {position} of {count}.',
    saved: 'The new order is saved.',
    failed: 'The new order could not be saved; the menu is shown as it was. Reload the page and try again.',
    notSiblings: 'These items are not the items of one level of one menu; reload the page and try again.',
  },
  km: {
    help: 'អូសធាតុមួយតាមដងរបស់វា ដើម្បីប្តូរលំដាប់ក្នុងចំណោមធាតុនៅកម្រិតជាមួយគ្នា ឬផ្តោតលើដង ចុច Space ដើម្បីលើកវា ចុចគ្រាប់ចុចព្រួញដើម្បីផ្លាស់ទី ហើយចុច Space ម្តងទៀតដើម្បីដាក់វាចុះ (Escape ដើម្បីបោះបង់)។ ដើម្បីដាក់ធាតុមួយនៅក្រោមធាតុមួយទៀត សូមកែសម្រួលវា។',
    handle: 'ប្តូរលំដាប់ «{label}»',
    grabbed: 'បានលើក «{label}» នៅទីតាំងទី {position} ក្នុងចំណោម {count}។ ប្រើគ្រាប់ចុចព្រួញដើម្បីផ្លាស់ទី Space ដើម្បីដាក់ចុះ Escape ដើម្បីបោះបង់។',
    movedTo: '«{label}»៖ ទីតាំងទី {position} ក្នុងចំណោម {count}។',
    dropped: 'បានដាក់ «{label}» នៅទីតាំងទី {position} ក្នុងចំណោម {count}។ កំពុងរក្សាទុក…',
    cancelled: 'បានបោះបង់ការផ្លាស់ទី៖ «{label}» ត្រឡប់ទៅទីតាំងទី {position} ក្នុងចំណោម {count} វិញ។',
    saved: 'លំដាប់ថ្មីត្រូវបានរក្សាទុក។',
    failed: 'មិនអាចរក្សាទុកលំដាប់ថ្មីបានទេ ម៉ឺនុយត្រូវបានបង្ហាញដូចមុនវិញ។ សូមផ្ទុកទំព័រឡើងវិញ ហើយព្យាយាមម្តងទៀត។',
    notSiblings: 'ធាតុទាំងនេះមិនមែនជាធាតុនៃកម្រិតតែមួយរបស់ម៉ឺនុយតែមួយទេ។ សូមផ្ទុកទំព័រឡើងវិញ ហើយព្យាយាមម្តងទៀត។',
  },
});
