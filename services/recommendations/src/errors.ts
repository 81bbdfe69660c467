/** The requested category is not in the catalogue. */
export class CategoryNotFoundError extends Error {
  override readonly name = 'CategoryNotFoundError';
  constructor() {
    super('Category not found');
  }
}

/** A request field holds a value the service cannot honour; the message names the field. */
export class InvalidArgumentError extends Error {
  override readonly name = 'InvalidArgumentError';
}
