import { defineMessages } from '../../i18n/messages.js';

/** Words of the upload control beside an item's cover and document pickers. */
export const fieldUploadMessages = defineMessages({
  en: {
    uploadImage: 'Or upload a new image',
    uploadDocument: 'Or upload a new document',
    helpImage: 'JPEG, PNG, WebP, GIF or AVIF, up to 20 MB. It is kept in the media library without its metadata and chosen here.',
    helpDocument: 'PDF, Word, Excel, PowerPoint or OpenDocument, up to 50 MB. It is kept in the media library without its hidden document information and chosen here.',
    altFirst: 'Describe the image before choosing the file; publishing needs this text in each language of the item.',
    altIn: (language: string) => `Alternative text (${language})`,
    progress: 'Upload progress',
    uploading: (name: string) => `Uploading ${name}…`,
    done: (name: string) => `${name} is uploaded and chosen. Save the item to keep it.`,
    failed: 'The upload did not go through. Check the connection and try again.',
    forbidden: 'You may not upload files.',
    fallbackBefore: 'Without scripts, upload the file in the ',
    fallbackLink: 'media library',
    fallbackAfter: ' first, then choose it above.',
  },
  km: {
    uploadImage: 'ឬផ្ទុករូបភាពថ្មីឡើង',
    uploadDocument: 'ឬផ្ទុកឯកសារថ្មីឡើង',
    helpImage: 'JPEG, PNG, WebP, GIF ឬ AVIF មិនលើសពី ២០ MB។ វានឹងត្រូវរក្សាទុកក្នុងបណ្ណាល័យមេឌៀដោយគ្មានទិន្នន័យមេតា ហើយត្រូវបានជ្រើសរើសនៅទីនេះ។',
    helpDocument: 'PDF, Word, Excel, PowerPoint ឬ OpenDocument មិនលើសពី ៥០ MB។ វានឹងត្រូវរក្សាទុកក្នុងបណ្ណាល័យមេឌៀដោយគ្មានព័ត៌មានឯកសារលាក់កំបាំង ហើយត្រូវបានជ្រើសរើសនៅទីនេះ។',
    altFirst: 'សូមពិពណ៌នារូបភាព មុនពេលជ្រើសរើសឯកសារ។ ការបោះពុម្ពផ្សាយត្រូវការអត្ថបទនេះជាគ្រប់ភាសារបស់ធាតុ។',
    altIn: (language: string) => `អត្ថបទជំនួស (${language})`,
    progress: 'ដំណើរការផ្ទុកឡើង',
    uploading: (name: string) => `កំពុងផ្ទុក ${name} ឡើង…`,
    done: (name: string) => `${name} ត្រូវបានផ្ទុកឡើង និងជ្រើសរើសរួចហើយ។ សូមរក្សាទុកធាតុនេះ ដើម្បីកុំឱ្យបាត់។`,
    failed: 'ការផ្ទុកឡើងមិនបានសម្រេចទេ។ សូមពិនិត្យការតភ្ជាប់ ហើយព្យាយាមម្តងទៀត។',
    forbidden: 'អ្នកមិនមានសិទ្ធិផ្ទុកឯកសារឡើងទេ។',
    fallbackBefore: 'បើគ្មានស្គ្រីប សូមផ្ទុកឯកសារឡើងក្នុង',
    fallbackLink: 'បណ្ណាល័យមេឌៀ',
    fallbackAfter: 'ជាមុនសិន រួចជ្រើសរើសវាខាងលើ។',
  },
});
