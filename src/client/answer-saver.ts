import { OfflineError } from './assessment-api';

export type SaveState = 'saving' | 'saved' | 'unsaved';

/**
 * Saves an attempt's answers one request per question at a time. Two requests
 * for one question in flight together can reach the server in either order, so
 * an earlier, half-made answer could overwrite the last one; here a newer
 * answer waits for the request before it and only the latest is sent.
 */
export class AnswerSaver<Response> {
  /** The latest answer of each question that the server has not confirmed. */
  private readonly pending = new Map<string, Response>();
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly send: (questionId: string, response: Response) => Promise<void>,
    private readonly onState: (questionId: string, state: SaveState) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  save(questionId: string, response: Response): void {
    this.pending.set(questionId, response);
    this.onState(questionId, 'saving');
    if (!this.inFlight.has(questionId)) void this.start(questionId);
  }

  /** Sends again every answer that could not be saved, e.g. when the network is back. */
  retry(): void {
    for (const questionId of this.pending.keys()) if (!this.inFlight.has(questionId)) void this.start(questionId);
  }

  get unsaved(): number {
    return this.pending.size;
  }

  /** Resolves once every answer is saved; rejects with OfflineError when some could not be. */
  async flush(): Promise<void> {
    this.retry();
    await Promise.all(this.inFlight.values());
    if (this.pending.size > 0) throw new OfflineError('offline');
  }

  private start(questionId: string): Promise<void> {
    const response = this.pending.get(questionId) as Response;
    const request = this.send(questionId, response).then(
      () => {
        this.inFlight.delete(questionId);
        // A newer answer came while this one was on its way: send it now.
        if (this.pending.get(questionId) !== response) return this.start(questionId);
        this.pending.delete(questionId);
        this.onState(questionId, 'saved');
      },
      (error: unknown) => {
        this.inFlight.delete(questionId);
        if (error instanceof OfflineError) return this.onState(questionId, 'unsaved');
        // The server refused the answer: sending it again would not help.
        this.pending.delete(questionId);
        this.onError(error);
      },
    );
    this.inFlight.set(questionId, request);
    return request;
  }
}
