// The lab view: the model that grades (status, its card and settings), adapting it to this lab's
// images, and learning from this lab's labels. It stays mounted while the batch is shown (hidden),
// so an adaptation or a learning job in progress, and what the panels show of it, carry on.
import { useCallback, useMemo } from 'react';
import { AdaptModelDialog } from '../../features/adapt';
import { LearnPanel } from '../../features/learning';
import { ModelPanel } from '../../features/models';
import { confirmedGradeSource } from '../confirmed-grades';
import { heldImages } from '../held-images';
import { LabBackup } from './LabBackup';
import { useServices } from '../services';

export function LabView({ active }: { active: boolean }) {
  const { learner, repo } = useServices();
  const heldImagesOfRepo = useCallback(() => heldImages(repo), [repo]);
  // The review table's confirmed grades, for the learning panel (it never opens the app's database).
  const confirmedGrades = useMemo(() => confirmedGradeSource(repo), [repo]);
  return (
    <main className="view lab-view" hidden={!active} aria-labelledby="lab-heading" data-testid="lab-view">
      <h2 id="lab-heading">The lab: models, adaptation and learning</h2>
      <ModelPanel>
        <AdaptModelDialog heldImages={heldImagesOfRepo} />
      </ModelPanel>
      <LearnPanel trainer={learner} confirmedGrades={confirmedGrades} />
      <LabBackup />
    </main>
  );
}
