// Why a model package was refused: one code per failure the loader can name, so the
// UI, the CLI and the tests can tell them apart without parsing messages.

export type ModelPackageErrorCode =
  | 'model-json-missing'
  | 'model-json-invalid'
  | 'not-graph-model'
  | 'card-missing'
  | 'card-invalid'
  | 'shard-missing'
  | 'shard-corrupted'
  | 'shard-unlisted'
  | 'adaptation-source-corrupted'
  | 'head-mismatch'
  | 'class-count-mismatch'
  | 'input-size-mismatch';

export class ModelPackageError extends Error {
  readonly code: ModelPackageErrorCode;

  constructor(code: ModelPackageErrorCode, message: string) {
    super(message);
    this.name = 'ModelPackageError';
    this.code = code;
  }
}
