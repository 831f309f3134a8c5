import { useEffect, useId, useRef, type ReactNode } from 'react';

interface Props {
  testId: string;
  title: string;
  children?: ReactNode;
  /** The buttons; the one marked autoFocus has the focus when the dialog opens. */
  actions: ReactNode;
  /** Escape, like the dialog's own Cancel. */
  onCancel(): void;
}

/** A question the page waits on: modal, keyboard operable (Tab between the buttons, Escape cancels). */
export function ModalDialog({ testId, title, children, actions, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="modal-dialog"
      data-testid={testId}
      aria-labelledby={titleId}
      onCancel={(e) => { e.preventDefault(); onCancel(); }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
      <div className="dialog-actions">{actions}</div>
    </dialog>
  );
}
