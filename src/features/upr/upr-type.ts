/**
 * A UPR recommendation's one name wherever it is keyed outside its own tables: the search
 * index's type and filter value (in the form of the content types' registry keys).
 */
export const UPR_RECOMMENDATION_TYPE = 'upr-recommendation';
