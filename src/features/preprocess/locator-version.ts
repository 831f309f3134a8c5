// The version of how an embryo is located and cropped (locateEmbryo, squareCrop, cropToInput).
// Anything keyed on a prepared image (the learner's feature caches: the app's IndexedDB, the
// CLI's --cache folder) includes it, so features taken with an earlier localiser are never
// reused. Raise it with any change that can move a crop or change the model input's pixels.
export const LOCATOR_VERSION = 3;
