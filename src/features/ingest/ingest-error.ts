import { CodedError } from '../../lib/coded-error';

/** Why a file cannot enter the batch; `code` is stable, `message` is shown to the user. */
export type IngestErrorCode = 'empty' | 'not-image' | 'unsupported' | 'corrupt' | 'too-large' | 'duplicate';

export class IngestError extends CodedError<IngestErrorCode> {
  override readonly name = 'IngestError';
}
