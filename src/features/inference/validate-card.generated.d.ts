// Types of the generated ajv standalone validator (see scripts/build/generate-card-validator.ts).
export interface CardSchemaError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}
export declare function validate(data: unknown): boolean;
export declare namespace validate {
  let errors: CardSchemaError[] | null;
}
export default validate;
