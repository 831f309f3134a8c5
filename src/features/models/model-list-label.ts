// How a stored model reads in the model list: what it is, and for an adapted model what
// it was adapted from and to, so the user can tell it from its base at a glance.
import type { StoredModelSummary } from './model-store';

export function adaptationSentence(adaptation: NonNullable<StoredModelSummary['adaptation']>): string {
  const { baseModel, images, date } = adaptation;
  return `adapted from ${baseModel.id} ${baseModel.version} to ${images} unlabelled images, ${date.slice(0, 10)}`;
}

export function modelListLabel(model: StoredModelSummary): string {
  const what = `${model.id} ${model.version}`;
  return model.adaptation ? `${what}: ${adaptationSentence(model.adaptation)}` : `${what} (yours)`;
}
