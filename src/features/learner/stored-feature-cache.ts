// The app's feature cache: each example's trunk features kept in IndexedDB (learning's example
// store), keyed by featureKey(model, image, crop, locator version, feature set). Every example of
// the app has the crop found when its archive was imported (locateArchiveImage); one without a
// crop is neither read nor written here (its features are computed each run). The learning
// worker learns through it, and the bench's Chromium re-learn leg through the same module.
import { featureKey, type ExampleStore } from '../learning/headless';
import { LOCATOR_VERSION } from '../preprocess';
import type { FeatureCache } from './example-features';

export function storedFeatureCache(store: Pick<ExampleStore, 'features' | 'putFeatures'>): FeatureCache {
  return {
    async get(modelHash, examples, featureSet) {
      const ids = examples.map((e) => (e.crop ? featureKey(modelHash, e.key, e.crop, LOCATOR_VERSION, featureSet) : ''));
      // One read for all of them (one transaction), however many the archive holds.
      const found = await store.features(ids.filter(Boolean));
      return new Map(examples.flatMap((e, i) => (found.has(ids[i]!) ? [[e.key, found.get(ids[i]!)!] as const] : [])));
    },
    async put(modelHash, example, features, featureSet) {
      if (example.crop) await store.putFeatures(modelHash, [[featureKey(modelHash, example.key, example.crop, LOCATOR_VERSION, featureSet), features]]);
    },
  };
}
