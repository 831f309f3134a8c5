// The grades embryologists entered in the review table, as the learning panel reads them to
// offer them as examples. The app owns the batches' database, so it hands this over instead
// of the learning feature opening it.
import type { ConfirmedGradeSource } from '../features/learning';
import type { Repository } from '../lib/storage';

export function confirmedGradeSource({ db }: Repository): ConfirmedGradeSource {
  return {
    async reviewedGrades() {
      const [images, batches, audits] = await Promise.all([
        db.images.filter((i) => Object.keys(i.overrides ?? {}).length > 0).toArray(),
        db.batches.toArray(),
        db.audit.toArray(),
      ]);
      return { images, batches, audits };
    },
  };
}
