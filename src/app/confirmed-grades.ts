// The grades embryologists entered in the review table, as the learning panel reads them to
// offer them as examples. The app owns the batches' database, so it hands this over instead
// of the learning feature opening it.
import { liveQuery } from 'dexie';
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
    // Every grade overridden in the review table is an audit entry, and a restore adds the
    // backup's: the audit trail's length moves whenever the reviewed grades may have. (Watching
    // the images table instead would re-read every image at each pipeline write.)
    watch(onChange) {
      const subscription = liveQuery(() => db.audit.count()).subscribe({ next: () => onChange(), error: (e: unknown) => console.error('confirmed grades: audit trail unreadable', e) });
      return () => subscription.unsubscribe();
    },
  };
}
