/** A request the app will not serve as asked; `status` is the 4xx it gets and `message` is shown to the user. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** 400: the request names something that does not exist or is malformed. */
export const badRequest = (message: string) => new HttpError(400, message);
