import { defineMessages } from '../../i18n/messages.js';

export const galleryMessages = defineMessages({
  en: {
    title: 'Photo Gallery',
    lead: 'Photographs from our trainings, forums, campaigns and field work, album by album.',
    photoCount: (n: string, count: number) => (count === 1 ? `${n} photo` : `${n} photos`),
    photos: 'Photos',
    noPhotos: 'This album has no photos yet.',
    openPhoto: (n: string) => `Photo ${n}, full size`,
    fullSize: 'Each photo opens at full size.',
    backToGallery: 'All albums',
  },
  km: {
    title: 'វិចិត្រសាលរូបភាព',
    lead: 'រូបថតពីវគ្គបណ្តុះបណ្តាល វេទិកា យុទ្ធនាការ និងការងារមូលដ្ឋានរបស់យើង តាមអាល់ប៊ុមនីមួយៗ។',
    photoCount: (n: string) => `រូបថតចំនួន ${n}`,
    photos: 'រូបថត',
    noPhotos: 'អាល់ប៊ុមនេះមិនទាន់មានរូបថតនៅឡើយទេ។',
    openPhoto: (n: string) => `រូបថតទី ${n} ទំហំពេញ`,
    fullSize: 'រូបថតនីមួយៗបើកជាទំហំពេញ។',
    backToGallery: 'អាល់ប៊ុមទាំងអស់',
  },
});
