/** Why a file cannot enter the batch; `code` is stable, `message` is shown to the user. */
export type IngestErrorCode = 'empty' | 'not-image' | 'unsupported' | 'corrupt' | 'too-large' | 'duplicate';

export class IngestError extends Error {
  readonly code: IngestErrorCode;
  constructor(code: IngestErrorCode, message: string) {
    super(message);
    this.name = 'IngestError';
    this.code = code;
  }
}
