/**
 * The longest make, model and category of a car (the lengths of their columns): what validation
 * takes, what the sync keeps of the source's names, and so what lists answer and filter by.
 */
export const MAX_MAKE_LENGTH = 64;
export const MAX_MODEL_LENGTH = 128;
export const MAX_CATEGORY_LENGTH = 64;
