import { ModalDialog } from './ModalDialog';

interface Props {
  count: number;
  /** The open batch: "PT-0042 · cycle C7". */
  target: string;
  onAdd(): void;
  onNew(): void;
  onCancel(): void;
}

/** Files dropped onto a batch that already has decisions: one patient's embryos per ranked batch. */
export function DropQuestion({ count, target, onAdd, onNew, onCancel }: Props) {
  const images = `${count} image${count === 1 ? '' : 's'}`;
  return (
    <ModalDialog
      testId="drop-question"
      title={`Add ${images} to ${target}, or start a new batch?`}
      onCancel={onCancel}
      actions={<>
        <button type="button" data-testid="drop-new" autoFocus onClick={onNew}>Start a new batch</button>
        <button type="button" data-testid="drop-add" onClick={onAdd}>Add to {target}</button>
        <button type="button" data-testid="drop-cancel" onClick={onCancel}>Cancel</button>
      </>}
    >
      <p>
        This batch already has decisions or grade changes. Embryos of another patient or cycle must go into a batch
        of their own: added here, they are ranked with this batch&apos;s embryos.
      </p>
    </ModalDialog>
  );
}
